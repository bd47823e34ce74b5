#!/usr/bin/python3
"""Would a log-transformed label help DeepRoad's regression search? A check with scikit-learn alone.

For each shared regression set: ridge (RidgeCV, standardised), HistGradientBoosting (defaults) and a random forest
(300 trees, leaf 3), each on the raw label and through TransformedTargetRegressor(log1p / expm1), plus the plain average
of the three. 5-fold CV RMSE on train.csv (shuffled, seed 0) and RMSE on test.csv. A label transform would enter the
search as one more dimension chosen by cross-validation, so what matters is whether CV prefers it, and whether the
test file agrees.
Usage: log_target_check.py [SHARED_DATA_DIR]   (default ../shared/data)
"""
import os, sys
import numpy as np, pandas as pd
from sklearn.compose import TransformedTargetRegressor, ColumnTransformer
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.pipeline import make_pipeline
from sklearn.linear_model import RidgeCV
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.model_selection import cross_val_predict, KFold

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
sets = [("sacramento", "price"), ("diabetes", "progression"), ("taxi_fare", "fare_amount")]
rmse = lambda a, b: float(np.sqrt(np.mean((a - b) ** 2)))
for name, label in sets:
    tr = pd.read_csv(f"{root}/{name}/train.csv"); te = pd.read_csv(f"{root}/{name}/test.csv")
    y = tr.pop(label).values; yt = te.pop(label).values
    cats = [c for c in tr.columns if tr[c].dtype == object]; nums = [c for c in tr.columns if c not in cats]
    pre = lambda: ColumnTransformer([("c", OneHotEncoder(handle_unknown="ignore", min_frequency=5), cats),
                                     ("n", StandardScaler(), nums)], sparse_threshold=0)
    models = {"ridge": lambda: make_pipeline(pre(), RidgeCV(alphas=np.logspace(-3, 3, 13))),
              "hgb": lambda: make_pipeline(pre(), HistGradientBoostingRegressor(random_state=0)),
              "rf": lambda: make_pipeline(pre(), RandomForestRegressor(300, min_samples_leaf=3, random_state=0, n_jobs=2))}
    kf = KFold(5, shuffle=True, random_state=0)
    print(f"{name} ({len(y)} rows, label min {y.min():g}, skew {pd.Series(y).skew():.2f})")
    oofs, tests = {}, {}
    for k, make in models.items():
        for log in (False, True):
            m = TransformedTargetRegressor(make(), func=np.log1p, inverse_func=np.expm1) if log else make()
            oofs[k, log] = cross_val_predict(m, tr, y, cv=kf); tests[k, log] = m.fit(tr, y).predict(te)
            print(f"  {k:6} {'log' if log else 'raw'}  cv {rmse(oofs[k, log], y):12.4f}  test {rmse(tests[k, log], yt):12.4f}")
    for log in (False, True):
        o = np.mean([oofs[k, log] for k in models], 0); t = np.mean([tests[k, log] for k in models], 0)
        print(f"  avg    {'log' if log else 'raw'}  cv {rmse(o, y):12.4f}  test {rmse(t, yt):12.4f}")
