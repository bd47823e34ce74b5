#!/usr/bin/env python3
"""Summarise `DeepRoad.Benchmarks automl finals` RESULT lines: for each final-model rule, the mean test difference to
the rule named `--base` (percentage points for AUC/accuracy, percent of RMSE for regression; positive = better), the
runs it won and lost against it, and its mean test score per set. Then the nested rule: the selection's nested
cross-validated score against the stacks' cross-validated scores, as AutoML decides; where the runs carry boot_* values,
the same decision with a paired-bootstrap threshold on top.

usage: python3 benchmarks/automl_finals.py [--base current] FILE...
"""
import collections, json, sys

args = sys.argv[1:]
base = "current"
if args[:1] == ["--base"]:
    base, args = args[1], args[2:]
rows = [json.loads(l[7:]) for f in args for l in open(f) if l.startswith("RESULT ")]
if not rows:
    sys.exit("no RESULT lines")
regression = {"diabetes", "sacramento", "taxi_fare"}


def delta(name, v, b):
    return 100 * (b - v) / b if name in regression else 100 * (v - b)


def better(name, a, b):
    return a < b if name in regression else a > b


strategies = []
for r in rows:
    for k, v in r["results"].items():
        if isinstance(v, list) and k not in strategies:
            strategies.append(k)
sets = sorted({r["name"] for r in rows})
print(f"{len(rows)} runs: " + ", ".join(f"{n} x{c}" for n, c in sorted(collections.Counter(r['name'] for r in rows).items())))
print()
print("| rule | mean diff vs " + base + " | wins / losses | " + " | ".join(sets) + " |")
print("|---|---|---|" + "---|" * len(sets))
for s in strategies:
    d, per = [], collections.defaultdict(list)
    for r in rows:
        res = r["results"]
        if s in res and base in res:
            d.append(delta(r["name"], res[s][1], res[base][1]))
            per[r["name"]].append(res[s][1])
    if not d:
        continue
    cells = [f"{sum(per[n]) / len(per[n]):.4f}" if per[n] else "" for n in sets]
    print(f"| {s} | {sum(d) / len(d):+.3f} | {sum(x > 1e-9 for x in d)} / {sum(x < -1e-9 for x in d)} | " + " | ".join(cells) + " |")

def choose(name, res, stacks, threshold=None):
    """The better of the stacks on cross-validated score if it beats the selection's nested score (and, with a
    threshold, wins on at least that share of the bootstrap resamples); else the selection, 'divlib'."""
    pick = None
    for s in stacks:
        if s in res and (pick is None or better(name, res[s][0], res[pick][0])):
            pick = s
    if pick is None or not better(name, res[pick][0], res["nested_divlib"]):
        return "divlib"
    return pick if threshold is None or res.get("boot_" + pick, 0) >= threshold else "divlib"


nested = [r for r in rows if "nested_divlib" in r["results"]]
if nested:
    print()
    print("Selection (divlib) or the better stack, decided on the selection's nested cross-validated score:")
    for rule in (["stack5"], ["stack_trainers"], ["stack5", "stack_trainers"]):
        ds = []
        for r in nested:
            res, n = r["results"], r["name"]
            pick = choose(n, res, rule)
            ds.append((n, pick, delta(n, res[pick][1], res["divlib"][1])))
        moved = [f"{n} {p} {x:+.2f}" for n, p, x in ds if p != "divlib"]
        print(f"- {' + '.join(rule)}: mean {sum(x for _, _, x in ds) / len(ds):+.3f}, "
              f"{sum(x > 1e-9 for *_, x in ds)} won / {sum(x < -1e-9 for *_, x in ds)} lost; stack chosen: {'; '.join(moved)}")

booted = [r for r in nested if any(k.startswith("boot_") for k in r["results"])]
if booted:
    print()
    print("The same decision, but the stack must also win on at least a share p of 200 paired bootstrap resamples of the")
    print("rows (boot_*: PairedBootstrap.WinRate of the stack's out-of-fold predictions against the selection's nested ones):")
    for thr in (0.0, 0.7, 0.8, 0.9, 0.95):
        ds, moved = [], []
        for r in booted:
            res, n = r["results"], r["name"]
            pick = choose(n, res, ("stack5", "stack_trainers"), thr)
            x = delta(n, res[pick][1], res["divlib"][1])
            ds.append(x)
            if pick != "divlib":
                moved.append(f"{n} {x:+.2f} (p={res['boot_' + pick]:.2f})")
        print(f"- p >= {thr}: mean {sum(ds) / len(ds):+.3f}, {sum(x > 1e-9 for x in ds)} won / {sum(x < -1e-9 for x in ds)} lost; stack chosen: {'; '.join(moved)}")
