#!/usr/bin/env bash
# Rewrites Runtime/PublicAPI.Unshipped.txt to the runtime's public API as it is now, for review with `git diff`.
# The build compares the two (Microsoft.CodeAnalysis.PublicApiAnalyzers: RS0016 for a public symbol the file lacks,
# RS0017 for a listed symbol that is gone), so run this after a deliberate change to the public surface.
# Nothing has shipped yet, so PublicAPI.Shipped.txt stays empty and every entry lives in the Unshipped file.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${CI:-}" = "true" ]; then
  echo "update-public-api.sh: refusing to rewrite the approved API under CI=true" >&2
  exit 1
fi

approved=Runtime/PublicAPI.Unshipped.txt
log=$(mktemp)
previous=$(mktemp)
trap 'rm -f "$log" "$previous"' EXIT
cp "$approved" "$previous"

# With an empty list every public symbol is reported as RS0016, whose message quotes it as the file spells it.
printf '#nullable enable\n' > "$approved"
if ! dotnet build Runtime -c Release --no-incremental -p:TreatWarningsAsErrors=false > "$log"; then
  cp "$previous" "$approved"
  cat "$log" >&2
  echo "update-public-api.sh: the runtime does not build; $approved is left as it was" >&2
  exit 1
fi

{
  printf '#nullable enable\n'
  grep -o "RS0016: Symbol '[^']*'" "$log" | sed "s/^RS0016: Symbol '//; s/'\$//" | LC_ALL=C sort -u
} > "$approved"
echo "$approved: $(($(wc -l < "$approved") - 1)) public symbols"
