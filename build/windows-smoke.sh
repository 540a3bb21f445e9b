#!/usr/bin/env bash
# Windows smoke test under Wine: publishes tests/PortClassification.WindowsSmoke for win-x64 (self-contained),
# runs it headless under Wine in a throwaway prefix, and exits with the app's result (0 = every check passed).
# Installs Wine from Debian (the wine64 package) when it is missing; needs root for that.
#   build/windows-smoke.sh            publish + run
#   WINDOWS_SMOKE_TIMEOUT=300 ...     seconds allowed for the Wine run (default 240; the first run boots the prefix)
set -euo pipefail
cd "$(dirname "$0")/.."
timeout_s="${WINDOWS_SMOKE_TIMEOUT:-240}"
started=$SECONDS

if ! command -v wine >/dev/null 2>&1; then
    echo "windows-smoke: installing wine64 from Debian"
    export DEBIAN_FRONTEND=noninteractive
    timeout 300 apt-get update -qq
    timeout 600 apt-get install -y -qq --no-install-recommends wine64 wine >/dev/null
fi
echo "windows-smoke: $(wine --version) ready after $((SECONDS - started)) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/windows-smoke.XXXXXX")
cleanup() {
    # Stop the prefix's wineserver (only this prefix's) before deleting it.
    WINEPREFIX="$work/prefix" timeout 30 wineserver -k >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

publish_started=$SECONDS
timeout 600 dotnet publish tests/PortClassification.WindowsSmoke -c Release -r win-x64 --self-contained \
    -o "$work/app" -nologo -v quiet -p:TreatWarningsAsErrors=true
echo "windows-smoke: published win-x64 in $((SECONDS - publish_started)) s"

# mshtml= skips the Gecko install prompt. Do not disable mscoree: Wine's loader needs it to load
# IL-only assemblies (System.Runtime.dll fails with "Module not found" without it).
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mshtml=" DISPLAY=
# Create the prefix first and wait for its setup to finish: an app started while wineboot is still
# updating the prefix can fail to load its own assemblies.
boot_started=$SECONDS
timeout --kill-after=15 120 wineboot --init >/dev/null 2>&1
timeout 60 wineserver --wait
echo "windows-smoke: Wine prefix ready in $((SECONDS - boot_started)) s"

run_started=$SECONDS
set +e
timeout --kill-after=15 "$timeout_s" wine "$work/app/PortClassification.WindowsSmoke.exe" 2>&1 | tee "$work/output.txt"
status=${PIPESTATUS[0]}
set -e
echo "windows-smoke: Wine run took $((SECONDS - run_started)) s, exit code $status; total $((SECONDS - started)) s"
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "windows-smoke: FAIL: timed out after $timeout_s s"
    exit 1
fi
# Wine can exit 0 after an unhandled exception in the app: trust only the app's own closing line.
if [ "$status" -eq 0 ] && ! grep -qE '^windows-smoke: [0-9]+ passed, 0 failed' "$work/output.txt"; then
    echo "windows-smoke: FAIL: the app did not report its checks (crashed under Wine?)"
    exit 1
fi
exit "$status"
