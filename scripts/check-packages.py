#!/usr/bin/env python3
"""Checks the packages in artifacts/: every library and the CLI tool is there, each nuspec carries id, version,
description, licence expression, repository URL, README and tags, libraries ship their XML docs, the CLI is a
.NET tool, and only DeepRoad.Deep (and the packages built on it) bring libtorch.
Prints "NOTEBOOK PASSED package-metadata" or "NOTEBOOK FAILED package-metadata" (counted as a test by .ci/run)."""
import re, sys, zipfile, pathlib

art = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts")
version = re.search(r"<Version>(.*?)</Version>", pathlib.Path("Directory.Build.props").read_text()).group(1)
libraries = ["Tuning", "Pipelines", "Ensembles", "Deep", "AutoML", "Interactive"]
direct_libtorch = {"Deep"}            # declares libtorch-cpu-linux-x64 itself
via_deep = {"AutoML"}                 # depends on DeepRoad.Deep
errors = []
for name in libraries + ["Cli"]:
    path = art / f"DeepRoad.{name}.{version}.nupkg"
    if not path.exists():
        errors.append(f"{path} missing"); continue
    with zipfile.ZipFile(path) as z:
        files = z.namelist()
        nuspec = z.read(next(f for f in files if f.endswith(".nuspec"))).decode()
    def need(pattern, what):
        if not re.search(pattern, nuspec): errors.append(f"{path.name}: no {what}")
    need(rf"<id>DeepRoad\.{name}</id>", "id"); need(rf"<version>{re.escape(version)}</version>", "version")
    need(r"<description>.{20,}</description>", "description"); need(r'<license type="expression">MIT</license>', "licence expression")
    need(r'<repository type="git" url="https://', "repository URL"); need(r"<readme>README.md</readme>", "readme")
    need(r"<tags>.+</tags>", "tags")
    if "README.md" not in files: errors.append(f"{path.name}: README.md not packed")
    elif re.search(rb"^(<<<<<<<|>>>>>>>) ", zipfile.ZipFile(path).read("README.md"), re.M): errors.append(f"{path.name}: README.md has merge conflict markers")
    if path.stat().st_size > 5_000_000 and name != "Cli": errors.append(f"{path.name}: {path.stat().st_size // 1_000_000} MB, expected a small library package")
    deps = re.findall(r'<dependency id="([^"]+)"', nuspec)
    if name == "Cli":
        need(r'<packageType name="DotnetTool"', "DotnetTool package type")
        if not any(f.startswith("tools/") and f.endswith("/deeproad.dll") for f in files): errors.append(f"{path.name}: no tools/.../deeproad.dll")
        continue
    if f"lib/net10.0/DeepRoad.{name}.xml" not in files: errors.append(f"{path.name}: no XML documentation")
    if (name in direct_libtorch) != ("libtorch-cpu-linux-x64" in deps): errors.append(f"{path.name}: libtorch dependency wrong ({deps})")
    if (name in via_deep) != ("DeepRoad.Deep" in deps): errors.append(f"{path.name}: DeepRoad.Deep dependency wrong ({deps})")
    if "TorchSharp" in deps and name not in direct_libtorch: errors.append(f"{path.name}: unexpected TorchSharp dependency")
    print(f"  DeepRoad.{name} {version}: {len(deps)} dependencies: {', '.join(deps)}")
for e in errors: print("package-metadata:", e)
print(f"NOTEBOOK {'FAILED' if errors else 'PASSED'} package-metadata")
sys.exit(1 if errors else 0)
