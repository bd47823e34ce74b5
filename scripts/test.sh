#!/usr/bin/env bash
# The test command (README): builds the solution, runs every test assembly, then packs DeepRoad and runs the
# outside-consumer check and every notebook (scripts/notebooks.sh prints one "NOTEBOOK PASSED|FAILED <name>"
# line each, which .ci/run counts as tests). Exit code: dotnet test's, or the notebooks' if that one was 0.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet build DeepRoad.sln -c Release -nologo -clp:ErrorsOnly || exit 1
dotnet test DeepRoad.sln -c Release --no-build -nologo
rc=$?
bash scripts/notebooks.sh
nb=$?
(( rc != 0 )) && exit $rc
exit $nb
