#!/usr/bin/env bash
# The test command (README): sets up what the tests need, builds the solution, runs every test assembly, then
# packs DeepRoad and runs the outside-consumer check and every notebook (scripts/notebooks.sh prints one
# "NOTEBOOK PASSED|FAILED <name>" line each, which .ci/run counts as tests).
# Exit code: dotnet test's, or the notebooks' if that one was 0.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The report test renders HTML in headless Chromium (Debian's package); install it when missing.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "warning: could not install chromium; the report rendering test will fail" >&2
fi
dotnet build DeepRoad.sln -c Release -nologo -clp:ErrorsOnly || exit 1
# A hung test fails the run (with a dump) instead of eating CI's budget.
dotnet test DeepRoad.sln -c Release --no-build -nologo --blame-hang-timeout 10m
rc=$?
bash scripts/notebooks.sh
nb=$?
(( rc != 0 )) && exit $rc
exit $nb
