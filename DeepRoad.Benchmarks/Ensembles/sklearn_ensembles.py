"""scikit-learn peer for `DeepRoad.Benchmarks ensembles`: the same splits, comparable members and ensembles.

Usage: /usr/bin/python3 sklearn_ensembles.py DATA_DIR NAME [--trees N] [--folds K] [--bag N] [--rounds N] [--max-train-rows N]
Prints one JSON object per line: {"method", "metric", "value", "fit_s"}.
Members: fasttree ~ GradientBoosting(N trees, 20 leaves), lightgbm ~ HistGradientBoosting(N iterations, 20 leaves),
sdca ~ LogisticRegression / Ridge on standardised features. Single-threaded (OMP_NUM_THREADS=1 is set by the caller).
"""
import json, sys, time, argparse
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.impute import SimpleImputer
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, BaggingClassifier, BaggingRegressor, AdaBoostClassifier,
                              AdaBoostRegressor, StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor)
from sklearn.linear_model import LogisticRegression, Ridge, RidgeCV
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.model_selection import StratifiedKFold, KFold
from sklearn.metrics import roc_auc_score, accuracy_score, mean_squared_error

p = argparse.ArgumentParser()
p.add_argument("data"); p.add_argument("name")
p.add_argument("--trees", type=int, default=100); p.add_argument("--folds", type=int, default=5)
p.add_argument("--max-train-rows", type=int, default=0); p.add_argument("--bag", type=int, default=5); p.add_argument("--rounds", type=int, default=50)
a = p.parse_args()

meta = {d["name"]: d for d in json.load(open(f"{a.data}/datasets.json"))["datasets"]}[a.name]
train = pd.read_csv(f"{a.data}/{meta['train']}", keep_default_na=False, na_values=[""])
test = pd.read_csv(f"{a.data}/{meta['test']}", keep_default_na=False, na_values=[""])
if a.max_train_rows > 0:
    train = train.head(a.max_train_rows)
label, task = meta["label"], meta["task"]
cat, num = meta["categorical"], meta["numeric"]
for c in cat:
    train[c] = train[c].astype(str); test[c] = test[c].astype(str)
ytr, yte = train.pop(label), test.pop(label)
if task == "binary":
    pos = str(meta.get("positive_class"))
    ytr, yte = (ytr.astype(str) == pos).astype(int), (yte.astype(str) == pos).astype(int)
reg = task == "regression"

def prep(scale):
    nums = make_pipeline(SimpleImputer(strategy="median"), StandardScaler()) if scale else SimpleImputer(strategy="median")
    parts = [("num", nums, num)]
    if cat:
        parts.append(("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                           OneHotEncoder(handle_unknown="ignore", sparse_output=False)), cat))
    return ColumnTransformer(parts)

def members():
    if reg:
        return [("fasttree", make_pipeline(prep(False), GradientBoostingRegressor(n_estimators=a.trees, max_leaf_nodes=20, random_state=0))),
                ("lightgbm", make_pipeline(prep(False), HistGradientBoostingRegressor(max_iter=a.trees, max_leaf_nodes=20, random_state=0))),
                ("sdca", make_pipeline(prep(True), Ridge(alpha=1.0)))]
    return [("fasttree", make_pipeline(prep(False), GradientBoostingClassifier(n_estimators=a.trees, max_leaf_nodes=20, random_state=0))),
            ("lightgbm", make_pipeline(prep(False), HistGradientBoostingClassifier(max_iter=a.trees, max_leaf_nodes=20, random_state=0))),
            ("sdca", make_pipeline(prep(True), LogisticRegression(max_iter=1000)))]

def score(model):
    if reg:
        return "rmse", float(np.sqrt(mean_squared_error(yte, model.predict(test))))
    if task == "binary":
        return "roc_auc", float(roc_auc_score(yte, model.predict_proba(test)[:, 1]))
    return "accuracy", float(accuracy_score(yte, model.predict(test)))

def run(method, model):
    t = time.perf_counter(); model.fit(train, ytr); fit = time.perf_counter() - t
    m, v = score(model)
    print(json.dumps({"method": method, "metric": m, "value": v, "fit_s": fit}), flush=True)

for name, m in members():
    run(f"sklearn {name}", m)
cv = KFold(a.folds, shuffle=True, random_state=0) if reg else StratifiedKFold(a.folds, shuffle=True, random_state=0)
def lgb():
    return HistGradientBoostingRegressor(max_iter=a.trees, max_leaf_nodes=20, random_state=0) if reg else \
        HistGradientBoostingClassifier(max_iter=a.trees, max_leaf_nodes=20, random_state=0)
if reg:
    run(f"sklearn Bagging({a.bag} x lightgbm)", make_pipeline(prep(False), BaggingRegressor(lgb(), n_estimators=a.bag, random_state=0)))
    run(f"sklearn AdaBoost.R2({a.rounds} x 8-leaf tree)", make_pipeline(prep(False), AdaBoostRegressor(DecisionTreeRegressor(max_leaf_nodes=8), n_estimators=a.rounds, random_state=0)))
    run("sklearn Stacking(RidgeCV)", StackingRegressor(members(), final_estimator=RidgeCV(), cv=cv))
    run("sklearn Voting", VotingRegressor(members()))
else:
    run(f"sklearn Bagging({a.bag} x lightgbm)", make_pipeline(prep(False), BaggingClassifier(lgb(), n_estimators=a.bag, random_state=0)))
    run(f"sklearn AdaBoost SAMME.R({a.rounds} x 4-leaf tree)", make_pipeline(prep(False), AdaBoostClassifier(DecisionTreeClassifier(max_leaf_nodes=4), n_estimators=a.rounds, learning_rate=0.5, random_state=0)))
    run("sklearn Stacking(LogisticRegression)", StackingClassifier(members(), final_estimator=LogisticRegression(max_iter=1000), cv=cv))
    run("sklearn Voting(soft)", VotingClassifier(members(), voting="soft"))
