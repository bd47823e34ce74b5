"""scikit-learn peer for `DeepRoad.Benchmarks forests`: ExtraTrees and RandomForest on the same splits.

Usage: /usr/bin/python3 sklearn_forests.py DATA_DIR NAME [--trees N] [--repeats R]
Prints one JSON object per line: {"method", "value", "fit_s"} (fit_s: the median of R fits, n_jobs=1).
Features: numeric columns median-imputed, categorical ones one-hot (as DeepRoad's featurizer does for trees).
"""
import json, time, argparse
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.impute import SimpleImputer
from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import roc_auc_score, accuracy_score, mean_squared_error

p = argparse.ArgumentParser()
p.add_argument("data"); p.add_argument("name")
p.add_argument("--trees", type=int, default=100); p.add_argument("--repeats", type=int, default=3)
a = p.parse_args()

meta = {d["name"]: d for d in json.load(open(f"{a.data}/datasets.json"))["datasets"]}[a.name]
train = pd.read_csv(f"{a.data}/{meta['train']}", keep_default_na=False, na_values=[""])
test = pd.read_csv(f"{a.data}/{meta['test']}", keep_default_na=False, na_values=[""])
label, task, metric = meta["label"], meta["task"], meta["metric"]
cat, num = meta["categorical"], meta["numeric"]
for c in cat:
    train[c] = train[c].astype(str); test[c] = test[c].astype(str)
ytr, yte = train.pop(label), test.pop(label)
if task == "binary":
    pos = str(meta.get("positive_class"))
    ytr, yte = (ytr.astype(str) == pos).astype(int), (yte.astype(str) == pos).astype(int)
reg = task == "regression"
parts = [("num", SimpleImputer(strategy="median"), num)]
if cat:
    parts.append(("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore", sparse_output=False)), cat))
prep = ColumnTransformer(parts).fit(train)
Xtr, Xte = prep.transform(train), prep.transform(test)


def score(model):
    if metric == "rmse":
        return float(np.sqrt(mean_squared_error(yte, model.predict(Xte))))
    if metric == "accuracy":
        return float(accuracy_score(yte, model.predict(Xte)))
    return float(roc_auc_score(yte, model.predict_proba(Xte)[:, 1]))


for name, cls in [("extra trees", ExtraTreesRegressor if reg else ExtraTreesClassifier), ("random forest", RandomForestRegressor if reg else RandomForestClassifier)]:
    times, value = [], None
    for r in range(a.repeats):
        model = cls(n_estimators=a.trees, random_state=r, n_jobs=1)
        t = time.perf_counter()
        model.fit(Xtr, ytr)
        times.append(time.perf_counter() - t)
        if r == 0:
            value = score(model)
    print(json.dumps({"method": name, "value": value, "fit_s": float(np.median(times))}), flush=True)
