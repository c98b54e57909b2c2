#!/usr/bin/env bash
# The test command of the README: everything a fresh machine needs, then every test.
#   1. restore the local tools (dotnet-ef) and build the solution in Release with warnings as errors;
#      the build regenerates the OpenAPI document under src/Api/openapi
#   2. fail when the committed OpenAPI document is not what the code produces
#   3. run every test project (SQL Server ones skip, saying why, where no Docker engine answers)
#   4. run build/smoke.sh: the README quick start against the app started from its build output
# Ends with one line "N passed, N failed, N skipped" and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log_dir="$(mktemp -d "${TMPDIR:-/tmp}/marketplace-test.XXXXXX")"
failed_steps=0

step() { printf '\n== %s\n' "$*"; }

step "restore and build (Release)"
dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; exit 1; }
if ! dotnet build Marketplace.sln -c Release -nologo -clp:ErrorsOnly > "$log_dir/build.log" 2>&1; then
  cat "$log_dir/build.log"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

step "OpenAPI document is current"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if ! git diff --exit-code -- src/Api/openapi || [ -n "$(git status --porcelain -- src/Api/openapi)" ]; then
    echo "src/Api/openapi differs from what the code generates: build src/Api and commit the document."
    failed_steps=$((failed_steps + 1))
  else
    echo "ok"
  fi
fi

step "tests"
dotnet test --solution Marketplace.sln -c Release --no-build 2>&1 | tee "$log_dir/test.log" | grep -E '^(failed|skipped) |passed \(|failed with|Test run summary|^\s+(total|failed|succeeded|skipped):' | grep -vE '^skipped ' || true
test_exit=${PIPESTATUS[0]}
summary() { grep -E "^\s+$1: [0-9]+" "$log_dir/test.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(summary succeeded)
failed=$(summary failed)
skipped=$(summary skipped)
if [ "$failed" -gt 0 ]; then
  echo "-- failures --"
  grep -A 15 -E '^failed ' "$log_dir/test.log" | grep -vE '^\s+at ' | head -n 200
fi
if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $test_exit"
  failed=$((failed + 1))
fi

step "smoke: the README quick start against the build output"
if bash build/smoke.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

failed=$((failed + failed_steps))
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
