#!/usr/bin/env bash
# Packs DeepRoad into artifacts/, runs the outside-consumer check (scripts/consumer-check.sh), the notebook
# sample of README.md and every notebook in notebooks/ headless with dotnet-repl (a local tool:
# .config/dotnet-tools.json), and writes executed copies with their outputs to notebooks/executed/.
# Prints one line per check: "NOTEBOOK PASSED <name>" or "NOTEBOOK FAILED <name>" (.ci/run counts them as tests).
# Exit code: 0 when everything passed.
#
# Package versions: the packages keep the version of Directory.Build.props (0.1.0). NuGet never replaces a
# cached id+version in its global packages folder, so after packing this script deletes
# ${NUGET_PACKAGES:-~/.nuget/packages}/deeproad.* and the notebooks restore the fresh packages. The kernel's
# own cache of resolved `#r "nuget:"` directives is cleared of DeepRoad entries for the same reason.
# Notebooks run with notebooks/ as the working directory, so their first cell's `#i "nuget: ../artifacts"`
# and the data paths `../data/...` resolve to the repository's folders.
#
# Usage: bash scripts/notebooks.sh [--no-pack] [name ...]   (names: notebook file names without .ipynb)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
pack=1
if [[ "${1:-}" == "--no-pack" ]]; then pack=0; shift; fi
only=("$@")
failed=0
start_all=$(date +%s)

if (( pack )); then
  t0=$(date +%s)
  rm -rf artifacts
  if ! dotnet pack DeepRoad.sln -c Release -o artifacts -nologo -clp:ErrorsOnly; then
    echo "NOTEBOOK FAILED pack"; exit 1
  fi
  echo "notebooks.sh: packed $(ls artifacts/*.nupkg | wc -l) packages in $(( $(date +%s) - t0 )) s"
