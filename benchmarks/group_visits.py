"""Writes the patient-visits table of automl.md's "Validation by group" section to the folder given (default
/tmp/group_visits): train.csv (60 patients) and test.csv (40 other patients), 8 visits each. Each patient has an outcome
tendency of their own (normal, sd 1.5) that no column explains, a height and weight fixed per patient (so they identify
the patient but carry no signal), a visit-level signal x1 and noise x2; outcome = tendency + 0.8 x1 + noise > 0."""
import os
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/group_visits"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(5)


def make(patients, first, name):
    rows = []
    for p in range(first, first + patients):
        tendency, height, weight = rng.normal(0, 1.5), rng.uniform(150, 200), rng.uniform(50, 100)
        for _ in range(8):
            x1, x2 = rng.normal(), rng.normal()
            y = int(tendency + 0.8 * x1 + rng.normal(0, 0.5) > 0)
            rows.append(f"P{p},{height:.2f},{weight:.2f},{x1:.3f},{x2:.3f},{y}")
    with open(os.path.join(out, name), "w") as f:
        f.write("patient,height,weight,x1,x2,outcome\n" + "\n".join(rows) + "\n")


make(60, 0, "train.csv")
make(40, 1000, "test.csv")
