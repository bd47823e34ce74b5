#!/usr/bin/python3
"""Where cross-validation on train.csv and the score on test.csv disagree, on the three shared regression sets.

A search can only rank models by cross-validation; this shows, with scikit-learn alone, how far that ranking is from
the test file's on taxi_fare, diabetes and sacramento. Models: ridge regression (standardised), HistGradientBoosting
(defaults), and the two stacked as linear + trees on the linear model's residuals (which extrapolates like the linear
model and bends like the trees). 5-fold CV RMSE (shuffled, seed 0) and test RMSE; for taxi_fare also the CV RMSE per
fold and the rows with the largest out-of-fold errors, to see what dominates.
Usage: cv_test_disagreement.py [SHARED_DATA_DIR]   (default ../shared/data)
"""
import os, sys
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


class LinearPlusTrees(BaseEstimator, RegressorMixin):
    """A linear model, then trees fitted to its residuals; the prediction is the sum."""

    def __init__(self, linear, trees):
        self.linear, self.trees = linear, trees

    def fit(self, X, y):
        self.linear_ = clone(self.linear).fit(X, y)
        self.trees_ = clone(self.trees).fit(X, y - self.linear_.predict(X))
        return self

    def predict(self, X):
        return self.linear_.predict(X) + self.trees_.predict(X)


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def run(root, name, label, categorical):
    train, test = pd.read_csv(os.path.join(root, name, "train.csv")), pd.read_csv(os.path.join(root, name, "test.csv"))
    X = pd.get_dummies(train.drop(columns=label), columns=categorical).astype(float).fillna(0)
    Xt = pd.get_dummies(test.drop(columns=label), columns=categorical).astype(float).reindex(columns=X.columns, fill_value=0).fillna(0)
    y, yt = train[label], test[label]
    models = [("ridge", make_pipeline(StandardScaler(), Ridge(1.0))),
              ("hgb", HistGradientBoostingRegressor(random_state=0)),
              ("ridge+hgb on residuals", LinearPlusTrees(make_pipeline(StandardScaler(), Ridge(1.0)), HistGradientBoostingRegressor(random_state=0)))]
    for model_name, model in models:
        oof, folds = np.zeros(len(y)), []
        for a, b in KFold(5, shuffle=True, random_state=0).split(X):
            oof[b] = clone(model).fit(X.iloc[a], y.iloc[a]).predict(X.iloc[b])
            folds.append(rmse(oof[b], y.iloc[b]))
        test_rmse = rmse(clone(model).fit(X, y).predict(Xt), yt)
        print(f"{name}\t{model_name}\tcv {rmse(oof, y):.4f}\ttest {test_rmse:.4f}\tfolds {' '.join(f'{f:.3f}' for f in folds)}")
        if name == "taxi_fare":
            worst = np.argsort(-np.abs(oof - y.values))[:5]
            print("\t\tlargest out-of-fold errors (fare, predicted, miles, seconds):",
                  [(float(y.iloc[i]), round(float(oof[i]), 1), float(train.trip_distance.iloc[i]), int(train.trip_time_in_secs.iloc[i])) for i in worst])


root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data")
run(root, "taxi_fare", "fare_amount", ["vendor_id", "rate_code", "payment_type"])
run(root, "diabetes", "progression", [])
run(root, "sacramento", "price", ["city", "zip", "type"])
