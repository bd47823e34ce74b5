#!/usr/bin/python3
"""scikit-learn peer for `DeepRoad.Benchmarks threshold`: a decision threshold tuned on out-of-fold probabilities.

Debian's scikit-learn 1.2 has no TunedThresholdClassifierCV (1.5), so this does what it does by hand: 5-fold
cross_val_predict probabilities of the model, the threshold that maximises the metric on them (the midpoints between
consecutive distinct probabilities, at most 256 evenly spaced in rank, ties to the one nearest 0.5, 0.5 kept unless beaten), then the model refitted on
all rows and scored on the test file at 0.5 and at that threshold. The model is HistGradientBoosting (numbers imputed,
categories one-hot) for tables and TF-IDF (1-2 grams, sublinear) + logistic regression (C=10) for text, the automl
peer's defaults.
Usage: sklearn_threshold.py DATA_DIR NAME POSITIVE_CLASS METRIC   (METRIC: f1, balanced_accuracy, macro_f1, accuracy)
Prints one JSON line: {"name", "threshold", "at_half", "tuned", "oof_at_half", "oof_tuned", "fit_s"}.
"""
import json, os, sys, time, warnings
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

warnings.filterwarnings("ignore")
root, name, positive, metric = sys.argv[1:5]
d = {x["name"]: x for x in json.load(open(os.path.join(root, "datasets.json")))["datasets"]}[name]


def load(part):
    df = pd.read_csv(os.path.join(root, d["name"], part + ".csv"), keep_default_na=False, na_values=[""])
    y = (df.pop(d["label"]).astype(str) == positive).astype(int).to_numpy()
    return df, y


def score(y, p, t):
    pred = (p > t).astype(int)
    if metric == "f1":
        return f1_score(y, pred)
    if metric == "macro_f1":
        return f1_score(y, pred, average="macro")
    if metric == "balanced_accuracy":
        return balanced_accuracy_score(y, pred)
    return accuracy_score(y, pred)


def tune(y, p):
    u = np.unique(p)
    mids = (u[:-1] + u[1:]) / 2
    if len(mids) > 256:  # as DeepRoad: at most 256 midpoints, evenly spaced in rank
        mids = mids[(np.arange(256) * len(mids)) // 256]
    candidates = [0.5] + [float(m) for m in mids if 0 < m < 1]
    best_t, best_s = 0.5, score(y, p, 0.5)
    for t in candidates:
        s = score(y, p, t)
        if s > best_s or (s == best_s and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_s = t, s
    return best_t, best_s


Xtr, ytr = load("train")
Xte, yte = load("test")
if d["task"] == "text" or "text" in Xtr.columns and len(Xtr.columns) == 1:
    Xtr, Xte = Xtr[Xtr.columns[0]], Xte[Xte.columns[0]]
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(C=10, max_iter=2000))
else:
    cat = [c for c in Xtr.columns if Xtr[c].dtype == object]
    num = [c for c in Xtr.columns if c not in cat]
    for c in cat:
        Xtr[c], Xte[c] = Xtr[c].astype(str), Xte[c].astype(str)
    prep = ColumnTransformer([("num", SimpleImputer(), num),
                              ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore", sparse_output=False)), cat)])
    model = make_pipeline(prep, HistGradientBoostingClassifier(random_state=42))
t0 = time.time()
oof = cross_val_predict(model, Xtr, ytr, cv=StratifiedKFold(5, shuffle=True, random_state=42), method="predict_proba")[:, 1]
threshold, oof_tuned = tune(ytr, oof)
p = model.fit(Xtr, ytr).predict_proba(Xte)[:, 1]
print(json.dumps({"name": name, "threshold": threshold, "at_half": score(yte, p, 0.5), "tuned": score(yte, p, threshold),
                  "oof_at_half": score(ytr, oof, 0.5), "oof_tuned": oof_tuned, "fit_s": time.time() - t0}), flush=True)
