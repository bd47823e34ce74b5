#!/usr/bin/env bash
# Outside-consumer check: creates a throw-away console project in a temp directory OUTSIDE the repository,
# with a nuget.config whose sources are artifacts/ (the packages built here) and nuget.org, references the
# DeepRoad packages by version, and runs the "Use it from your app" program of README.md (a short AutoML) on data/iris.
# Prints "NOTEBOOK PASSED consumer-check" or "NOTEBOOK FAILED consumer-check" (counted as a test by .ci/run).
# Usage: bash scripts/consumer-check.sh [--no-pack]   (--no-pack: artifacts/ is already fresh, as in notebooks.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
name=consumer-check
fail() { echo "consumer-check: $*" >&2; echo "NOTEBOOK FAILED $name"; exit 1; }
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
if [[ "${1:-}" != "--no-pack" ]]; then
  dotnet pack DeepRoad.sln -c Release -o artifacts -nologo -clp:ErrorsOnly || fail "dotnet pack failed"
  # NuGet never replaces a cached id+version: drop DeepRoad's so the fresh packages are used.
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/deeproad.*
fi
for p in Pipelines Tuning Ensembles Deep AutoML; do
  [[ -f artifacts/DeepRoad.$p.$version.nupkg ]] || fail "artifacts/DeepRoad.$p.$version.nupkg is missing (run dotnet pack -c Release -o artifacts)"
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/deeproad-consumer.XXXXXX")
trap 'rm -rf "$dir"' EXIT
case "$dir" in "$root"/*) fail "temp dir $dir is inside the repository";; esac
cat > "$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="deeproad-artifacts" value="$root/artifacts" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
XML
cat > "$dir/ConsumerApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <!-- NU1603: this registry serves SkiaSharp 2.88.9 for ImageAnalytics' 2.88.8 (see shared/docs/packages.md). -->
    <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="DeepRoad.AutoML" Version="$version" />
  </ItemGroup>
</Project>
XML
# The program is the app sample of README.md, so the documentation cannot rot.
awk '/<!-- app-sample:begin -->/{on=1; next} /<!-- app-sample:end -->/{on=0} on && !/^```/' README.md > "$dir/Program.cs"
[[ -s "$dir/Program.cs" ]] || fail "no app sample between <!-- app-sample:begin/end --> in README.md"

start=$(date +%s)
(cd "$dir" && dotnet build -c Release -nologo -clp:ErrorsOnly -v q) || fail "the consumer project did not build"
(cd "$dir" && dotnet run -c Release --no-build -- "$root/data/iris") || fail "the consumer program failed"
grep -q "<PackageReference Include=\"DeepRoad" "$dir/ConsumerApp.csproj" || fail "no package reference"
echo "consumer-check: built and ran in $(( $(date +%s) - start )) s in $dir against $root/artifacts (version $version)"
echo "NOTEBOOK PASSED $name"
