#!/usr/bin/env bash
# The test command (README): builds the solution and runs every test assembly.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet build DeepRoad.sln -c Release -nologo -clp:ErrorsOnly || exit 1
dotnet test DeepRoad.sln -c Release --no-build -nologo
