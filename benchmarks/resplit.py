#!/usr/bin/python3
"""Fresh train/test splits of shared sets, for telling a real gap from one test split's luck.

For each set and each seed 1..K: pool train.csv and test.csv, draw a new test part of the original test size
(stratified on the label for classification) and write OUT/split<seed>/<set>/{train,test}.csv next to a copy of
datasets.json, so `automl one` and automl_sklearn.py read a split directory as they read ../shared/data.
Cells are copied as text, unchanged. Image sets are not supported (their paths are relative to the set's folder).
Usage: resplit.py SHARED_DATA_DIR OUT_DIR name1,name2,... K
"""
import json, os, shutil, sys
import pandas as pd
from sklearn.model_selection import train_test_split

root, out, names, k = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
meta = {d["name"]: d for d in json.load(open(os.path.join(root, "datasets.json")))["datasets"]}
for seed in range(1, k + 1):
    split_dir = os.path.join(out, f"split{seed}")
    os.makedirs(split_dir, exist_ok=True)
    shutil.copy(os.path.join(root, "datasets.json"), split_dir)
    for name in names:
        d = meta[name]
        if d.get("image"):
            sys.exit(f"resplit.py: {name} is an image set; its image paths are relative to its folder and are not resplit")
        parts = [pd.read_csv(os.path.join(root, name, p + ".csv"), dtype=str, keep_default_na=False) for p in ("train", "test")]
        pooled = pd.concat(parts, ignore_index=True)
        strat = None if d["task"] == "regression" else pooled[d["label"]]
        train, test = train_test_split(pooled, test_size=len(parts[1]), stratify=strat, random_state=seed)
        os.makedirs(os.path.join(split_dir, name), exist_ok=True)
        train.to_csv(os.path.join(split_dir, name, "train.csv"), index=False)
        test.to_csv(os.path.join(split_dir, name, "test.csv"), index=False)
        print(f"{split_dir}/{name}: {len(train)} train, {len(test)} test", flush=True)
