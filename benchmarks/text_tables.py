#!/usr/bin/python3
"""Larger text tables than ../shared holds, for the AutoML command line (seeded; numpy default_rng).

bigtext: 30 000 training and 10 000 test reviews, each 2-6 sentences drawn from fine_foods reviews of one label
(great / other), with a fifth of the sentences taken from the other label as noise. Training reviews are made only
of sentences from fine_foods' train.csv and test reviews only of sentences from its test.csv, so no test sentence
was seen in training. Label column `sentiment`.

Usage: text_tables.py SHARED_DATA_DIR OUT_DIR   (writes OUT_DIR/bigtext/train.csv and test.csv, and datasets.json)
"""
import os, re, sys
import numpy as np, pandas as pd

shared, out = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(7)


def sentences(frame):
    by_label = {}
    for text, label in zip(frame["text"], frame["label"]):
        parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+|<br\s*/?>", str(text)) if len(s.strip()) > 3]
        by_label.setdefault(label, []).extend(parts)
    return by_label


def compose(by_label, n):
    labels = sorted(by_label)
    rows = []
    for _ in range(n):
        label = labels[int(rng.random() < 0.4)]  # 60 % great, 40 % other
        other = labels[1 - labels.index(label)]
        k = int(rng.integers(2, 7))
        picks = []
        for _ in range(k):
            pool = by_label[other] if rng.random() < 0.2 else by_label[label]
            picks.append(pool[int(rng.integers(len(pool)))])
        rows.append((" ".join(picks), label))
    return pd.DataFrame(rows, columns=["text", "sentiment"])


train = sentences(pd.read_csv(f"{shared}/fine_foods/train.csv"))
test = sentences(pd.read_csv(f"{shared}/fine_foods/test.csv"))
d = f"{out}/bigtext"
os.makedirs(d, exist_ok=True)
compose(train, 30_000).to_csv(f"{d}/train.csv", index=False)
compose(test, 10_000).to_csv(f"{d}/test.csv", index=False)
# A datasets.json beside it, so that automl_sklearn.py and `DeepRoad.Benchmarks automl one` read it like ../shared.
import json
json.dump({"datasets": [{"name": "bigtext", "task": "text", "text_task": "binary", "label": "sentiment", "metric": "roc_auc",
                         "train": "bigtext/train.csv", "test": "bigtext/test.csv", "text": ["text"], "numeric": [], "categorical": [],
                         "classes": ["great", "other"], "positive_class": "great", "shippable": False}]},
          open(f"{out}/datasets.json", "w"), indent=1)