fi
python3 scripts/check-packages.py artifacts || failed=1
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/deeproad.*
# The kernel's `#r "nuget:"` also keeps its own resolution cache, keyed by the text of the directives (the
# absolute artifacts path included), in ~/.packagemanagement/nuget/Cache: one <hash>.csx and one
# <hash>.resolvedReferences.paths per set of directives. It reuses an entry while the files it lists exist, so a
# checkout at the same path as an earlier run got that run's list of assemblies (CI: stop 9's notebooks 2-4 loaded
# no DeepRoad.AutoML, which DeepRoad.Interactive has depended on since). Forget every entry that names a DeepRoad
# package.
resolution_cache="$HOME/.packagemanagement/nuget/Cache"
if [[ -d "$resolution_cache" ]]; then
  stale=$(grep -lis 'deeproad\.' "$resolution_cache"/*.resolvedReferences.paths "$resolution_cache"/*.csx | sed -E 's/\.(resolvedReferences\.paths|csx)$//' | sort -u)
  for h in $stale; do rm -f "$h.csx" "$h.resolvedReferences.paths"; done
  [[ -n "$stale" ]] && echo "notebooks.sh: dropped $(wc -l <<< "$stale") cached #r resolutions that named DeepRoad packages"
fi
dotnet tool restore >/dev/null || { echo "NOTEBOOK FAILED tool-restore"; exit 1; }

if (( ${#only[@]} == 0 )); then
  t0=$(date +%s)
  bash scripts/consumer-check.sh --no-pack || failed=1
  echo "notebooks.sh: consumer-check took $(( $(date +%s) - t0 )) s"
fi

# The notebook sample of README.md becomes notebooks/executed/usage-notebook.ipynb's source.
mkdir -p notebooks/executed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$root/README.md" "$work/usage-notebook.ipynb" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"<!-- notebook-sample:begin -->\s*```csharp\n(.*?)```\s*<!-- notebook-sample:end -->", text, re.S)
if not m: sys.exit("README.md: no notebook sample between <!-- notebook-sample:begin/end -->")
src = m.group(1).rstrip("\n").split("\n")
# The #i/#r lines must be a cell of their own before any C# code runs.
directives = [l for l in src if l.startswith("#")]
code = [l for l in src if not l.startswith("#")]
cell = lambda lines: {"cell_type": "code", "execution_count": None, "outputs": [],
    "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}},
    "source": [l + "\n" for l in lines[:-1]] + lines[-1:]}
nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# The notebook sample of README.md (run by scripts/notebooks.sh)"]},
                cell(directives), cell(code)],
      "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
                   "language_info": {"name": "polyglot-notebook"},
                   "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"name": "csharp", "aliases": []}]}}},
      "nbformat": 4, "nbformat_minor": 5}
json.dump(nb, open(sys.argv[2], "w"), indent=1)
PY

show_errors() {  # dotnet-repl prints nothing for a failing cell; the error is in the executed copy, so print it.
  [[ -f "notebooks/executed/$1.ipynb" ]] || { echo "    (no executed copy was written)"; return; }
  python3 - "notebooks/executed/$1.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
for i, c in enumerate(nb["cells"]):
    for o in c.get("outputs", []) if c["cell_type"] == "code" else []:
        if o.get("output_type") == "error":
            print(f"    cell {i}: {o.get('ename')}: {o.get('evalue')}"[:4000])
            for line in o.get("traceback", [])[:15]: print("      " + line[:300])
PY
}

run_notebook() {  # $1 = source notebook path, $2 = name
  local src=$1 name=$2 t0 rc
  t0=$(date +%s)
  # dotnet-repl rejects a relative `#i "nuget: ../artifacts"` ("Invalid URI"), so the run uses a copy with the
  # absolute path; the executed copy gets the relative one back so that it reads the same as its source.
  sed "s|nuget: *\.\./artifacts|nuget: $root/artifacts|" "$src" > "$work/run-$name.ipynb"
  local attempt
  for attempt in 1 2; do
    rm -f "notebooks/executed/$name.ipynb"
    (cd notebooks && timeout 900 dotnet dotnet-repl --run "$work/run-$name.ipynb" --exit-after-run \
        --output-path "executed/$name.ipynb" > "$work/$name.log" 2>&1)
    rc=$?
    (( rc == 0 )) && break
    # A second attempt is logged, never silent: a notebook that fails twice fails the run. The first attempt's
    # cell errors are printed so that a flaky first run still leaves its cause in the CI log.
    if (( attempt == 1 )); then
      echo "notebooks.sh: $name failed (exit $rc) on the first attempt after $(( $(date +%s) - t0 )) s; its errors:"
      show_errors "$name"
      echo "notebooks.sh: retrying $name once"
    fi
  done
  [[ -f "notebooks/executed/$name.ipynb" ]] && python3 - "notebooks/executed/$name.ipynb" "$root/artifacts" <<'PY'
import json, sys
path, artifacts = sys.argv[1], sys.argv[2]
nb = json.loads(open(path).read().replace(artifacts, "../artifacts"))
for c in nb["cells"]:  # drop the package-restore progress frames, keep the final "Installed Packages" list
    c["outputs"] = [o for o in c.get("outputs", []) if "Installing Packages" not in json.dumps(o.get("data", {}))] if c["cell_type"] == "code" else c.get("outputs")
    if c["cell_type"] != "code": c.pop("outputs", None)
open(path, "w").write(json.dumps(nb, indent=1) + "\n")
PY
  # dotnet-repl exits non-zero on a failing cell; also catch error outputs written into the executed copy.
  if (( rc == 0 )) && python3 - "notebooks/executed/$name.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
bad = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
sys.exit(1 if bad else 0)
PY
  then
    echo "notebooks.sh: $name ran in $(( $(date +%s) - t0 )) s"
    echo "NOTEBOOK PASSED $name"
  else
    echo "notebooks.sh: $name failed (exit $rc) after $(( $(date +%s) - t0 )) s; last lines of its log:"
    tail -40 "$work/$name.log" | sed 's/^/    /'
    show_errors "$name"
    echo "NOTEBOOK FAILED $name"
    failed=1
  fi
}

want() { (( ${#only[@]} == 0 )) && return 0; local n; for n in "${only[@]}"; do [[ "$n" == "$1" ]] && return 0; done; return 1; }
want usage-notebook && run_notebook "$work/usage-notebook.ipynb" usage-notebook
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  want "$name" && run_notebook "$nb" "$name"
done
echo "notebooks.sh: total $(( $(date +%s) - start_all )) s"
exit $failed
