#!/usr/bin/python3
"""Real tables outside ../shared, from the datasets Debian's python3-statsmodels ships, as a data folder the AutoML
benchmark reads (`DeepRoad.Benchmarks automl --data OUT`): OUT/datasets.json and OUT/NAME/{train,test}.csv.

Split as ../shared's sets are: 80/20, random_state=42, stratified for classification. No file is downloaded.
Usage: statsmodels_tables.py OUT
"""
import json, os, sys
import numpy as np, pandas as pd
import statsmodels.api as sm
from sklearn.model_selection import train_test_split

out = sys.argv[1]
sm_dir = os.path.dirname(sm.__file__)


def fair():
    # Extramarital affairs (Fair 1978, Redbook survey, 6366 women): did she have any?
    df = sm.datasets.fair.load_pandas().data
    df["had_affair"] = np.where(df.pop("affairs") > 0, "yes", "no")
    for c in ["occupation", "occupation_husb"]:  # occupation codes are categories, not quantities
        df[c] = "occ" + df[c].astype(int).astype(str)
    return df, "had_affair", "binary", "roc_auc"


def randhie():
    # RAND health insurance experiment (20190 person-years): number of outpatient visits to a doctor.
    return sm.datasets.randhie.load_pandas().data, "mdvis", "regression", "rmse"


def anes96():
    # 1996 American National Election Study (944 voters): voted Clinton (0) or Dole (1).
    df = sm.datasets.anes96.load_pandas().data.drop(columns=["logpopul"])
    df["vote"] = np.where(df["vote"] > 0, "Dole", "Clinton")
    return df, "vote", "binary", "roc_auc"


def anes96_pid():
    # The same survey: party identification, 7 levels from strong Democrat to strong Republican.
    df = sm.datasets.anes96.load_pandas().data.drop(columns=["logpopul", "vote"])
    df["PID"] = "pid" + df["PID"].astype(int).astype(str)
    return df, "PID", "multiclass", "accuracy"


def star98():
    # California schools 1998 (303 districts): share of students above the national maths median.
    df = sm.datasets.star98.load_pandas().data
    df["share_above"] = df["NABOVE"] / (df["NABOVE"] + df["NBELOW"])
    return df.drop(columns=["NABOVE", "NBELOW"]), "share_above", "regression", "rmse"


def docvis():
    # US Medicare survey (3629 people, Cameron and Trivedi): doctor visits. The file's transforms of the label and
    # `physician` (the same count) are dropped, and so are `nonphysician` visits and the other derived columns.
    df = pd.read_csv(os.path.join(sm_dir, "sandbox", "regression", "tests", "racd10data_with_transformed.csv"))
    df = df.drop(columns=["ldocvis", "ldocvisa", "docbin", "physician", "nonphysician", "aget", "aget2", "incomet", "age2", "linc"])
    return df, "docvis", "regression", "rmse"


def medpar():
    # Arizona Medicare (1495 stays): was the stay longer than a week, from admission type and diagnosis code.
    df = pd.read_csv(os.path.join(sm_dir, "genmod", "tests", "results", "stata_medpar1_glm.csv"))
    df["long_stay"] = np.where(df.pop("los") > 7, "long", "short")
    df["codes"] = "c" + df["codes"].astype(str)
    return df, "long_stay", "binary", "roc_auc"


def grunfeld():
    # Grunfeld investment panel (10 US firms, 20 years): gross investment from firm value, capital, firm and year.
    df = sm.datasets.grunfeld.load_pandas().data
    return df, "invest", "regression", "rmse"


entries = []
for make in [fair, randhie, anes96, anes96_pid, star98, docvis, medpar, grunfeld]:
    name = make.__name__
    df, label, task, metric = make()
    strat = df[label] if task != "regression" else None
    train, test = train_test_split(df, test_size=0.2, random_state=42, stratify=strat)
    os.makedirs(os.path.join(out, name), exist_ok=True)
    train.to_csv(os.path.join(out, name, "train.csv"), index=False)
    test.to_csv(os.path.join(out, name, "test.csv"), index=False)
    entries.append({"name": name, "task": task, "label": label, "metric": metric,
                    "train": f"{name}/train.csv", "test": f"{name}/test.csv",
                    "train_rows": len(train), "test_rows": len(test), "feature_count": df.shape[1] - 1})
    print(f"{name}: {len(train)} + {len(test)} rows, {df.shape[1] - 1} features, {task}, {metric}")
json.dump({"split": "80/20, random_state=42, stratified for classification", "datasets": entries},
          open(os.path.join(out, "datasets.json"), "w"), indent=1)
