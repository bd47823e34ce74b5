"""Tiny helper: builds a polyglot-notebook (.ipynb, C#) from a list of ("md"|"cs", text) cells.
Usage: python3 notebooks/src/<name>.py  (writes notebooks/<name>.ipynb)."""
import json, os, sys

HEADER = '''#i "nuget: ../artifacts"
{refs}
#r "nuget: DeepRoad.Interactive, 0.1.0"'''

def write(name, cells):
    out = []
    for kind, text in cells:
        text = text.strip("\n")
        lines = [l + "\n" for l in text.split("\n")]
        lines[-1] = lines[-1].rstrip("\n")
        if kind == "md":
            out.append({"cell_type": "markdown", "metadata": {}, "source": lines})
        else:
            out.append({"cell_type": "code", "execution_count": None,
                        "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}},
                        "outputs": [], "source": lines})
    nb = {"cells": out,
          "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
                       "language_info": {"name": "polyglot-notebook"},
                       "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"name": "csharp", "aliases": []}]}}},
          "nbformat": 4, "nbformat_minor": 5}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", name + ".ipynb")
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))

def refs(*packages):
    return HEADER.format(refs="\n".join(f'#r "nuget: DeepRoad.{p}, 0.1.0"' for p in packages))
