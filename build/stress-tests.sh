#!/usr/bin/env bash
# Runs the whole test suite N times back to back on a loaded machine, from a fresh clone, and prints
# "K/N runs passed" plus the name and message of every failed test.
#
#   build/stress-tests.sh [N]        (default N=3)
#
# The clone is of the current HEAD of the checkout this script is run from (commit it first), made
# inside a fresh mode-0700 directory, as a newcomer's home directory would be: tests that run a child
# as another user must still pass. The solution is built once; then, while the suite runs, one nice'd
# CPU burner per core keeps the machine busy. Everything started here (burners, build loop, clone) is
# removed on exit, however the script ends.
#
# Environment:
#   STRESS_NICE=10        niceness of the CPU burners (0 competes with the tests as an equal)
#   STRESS_BURNERS=nproc  how many burners (0 for none)
#   STRESS_BUILD_LOOP=0   1: also rebuild a second copy of the solution in a loop (nice'd) while testing
#   STRESS_KEEP=0         1: keep the work directory (logs, TRX files) and print its path
set -euo pipefail

runs=${1:-3}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]  (N >= 1)" >&2; exit 2; }
source_repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$source_repo" rev-parse HEAD)
nice_level=${STRESS_NICE:-10}
burner_count=${STRESS_BURNERS:-$(nproc)}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No build servers outlive this script (they would hold files of the clone it removes).
export DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
build_flags=(-c Release -nodeReuse:false -p:UseSharedCompilation=false)

work=$(mktemp -d "${TMPDIR:-/tmp}/portclassification-stress.XXXXXX")
chmod 0700 "$work"
load_pids=()

cleanup() {
    local rc=$?
    for pid in "${load_pids[@]}"; do
        # Each load process leads its own process group (setsid): end the group, then reap the leader.
        kill -TERM -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "${STRESS_KEEP:-0}" = 1 ]; then
        echo "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "clone of $commit in $work (mode $(stat -c %a "$work"))"
git clone -q --no-checkout "$source_repo" "$work/repo"
git -C "$work/repo" -c advice.detachedHead=false checkout -q "$commit" 2>/dev/null || {
    git -C "$work/repo" fetch -q origin "$commit"
    git -C "$work/repo" -c advice.detachedHead=false checkout -q "$commit"
}
cd "$work/repo"

echo "build ($(date -u +%H:%M:%S))"
dotnet build PortClassification.sln "${build_flags[@]}" >"$work/build.log" 2>&1 || {
    tail -n 30 "$work/build.log"
    echo "0/$runs runs passed (the build failed)"
    exit 1
}

for ((i = 0; i < burner_count; i++)); do
    setsid nice -n "$nice_level" sh -c 'while :; do :; done' &
    load_pids+=("$!")
done
if [ "${STRESS_BUILD_LOOP:-0}" = 1 ]; then
    git clone -q "$work/repo" "$work/load"
    setsid nice -n "$nice_level" bash -c '
        while :; do
            dotnet build "$1/PortClassification.sln" --no-incremental -c Release -nodeReuse:false -p:UseSharedCompilation=false >/dev/null 2>&1
        done' load-build "$work/load" &
    load_pids+=("$!")
fi
echo "load: $burner_count CPU burner(s) at nice $nice_level$([ "${STRESS_BUILD_LOOP:-0}" = 1 ] && echo ", a looping solution build") on $(nproc) core(s)"

# Prints "test name [outcome]: message (lines joined, cut at 400 characters)" for every failed, errored, timed-out or aborted result in TRX files.
failures_in() {
    python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"{path}: unreadable TRX ({e})")
        continue
    for result in root.iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") in ("Passed", "NotExecuted", "Inconclusive"):
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
        text = " | ".join(line.strip() for line in message.splitlines() if line.strip()) or "(no message)"
        print(f"{result.get('testName')} [{result.get('outcome')}]: {text[:400]}")
PY
}

passed=0
report=()
for ((run = 1; run <= runs; run++)); do
    results="$work/results/run-$run"
    rc=0
    start=$(date +%s)
    dotnet test PortClassification.sln -c Release --no-build --logger trx --results-directory "$results" \
        >"$work/test-$run.log" 2>&1 || rc=$?
    seconds=$(($(date +%s) - start))
    mapfile -t failed < <(failures_in "$results"/*.trx 2>/dev/null || true)
    trx_count=$(find "$results" -name '*.trx' 2>/dev/null | wc -l)
    if [ "$rc" -eq 0 ] && [ "${#failed[@]}" -eq 0 ] && [ "$trx_count" -gt 0 ]; then
        passed=$((passed + 1))
        echo "run $run: passed (${seconds} s)"
    else
        echo "run $run: FAILED (exit code $rc, ${seconds} s, ${#failed[@]} failed test(s))"
        [ "${#failed[@]}" -gt 0 ] || failed=("(no failed test in the TRX files; last lines of the log follow)" "$(tail -n 15 "$work/test-$run.log")")
        for line in "${failed[@]}"; do
            report+=("run $run: $line")
        done
    fi
done

echo "$passed/$runs runs passed"
for line in "${report[@]}"; do
    echo "  $line"
done
[ "$passed" -eq "$runs" ]
