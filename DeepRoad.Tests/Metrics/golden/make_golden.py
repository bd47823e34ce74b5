#!/usr/bin/python3
"""Golden metric values from scikit-learn for DeepRoad's metric tests.

Run with Debian's python3 (apt-get install python3-sklearn; scikit-learn 1.2.1 was used):
    /usr/bin/python3 DeepRoad.Tests/Metrics/golden/make_golden.py
It writes metrics_golden.json next to this script. Predictions are rounded to float32 first, so the
C# side (which stores float) sees exactly the numbers scikit-learn scored.
"""
import csv
import json
import os
import numpy as np

import sklearn
from sklearn import metrics as M
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def classification_case(name, task, y, proba):
    y = np.asarray(y, dtype=np.int64)
    proba = f32(proba)
    k = proba.shape[1]
    pred = np.argmax(proba.astype(np.float32), axis=1)
    binary = task == "binary"
    avg = "binary" if binary else "macro"
    m = {
        "accuracy": M.accuracy_score(y, pred),
        "balanced_accuracy": M.balanced_accuracy_score(y, pred),
        "precision": M.precision_score(y, pred, average=avg, zero_division=0),
        "recall": M.recall_score(y, pred, average=avg, zero_division=0),
        "f1": M.f1_score(y, pred, average=avg, zero_division=0),
        "macro_f1": M.f1_score(y, pred, average="macro", zero_division=0),
        "micro_f1": M.f1_score(y, pred, average="micro", zero_division=0),
        "weighted_f1": M.f1_score(y, pred, average="weighted", zero_division=0),
        "log_loss": M.log_loss(y, proba, eps=1e-15, labels=list(range(k))),
    }
    for a in ("macro", "micro", "weighted"):
        m["precision_" + a] = M.precision_score(y, pred, average=a, zero_division=0)
        m["recall_" + a] = M.recall_score(y, pred, average=a, zero_division=0)
    present = np.unique(y)
    if binary:
        m["roc_auc"] = M.roc_auc_score(y, proba[:, 1])
    elif len(present) == k:
        # scikit-learn requires rows summing to 1 (np.allclose); float32 softmax rows do.
        m["roc_auc"] = M.roc_auc_score(y, proba, multi_class="ovr", average="macro")
        assert abs(m["roc_auc"] - np.mean([M.roc_auc_score(y == c, proba[:, c]) for c in range(k)])) < 1e-12
    return {
        "name": name,
        "task": task,
        "width": int(k),
        "truth": [float(v) for v in y],
        "predictions": [float(v) for v in proba.ravel()],
        "metrics": {key: float(v) for key, v in m.items()},
        "confusion": M.confusion_matrix(y, pred, labels=list(range(k))).tolist(),
    }


def regression_case(name, y, p):
    y, p = f32(y), f32(p)
    m = {
        "mse": M.mean_squared_error(y, p),
        "rmse": M.mean_squared_error(y, p, squared=False),
        "mae": M.mean_absolute_error(y, p),
        "r2": M.r2_score(y, p),
    }
    return {
        "name": name,
        "task": "regression",
        "width": 1,
        "truth": [float(v) for v in y],
        "predictions": [float(v) for v in p],
        "metrics": {key: float(v) for key, v in m.items()},
    }


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def rounded_rows(p):
    # Round to 3 decimals (tied scores), then let column 0 absorb the rounding so rows still sum to 1.
    p = p.round(3)
    p[:, 0] = 1.0 - p[:, 1:].sum(axis=1)
    return p


def main():
    rng = np.random.RandomState(20261128)
    cases = []

    # Binary with many tied scores (2 decimals) and exact 0/1 probabilities (log-loss clipping).
    n = 240
    y = rng.randint(0, 2, n)
    p = np.clip(0.35 * y + rng.uniform(0, 0.65, n), 0, 1).round(2)
    p[:5] = [0.0, 1.0, 0.0, 1.0, 0.5]
    cases.append(classification_case("binary_ties", "binary", y, np.column_stack([1 - p, p])))

    # Binary, imbalanced, nothing predicted positive: precision/recall/F1 hit zero_division.
    y = (rng.uniform(size=80) < 0.2).astype(int)
    p = rng.uniform(0.0, 0.45, 80)
    cases.append(classification_case("binary_no_positive_predictions", "binary", y, np.column_stack([1 - p, p])))

    # Multiclass, 4 classes, informative softmax scores.
    n, k = 300, 4
    y = rng.randint(0, k, n)
    z = rng.normal(size=(n, k))
    z[np.arange(n), y] += 1.2
    cases.append(classification_case("multiclass4", "multiclass", y, softmax(z)))

    # Multiclass, 5 classes, class 4 never predicted, ties in scores (rounded), imbalanced.
    n, k = 200, 5
    y = rng.choice(k, size=n, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    z = rng.normal(size=(n, k))
    z[np.arange(n), y] += 1.0
    z[:, 4] -= 6.0
    cases.append(classification_case("multiclass5_unpredicted_class", "multiclass", y, rounded_rows(softmax(z))))

    # Multiclass where class 2 of 3 is absent from the truth (ROC-AUC undefined in scikit-learn).
    n = 60
    y = rng.choice([0, 1], size=n)
    cases.append(classification_case("multiclass_absent_class", "multiclass", y, softmax(rng.normal(size=(n, 3)))))

    # Regression.
    n = 150
    y = rng.normal(50, 20, n)
    cases.append(regression_case("regression_noise", y, y + rng.normal(0, 7, n)))

    # Shared datasets: a plain model trained on the shipped train split, scored on the test split.
    def read(path, label):
        # All-numeric feature columns plus a label column: the csv module is enough (no pandas needed).
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        header, rows = rows[0], rows[1:]
        li = header.index(label)
        x = np.array([[float(v) for j, v in enumerate(r) if j != li] for r in rows])
        return x, np.array([r[li] for r in rows])

    def load(name, label):
        xtr, ytr = read(os.path.join(ROOT, "data", name, "train.csv"), label)
        xte, yte = read(os.path.join(ROOT, "data", name, "test.csv"), label)
        return xtr, ytr, xte, yte

    xtr, ytr, xte, yte = load("breast_cancer", "diagnosis")
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=1000)).fit(xtr, ytr == "malignant")
    cases.append(classification_case("breast_cancer_logreg", "binary", (yte == "malignant").astype(int), model.predict_proba(xte)))

    xtr, ytr, xte, yte = load("iris", "species")
    classes = sorted(set(ytr))
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=1000)).fit(xtr, [classes.index(v) for v in ytr])
    cases.append(classification_case("iris_logreg", "multiclass", [classes.index(v) for v in yte], model.predict_proba(xte)))

    xtr, ytr, xte, yte = load("diabetes", "progression")
    model = LinearRegression().fit(xtr, ytr.astype(float))
    cases.append(regression_case("diabetes_linear", yte.astype(float), model.predict(xte)))

    out = {"sklearn_version": sklearn.__version__, "cases": cases}
    with open(os.path.join(HERE, "metrics_golden.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
