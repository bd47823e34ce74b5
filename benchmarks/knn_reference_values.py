#!/usr/bin/env python3
"""The scikit-learn values KNearestNeighborsTests checks against (brute-force KNeighbors on the shipped splits, raw
float32 features). Usage: /usr/bin/python3 benchmarks/knn_reference_values.py [data]"""
import numpy as np, pandas as pd, sklearn
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.metrics import roc_auc_score, mean_squared_error, accuracy_score
import sys
D=sys.argv[1] if len(sys.argv) > 1 else 'data'
print(sklearn.__version__)
def load(n):
    tr=pd.read_csv(f'{D}/{n}/train.csv'); te=pd.read_csv(f'{D}/{n}/test.csv'); y=tr.columns[-1]
    return tr.drop(columns=[y]).values.astype(np.float32), tr[y].values, te.drop(columns=[y]).values.astype(np.float32), te[y].values
X,y,Xt,yt=load('wine')
for k,w,p in [(5,'uniform',2),(7,'distance',2),(4,'distance',1)]:
    m=KNeighborsClassifier(n_neighbors=k,weights=w,p=p,algorithm='brute').fit(X,y)
    pr=m.predict_proba(Xt); print('wine',k,w,p,'acc',accuracy_score(yt,m.predict(Xt)), 'row0',pr[0].round(8),'row3',pr[3].round(8), m.classes_)
X,y,Xt,yt=load('breast_cancer')
for k,w,p in [(5,'uniform',2),(10,'distance',1)]:
    m=KNeighborsClassifier(n_neighbors=k,weights=w,p=p,algorithm='brute').fit(X,y=='malignant')
    pr=m.predict_proba(Xt)[:,1]; print('bc',k,w,p,'auc',round(roc_auc_score(yt=='malignant',pr),6),'p[0..4]',pr[:5].round(8))
X,y,Xt,yt=load('diabetes')
for k,w,p in [(5,'uniform',2),(9,'distance',2),(9,'distance',1)]:
    m=KNeighborsRegressor(n_neighbors=k,weights=w,p=p,algorithm='brute').fit(X,y)
    pr=m.predict(Xt); print('diab',k,w,p,'rmse',round(mean_squared_error(yt,pr)**0.5,6),'p[0..2]',pr[:3].round(6))
    d,i=m.kneighbors(Xt[:1]); print('  nb',i[0],d[0].round(5))
