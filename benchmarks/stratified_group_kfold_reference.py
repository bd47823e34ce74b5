"""Prints the reference values of DeepRoad.Tests' StratifiedGroupKFold test: scikit-learn's StratifiedGroupKFold
(shuffle=False) on 40 groups of 1-9 rows and three classes. Line 1: the class of each row; line 2: the group sizes (the
groups are 0, 1, ... in row order); line 3: each row's test fold. Run with /usr/bin/python3 (Debian's python3-sklearn)."""
import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

rng = np.random.default_rng(7)
sizes = rng.integers(1, 10, 40)
groups = np.repeat(np.arange(40), sizes)
p = rng.uniform(0.1, 0.9, 40)
y = np.array([int(rng.random() < p[g]) + (2 if rng.random() < 0.15 else 0) for g in groups])
y = np.minimum(y, 2)
folds = np.zeros(len(y), int)
for f, (_, test) in enumerate(StratifiedGroupKFold(n_splits=4, shuffle=False).split(np.zeros(len(y)), y, groups)):
    folds[test] = f
print("".join(map(str, y)))
print(",".join(map(str, sizes)))
print("".join(map(str, folds)))
