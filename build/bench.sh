#!/usr/bin/env bash
# The benchmarks (README "Benchmarks"). NOT part of CI (.ci/run): they need a quiet machine and ~20 minutes.
#   bash build/bench.sh            build Release, then run every benchmark
#   bash build/bench.sh P2 P7      only these (ids: P2 P3 P4 P4-restart P5 P6 P7 LOAD)
# Each benchmark prints one line "PASS|FAIL <id> <figure> (bound <bound>)" and indented details on stdout;
# progress goes to stderr. Exits non-zero when any benchmark failed (or the build failed, or time ran out).
# BENCH_KEEP_DATA=1 keeps the apps' SQLite files (the app logs are always kept; the folder is printed).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - started )) s"; }

echo "== build (Release)" >&2
if ! dotnet build Marketplace.sln -c Release -nologo -clp:ErrorsOnly >&2; then
  echo "bench.sh: the build failed ($(elapsed))" >&2
  exit 1
fi

# Everything together stays within 30 minutes: the benchmarks get what the build left of them.
budget=$(( 30 * 60 - ( $(date +%s) - started ) - 30 ))
echo "== benchmarks (at most ${budget} s)" >&2
timeout --kill-after=30s "${budget}s" dotnet build/bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll "$@"
status=$?
if [ "$status" -eq 124 ]; then
  echo "bench.sh: stopped after 30 minutes in all; the benchmarks not reported above did not finish" >&2
fi
echo "bench.sh: $(elapsed) in all, exit code $status" >&2
exit "$status"
