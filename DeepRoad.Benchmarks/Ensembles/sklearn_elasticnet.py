"""scikit-learn peer for `DeepRoad.Benchmarks elasticnet`: ElasticNetCV on the same splits.

Usage: /usr/bin/python3 sklearn_elasticnet.py DATA_DIR NAME [--l1 1,0.5] [--repeats R]
Prints one JSON object per line: {"method", "value", "fit_s", "alpha", "nonzero"} (fit_s: the median of R fits, one thread).
Features: numeric columns mean-imputed, categorical ones one-hot, then StandardScaler (as the elastic net standardises
inside its fit); ElasticNetCV with 100 penalties (eps 1e-3) and 5 shuffled folds, as DeepRoad's defaults.
"""
import json, time, argparse
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.impute import SimpleImputer
from sklearn.linear_model import ElasticNetCV
from sklearn.model_selection import KFold

p = argparse.ArgumentParser()
p.add_argument("data"); p.add_argument("name")
p.add_argument("--l1", default="1,0.5"); p.add_argument("--repeats", type=int, default=3)
a = p.parse_args()

meta = {d["name"]: d for d in json.load(open(f"{a.data}/datasets.json"))["datasets"]}[a.name]
read = lambda f: pd.read_csv(f"{a.data}/{f}", sep=None, engine="python", keep_default_na=False, na_values=["", "?", "NA"])
train, test = read(meta["train"]), read(meta["test"])
label, cat, num = meta["label"], meta["categorical"], meta["numeric"]
for c in cat:
    train[c] = train[c].astype(str); test[c] = test[c].astype(str)
ytr, yte = train.pop(label).astype(float), test.pop(label).astype(float)
parts = [("num", SimpleImputer(strategy="mean"), num)]
if cat:
    parts.append(("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore", sparse_output=False)), cat))
prep = make_pipeline(ColumnTransformer(parts), StandardScaler()).fit(train)
Xtr, Xte = prep.transform(train), prep.transform(test)

for l1 in [float(x) for x in a.l1.split(",")]:
    times, model = [], None
    for r in range(a.repeats):
        t = time.perf_counter()
        model = ElasticNetCV(l1_ratio=l1, n_alphas=100, eps=1e-3, cv=KFold(5, shuffle=True, random_state=r), n_jobs=1, max_iter=10000).fit(Xtr, ytr)
        times.append(time.perf_counter() - t)
        if r == 0:
            first = model
    rmse = float(np.sqrt(np.mean((first.predict(Xte) - yte) ** 2)))
    print(json.dumps({"method": f"l1 {l1:g}", "value": rmse, "fit_s": float(np.median(times)), "alpha": float(first.alpha_), "nonzero": int((first.coef_ != 0).sum())}), flush=True)
