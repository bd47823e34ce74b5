#!/usr/bin/env python3
"""scikit-learn's KNeighbors alone on the shared sets: a 5-fold grid over k and weights on standardised numbers and
one-hot categories, then the test metric. Usage: /usr/bin/python3 benchmarks/knn_sklearn.py [DATA_DIR]"""
import json, sys, numpy as np, pandas as pd
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.model_selection import GridSearchCV
from sklearn.metrics import roc_auc_score, accuracy_score, mean_squared_error
D=sys.argv[1] if len(sys.argv) > 1 else '../shared/data'
meta=json.load(open(D+'/datasets.json'))
sets=meta['datasets'] if 'datasets' in meta else meta
for name in ['breast_cancer','iris','wine','diabetes','attrition','penguins','sacramento','taxi_fare']:
    m=[s for s in sets if s['name']==name][0] if isinstance(sets,list) else sets[name]
    tr=pd.read_csv(f'{D}/{name}/train.csv'); te=pd.read_csv(f'{D}/{name}/test.csv')
    y=m['label']; task=m['task']
    X=tr.drop(columns=[y]); Xt=te.drop(columns=[y])
    num=[c for c in X.columns if X[c].dtype.kind in 'if']; cat=[c for c in X.columns if c not in num]
    pre=ColumnTransformer([('n',make_pipeline(SimpleImputer(),StandardScaler()),num),('c',OneHotEncoder(handle_unknown='ignore'),cat)])
    reg= task=='regression'
    est=KNeighborsRegressor() if reg else KNeighborsClassifier()
    g=GridSearchCV(make_pipeline(pre,est),{'kneighborsregressor__n_neighbors' if reg else 'kneighborsclassifier__n_neighbors':[1,3,5,10,15,25,40],
        ('kneighborsregressor__weights' if reg else 'kneighborsclassifier__weights'):['uniform','distance']},cv=5,
        scoring='neg_root_mean_squared_error' if reg else ('roc_auc' if m['metric']=='roc_auc' else 'accuracy'))
    g.fit(X,tr[y])
    if reg: s=mean_squared_error(te[y],g.predict(Xt))**0.5
    elif m['metric']=='roc_auc': s=roc_auc_score(te[y]==m.get('positive_class',g.classes_[1]), g.predict_proba(Xt)[:,list(g.classes_).index(m.get('positive_class',g.classes_[1]))])
    else: s=accuracy_score(te[y],g.predict(Xt))
    print(name, m['metric'], round(s,4), g.best_params_, round(g.best_score_,4))
