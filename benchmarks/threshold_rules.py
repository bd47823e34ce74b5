#!/usr/bin/python3
"""Replays decision-threshold rules on dumps of `DeepRoad.Benchmarks threshold --dump DIR`.

Each dump holds a final model's out-of-fold truth and P(true) and its test truth and P(true). Every rule picks a
threshold from the out-of-fold rows only; the table gives each rule's test metric minus the test metric at 0.5.
Rules: best (the out-of-fold best, ties to the one nearest 0.5: what DecisionThreshold.Tune returns), bagged (mean of
the best thresholds of 50 bootstrap resamples), expected (the threshold with the best mean metric over 50 bootstrap
resamples), shrunk (halfway between best and 0.5), cv_gain (best when thresholds tuned on 4/5 beat 0.5 on the 1/5,
pooled, 2 repeats) and cv_win84 (best when they beat it on 84 % of 200 paired bootstrap resamples: TuneCrossValidated).
Usage: threshold_rules.py DUMP.json ...
"""
import json, sys
import numpy as np
from sklearn.metrics import f1_score, balanced_accuracy_score, accuracy_score
from sklearn.model_selection import StratifiedKFold


def from_counts(metric, tp, fp, fn, tn):
    """The metric from confusion counts (arrays), scikit-learn's conventions (a zero denominator gives 0)."""
    tp, fp, fn, tn = (np.asarray(v, dtype=float) for v in (tp, fp, fn, tn))
    with np.errstate(divide="ignore", invalid="ignore"):
        f1p = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        f1n = np.where(2 * tn + fn + fp > 0, 2 * tn / (2 * tn + fn + fp), 0.0)
        pos, neg = tp + fn, tn + fp
        if metric == "f1":
            return f1p
        if metric == "macro_f1":
            pp, npr = (pos > 0) | (tp + fp > 0), (neg > 0) | (tn + fn > 0)
            return (f1p * pp + f1n * npr) / np.maximum(pp.astype(int) + npr.astype(int), 1)
        if metric == "balanced_accuracy":
            rp, rn = np.where(pos > 0, tp / np.maximum(pos, 1), 0), np.where(neg > 0, tn / np.maximum(neg, 1), 0)
            return (rp + rn) / np.maximum((pos > 0).astype(int) + (neg > 0).astype(int), 1)
        return (tp + tn) / (tp + fp + fn + tn)


def score(metric, y, pred):
    tp = np.sum((pred == 1) & (y == 1)); fp = np.sum((pred == 1) & (y == 0))
    fn = np.sum((pred == 0) & (y == 1)); tn = np.sum((pred == 0) & (y == 0))
    return float(from_counts(metric, tp, fp, fn, tn))


def sweep(metric, y, p):
    """Best threshold over every split (midpoints of distinct values), ties to the nearest 0.5, 0.5 kept unless beaten."""
    u, inv = np.unique(p, return_inverse=True)
    pos_at = np.bincount(inv, weights=y, minlength=len(u)); all_at = np.bincount(inv, minlength=len(u))
    # threshold just above u[j]: rows with value <= u[j] are negative
    below_pos, below_all = np.cumsum(pos_at), np.cumsum(all_at)
    P, N = y.sum(), len(y) - y.sum()
    cands = np.concatenate([[u[0] / 2], (u[:-1] + u[1:]) / 2, [(u[-1] + 1) / 2]])
    fn = np.concatenate([[0], below_pos]); tn = np.concatenate([[0], below_all - below_pos])
    s = from_counts(metric, P - fn, N - tn, fn, tn)
    ok = (cands > 0) & (cands < 1)
    best_t, best_s = 0.5, score(metric, y, (p > 0.5).astype(int))
    for t, v in zip(cands[ok], s[ok]):
        if v > best_s + 1e-15 or (abs(v - best_s) <= 1e-15 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_s = float(t), float(v)
    return best_t


def grid(p, k=200):
    u = np.unique(p)
    mids = (u[:-1] + u[1:]) / 2
    if len(mids) > k:
        mids = mids[(np.arange(k) * len(mids)) // k]
    return np.concatenate([[0.5], mids[(mids > 0) & (mids < 1)]])


def rules(metric, y, p, rng):
    out = {"half": 0.5}
    best = sweep(metric, y, p)
    out["best"] = best
    out["shrunk"] = (best + 0.5) / 2
    boots = [rng.integers(0, len(y), len(y)) for _ in range(50)]
    out["bagged"] = float(np.mean([sweep(metric, y[b], p[b]) for b in boots]))
    g = grid(p)
    means = [np.mean([score(metric, y[b], (p[b] > t).astype(int)) for b in boots]) for t in g]
    out["expected"] = float(g[int(np.argmax(means))])
    gains, wins = [], []
    half = (p > 0.5).astype(int)
    for r in range(2):
        pred = np.zeros(len(y), dtype=int)
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=r).split(p, y):
            pred[te] = (p[te] > sweep(metric, y[tr], p[tr])).astype(int)
        gains.append(score(metric, y, pred) - score(metric, y, half))
        w = 0.0
        for _ in range(200):
            b = rng.integers(0, len(y), len(y))
            a, h = score(metric, y[b], pred[b]), score(metric, y[b], half[b])
            w += 0.5 if a == h else float(a > h)
        wins.append(w / 200)
    out["cv_gain"] = best if np.mean(gains) > 0 else 0.5
    out["cv_win84"] = best if np.mean(wins) >= 0.84 else 0.5
    return out


rng = np.random.default_rng(0)
names = ["best", "bagged", "expected", "shrunk", "cv_gain", "cv_win84"]
table = []
for f in sys.argv[1:]:
    d = json.load(open(f))
    y, p = np.array(d["oof_truth"], dtype=int), np.array(d["oof_p"], dtype=float)
    ty, tp = np.array(d["test_truth"], dtype=int), np.array(d["test_p"], dtype=float)
    r = rules(d["metric"], y, p, rng)
    at_half = score(d["metric"], ty, (tp > 0.5).astype(int))
    deltas = {k: score(d["metric"], ty, (tp > r[k]).astype(int)) - at_half for k in names}
    table.append(deltas)
    print(f"{f.split('/')[-2]}/{d['set']:<15} pos {y.mean():.3f} test@0.5 {at_half:.4f} best t {r['best']:.3f} " +
          " ".join(f"{k} {100 * deltas[k]:+6.2f}" for k in names), flush=True)
print("mean (pt):      " + " ".join(f"{k} {100 * np.mean([t[k] for t in table]):+6.2f}" for k in names))
print("wins/losses:    " + " ".join(f"{k} {sum(t[k] > 1e-12 for t in table)}/{sum(t[k] < -1e-12 for t in table)}" for k in names))
