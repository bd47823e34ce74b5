#!/usr/bin/python3
"""A large generated multiclass table (covsyn): 300 000 rows, 30 normal features, three categorical columns of 4, 40
and 200 levels, and a 7-class label drawn from a softmax over a linear score, a sine, a product of two features and
one categorical; 240 000 rows to train, 60 000 to test. Seeded (numpy default_rng(7)).

Writes OUT/covsyn/{train,test}.csv and OUT/datasets.json, so that
`DeepRoad.Benchmarks automl --data OUT` runs it. Usage: large_multiclass_table.py OUT_DIR
"""
import json, os, sys
import numpy as np, pandas as pd

out = sys.argv[1]
rng = np.random.default_rng(7)
n = 300_000
X = rng.normal(size=(n, 30))
cat1 = rng.integers(0, 40, n); cat2 = rng.integers(0, 4, n); cat3 = rng.integers(0, 200, n)
W = rng.normal(size=(30, 7))
logits = X @ W * 0.6 + np.sin(X[:, 0] * 2)[:, None] * rng.normal(size=7) + (cat1 % 7 == np.arange(7)[:, None]).T * 1.5 \
    + rng.normal(size=(n, 7)) * 0.5
logits += np.outer(X[:, 1] * X[:, 2], rng.normal(size=7)) * 0.5
p = np.exp(logits - logits.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
y = (p.cumsum(1) > rng.random(n)[:, None]).argmax(1)
df = pd.DataFrame(X, columns=[f"f{i}" for i in range(30)])
df["soil"] = ["s%d" % c for c in cat1]; df["area"] = ["a%d" % c for c in cat2]; df["zone"] = ["z%d" % c for c in cat3]
df["cover"] = ["type_%d" % v for v in y]
os.makedirs(os.path.join(out, "covsyn"), exist_ok=True)
df.iloc[:240_000].to_csv(os.path.join(out, "covsyn", "train.csv"), index=False)
df.iloc[240_000:].to_csv(os.path.join(out, "covsyn", "test.csv"), index=False)
json.dump({"datasets": [{"name": "covsyn", "task": "multiclass", "label": "cover", "metric": "accuracy",
                         "train": "covsyn/train.csv", "test": "covsyn/test.csv"}]},
          open(os.path.join(out, "datasets.json"), "w"), indent=1)
print(df.cover.value_counts().sort_index().to_string())
