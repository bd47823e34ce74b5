#!/usr/bin/python3
"""scikit-learn peer for the DeepRoad AutoML benchmark (Debian python3-sklearn 1.2).

For each set: HistGradientBoosting + RandomizedSearchCV (20 candidates x 5-fold; on the first 1000 training
rows for larger sets, then refit on all rows) and a Stacking ensemble; text sets use TF-IDF + logistic
regression (search over C) and a stack of logistic regression + complement naive Bayes; digits use the
8x8 original pixels. Prints one `RESULT {json}` line per set.
Usage: automl_sklearn.py SHARED_DATA_DIR name1,name2,...
"""
import json, os, sys, time, warnings
os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread, as the peer targets were measured
import numpy as np, pandas as pd
from scipy.stats import loguniform, randint, uniform
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor, StackingClassifier, StackingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.metrics import accuracy_score, mean_squared_error, roc_auc_score
from sklearn.model_selection import KFold, RandomizedSearchCV, StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore")
root, names = sys.argv[1], sys.argv[2].split(",")
meta = {d["name"]: d for d in json.load(open(os.path.join(root, "datasets.json")))["datasets"]}


def load(d, part):
    df = pd.read_csv(os.path.join(root, d["name"], part + ".csv"), keep_default_na=False, na_values=[""])
    y = df.pop(d["label"])
    if d.get("image"):
        from PIL import Image
        base = os.path.join(root, d["name"])
        X = np.array([np.asarray(Image.open(os.path.join(base, p)).convert("L"), dtype=float)[::4, ::4].ravel() for p in df["ImagePath"]])
        return X, y
    return df, y


def score(metric, model, X, y, classes):
    if metric == "rmse":
        return float(np.sqrt(mean_squared_error(y, model.predict(X))))
    if metric == "accuracy":
        return float(accuracy_score(y, model.predict(X)))
    p = model.predict_proba(X)
    return float(roc_auc_score(y == classes[1], p[:, 1]))


for name in names:
    d = meta[name]
    Xtr, ytr = load(d, "train")
    Xte, yte = load(d, "test")
    reg = d["task"] == "regression"
    text = d["task"] == "text"
    classes = sorted(pd.unique(ytr)) if not reg else None
    cv = KFold(5, shuffle=True, random_state=42) if reg else StratifiedKFold(5, shuffle=True, random_state=42)
    small = slice(0, 1000)
    if text:
        col = "text"
        base = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=2000))
        space = {"logisticregression__C": loguniform(1e-2, 1e3)}
        stack = StackingClassifier([("lr", make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(C=10, max_iter=2000))),
                                    ("nb", make_pipeline(TfidfVectorizer(), ComplementNB()))], final_estimator=LogisticRegression(), cv=cv)
        Xs, Xfull, Xtest = Xtr[col].iloc[small], Xtr[col], Xte[col]
    else:
        if isinstance(Xtr, pd.DataFrame):
            cat = [c for c in Xtr.columns if Xtr[c].dtype == object]
            num = [c for c in Xtr.columns if c not in cat]
            prep = lambda: ColumnTransformer([("num", SimpleImputer(), num),
                                              ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore", sparse_output=False)), cat)])
        else:
            prep = lambda: SimpleImputer()
        hgb = HistGradientBoostingRegressor(random_state=42) if reg else HistGradientBoostingClassifier(random_state=42)
        base = make_pipeline(prep(), hgb)
        key = type(hgb).__name__.lower()
        space = {f"{key}__learning_rate": loguniform(0.01, 0.3), f"{key}__max_leaf_nodes": randint(8, 64),
                 f"{key}__min_samples_leaf": randint(5, 60), f"{key}__l2_regularization": loguniform(1e-4, 10), f"{key}__max_iter": randint(50, 400)}
        if reg:
            stack = StackingRegressor([("hgb", make_pipeline(prep(), HistGradientBoostingRegressor(random_state=42))),
                                       ("rf", make_pipeline(prep(), RandomForestRegressor(100, random_state=42))),
                                       ("ridge", make_pipeline(prep(), StandardScaler(), RidgeCV()))], final_estimator=RidgeCV(), cv=cv)
        else:
            stack = StackingClassifier([("hgb", make_pipeline(prep(), HistGradientBoostingClassifier(random_state=42))),
                                        ("rf", make_pipeline(prep(), RandomForestClassifier(100, random_state=42))),
                                        ("lr", make_pipeline(prep(), StandardScaler(), LogisticRegression(max_iter=2000)))], final_estimator=LogisticRegression(max_iter=2000), cv=cv)
        Xs = Xtr.iloc[small] if isinstance(Xtr, pd.DataFrame) else Xtr[small]
        Xfull, Xtest = Xtr, Xte
    scoring = {"rmse": "neg_root_mean_squared_error", "accuracy": "accuracy", "roc_auc": "roc_auc"}[d["metric"]]
    t = time.time()
    search = RandomizedSearchCV(base, space, n_iter=20, cv=cv, scoring=scoring, random_state=42, n_jobs=1)
    search.fit(Xs, ytr.iloc[small])
    best = search.best_estimator_.fit(Xfull, ytr)
    search_s = time.time() - t
    s1 = score(d["metric"], best, Xtest, yte, classes)
    t = time.time()
    stack.fit(Xfull, ytr)
    stack_s = time.time() - t
    s2 = score(d["metric"], stack, Xtest, yte, classes)
    print("RESULT " + json.dumps({"name": name, "search": s1, "stacking": s2, "search_s": search_s, "stacking_s": stack_s}), flush=True)
