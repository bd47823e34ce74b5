#!/usr/bin/python3
"""scikit-learn peer for the forest rows of DeepRoad.Benchmarks tree-threads: 50-tree extra trees and random forest
regressors (20-row leaves, every feature per split, one thread) on a generated 100 000 x 30 table of the same shape and
label recipe. Usage: tree_threads_peer.py"""
import numpy as np, time
from sklearn.ensemble import RandomForestRegressor, ExtraTreesRegressor
rng=np.random.default_rng(7); n=100000
X=rng.normal(size=(n,30)).astype(np.float32); w=rng.normal(size=30)
y=X@w*0.4+X[:,0]*X[:,1]+np.sin(2*X[:,2])+0.5*rng.normal(size=n)
for name,M in [("extra trees",ExtraTreesRegressor),("random forest",RandomForestRegressor)]:
    t=time.time(); M(n_estimators=50,min_samples_leaf=20,max_features=1.0,n_jobs=1,random_state=0).fit(X,y); print(name,"1 thread",round(time.time()-t,1),"s")
