"""scikit-learn's side of `DeepRoad.Benchmarks knn`: the same generated rows (written by the C# side to a .npz-free CSV
pair), KNeighborsClassifier with algorithm="brute" and "auto", one thread; prints one JSON line per method with the
median seconds of predict_proba over the query rows."""
import json
import sys
import time

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

train_path, query_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
train = np.loadtxt(train_path, delimiter=",", dtype=np.float32)
query = np.loadtxt(query_path, delimiter=",", dtype=np.float32)
X, y = train[:, :-1], train[:, -1].astype(int)
for algorithm in ("brute", "auto"):
    model = KNeighborsClassifier(n_neighbors=5, algorithm=algorithm, n_jobs=1).fit(X, y)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        p = model.predict_proba(query)
        times.append(time.perf_counter() - start)
    print(json.dumps({"method": algorithm, "seconds": float(np.median(times)), "checksum": float(p[:, 0].sum())}))
