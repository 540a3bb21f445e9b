#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to PublicAPI.Unshipped.txt,
# and drops lines for symbols that no longer exist (RS0017). Review the diff before committing:
# the public API file is the record of what users can call.
set -euo pipefail
cd "$(dirname "$0")/.."
project=src/PortClassification/PortClassification.csproj
unshipped=src/PortClassification/PublicAPI.Unshipped.txt
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build "$project" -f net10.0 --no-incremental -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" "$log" | sort -u >>"$unshipped" || true
grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API, but)" "$log" | sort -u | while IFS= read -r gone; do
    grep -vxF -- "$gone" "$unshipped" >"$unshipped.tmp" || true
    mv "$unshipped.tmp" "$unshipped"
done || true
# Keep the header first and the rest sorted, so parallel branches merge cleanly.
{ echo '#nullable enable'; grep -vx '#nullable enable' "$unshipped" | sort -u; } >"$unshipped.tmp"
mv "$unshipped.tmp" "$unshipped"
echo "$(($(wc -l <"$unshipped") - 1)) symbols in $unshipped"
