#!/usr/bin/env bash
# Builds the PortClassification library of an older commit into benchmarks/baseline/bin/, so that
# RegistryVersusBaseline* benchmarks can compare this tree's registry with it in one BenchmarkDotNet run.
#
#   benchmarks/baseline/build-baseline.sh [commit]
#
# The default commit, 4ee2e24, is main just before the known-uses atlas (issue 12) was merged: its
# registry still carried the ten hard-coded unofficial entries (UnofficialServices.cs).
set -euo pipefail

commit="${1:-4ee2e2404ceb8fad8fd23cbbae8718e47e1bf4cf}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel)"
out="$here/bin"
tree="$(mktemp -d)/baseline"

cleanup() { git -C "$repo" worktree remove --force "$tree" >/dev/null 2>&1 || true; rm -rf "$(dirname "$tree")"; }
trap cleanup EXIT

git -C "$repo" worktree add --detach "$tree" "$commit" >/dev/null
dotnet build "$tree/src/PortClassification/PortClassification.csproj" -c Release -f net10.0 -nologo -v quiet
rm -rf "$out"
mkdir -p "$out"
cp "$tree/src/PortClassification/bin/Release/net10.0/PortClassification.dll" "$out/"
git -C "$repo" rev-parse "$commit" > "$out/COMMIT"
echo "baseline library of $(cat "$out/COMMIT") in $out"
