#!/usr/bin/python3
"""More awkward tables for the AutoML command line, beyond synthetic_tables.py (seeded; numpy default_rng).

Writes OUT/<name>/train.csv (and test.csv for most), one folder per table:
  semicolon     ';' separated, decimal commas          bomcrlf      UTF-8 BOM and CRLF line ends
  labelmissing  30 rows without a label                reserved     feature columns named Label, Features, Score, ...
  ratings       integer 1..5 label                     unseen       test file: unseen category, reordered and extra columns
  boolcols      TRUE/FALSE and yes/no features, Y/N    dupcols      two columns named 'a' (an error)
  allmissing    an empty column, a column with one value   single   one feature
  labelfirst    label first, codes 0/1/2               unicode      non-ASCII column names and values
  whitespace    blanks around numbers, categories and the label ("yes " and "yes")
  oneclass      one class only (an error)              headeronly   a header and no rows (an error)
  tall          300 000 rows x 21 columns, binary      currency     a "$12,345.67" regression label
  multi7        200 000 rows x 30 columns, 7 classes   catwide      50 000 rows, 40 categorical columns of 5-200 levels
  titanic       Titanic-like: id, name, ticket, mostly-missing cabin

Usage: awkward_tables.py OUT_DIR
"""
import os, sys
import numpy as np, pandas as pd
out = sys.argv[1]
rng = np.random.default_rng(1)
def split(df, name, sep=",", **kw):
    d = f"{out}/{name}"; os.makedirs(d, exist_ok=True)
    n = len(df); idx = rng.permutation(n); k = int(n*0.75)
    df.iloc[idx[:k]].to_csv(f"{d}/train.csv", index=False, sep=sep, **kw)
    df.iloc[idx[k:]].to_csv(f"{d}/test.csv", index=False, sep=sep, **kw)
n = 600
x1 = rng.normal(size=n); x2 = rng.normal(size=n); cat = rng.choice(list("ABCD"), n)
logit = 1.5*x1 - x2 + (cat == "A")
yb = np.where(rng.random(n) < 1/(1+np.exp(-logit)), "yes", "no")
# 1 semicolon + decimal comma
df = pd.DataFrame({"x1": x1.round(3), "x2": x2.round(3), "cat": cat, "y": yb})
d = f"{out}/semicolon"; os.makedirs(d, exist_ok=True)
split(df, "semicolon", sep=";", decimal=",")
# 2 BOM + CRLF
split(df, "bomcrlf", encoding="utf-8-sig", lineterminator="\r\n")
# 3 label missing in some rows
df3 = df.copy(); df3.loc[rng.choice(n, 30, replace=False), "y"] = np.nan
split(df3, "labelmissing")
# 4 reserved ML.NET names as features
df4 = pd.DataFrame({"Features": x1.round(3), "Label": x2.round(3), "Score": cat, "PredictedLabel": rng.normal(size=n).round(2), "Probability": rng.random(n).round(3), "Weight": rng.random(n).round(2), "target": yb})
split(df4, "reserved")
# 5 integer ratings label
r = np.clip(np.round(3 + 1.2*x1 - 0.8*x2 + rng.normal(scale=0.7, size=n)), 1, 5).astype(int)
split(pd.DataFrame({"x1": x1.round(3), "x2": x2.round(3), "cat": cat, "rating": r}), "ratings")
# 6 unseen levels + reordered columns + extra column in test
d = f"{out}/unseen"; os.makedirs(d, exist_ok=True)
df.iloc[:450].to_csv(f"{d}/train.csv", index=False)
t = df.iloc[450:].copy(); t.loc[t.index[:20], "cat"] = "Z"; t["extra"] = 1
t[["y", "extra", "cat", "x2", "x1"]].to_csv(f"{d}/test.csv", index=False)
# 7 boolean features, Y/N label
df7 = pd.DataFrame({"flag": np.where(x1 > 0, "TRUE", "FALSE"), "yn": np.where(x2 > 0, "yes", "no"), "x1": x1.round(3), "label": np.where(yb == "yes", "Y", "N")})
split(df7, "boolcols")
# 8 duplicate header names
d = f"{out}/dupcols"; os.makedirs(d, exist_ok=True)
for part, sl in (("train", slice(0, 450)), ("test", slice(450, n))):
    with open(f"{d}/{part}.csv", "w") as f:
        f.write("a,a,b,y\n")
        for i in range(n)[sl]: f.write(f"{x1[i]:.3f},{x2[i]:.3f},{cat[i]},{yb[i]}\n")
# 9 all-missing column, nearly-missing column
df9 = df.copy(); df9["empty"] = np.nan; df9["one"] = np.nan; df9.loc[3, "one"] = 5.0
split(df9, "allmissing")
# 10 single feature
split(pd.DataFrame({"x1": x1.round(3), "y": yb}), "single")
# 11 label first, numeric codes
yc = np.digitize(x1 + 0.5*rng.normal(size=n), [-0.5, 0.5])
split(pd.DataFrame({"klass": yc, "x1": x1.round(3), "x2": x2.round(3), "cat": cat}), "labelfirst")
# 12 unicode names and values
split(pd.DataFrame({"température": x1.round(3), "日本": x2.round(3), "ville": np.array(["Zürich", "São Paulo", "Kraków", "東京"])[rng.integers(0, 4, n)], "résultat": np.where(yb == "yes", "oui", "non")}), "unicode")
# 13 whitespace in values
split(pd.DataFrame({"x1": [f" {v:.3f} " for v in x1], "cat": [f" {c}" for c in cat], "y": [f"{v} " if i % 3 else v for i, v in enumerate(yb)]}), "whitespace")
# 14 one class only
split(pd.DataFrame({"x1": x1.round(3), "y": "yes"}), "oneclass")
# 15 header only
d = f"{out}/headeronly"; os.makedirs(d, exist_ok=True); open(f"{d}/train.csv", "w").write("x1,y\n")
# 16 tall table
N = 300000
X = rng.normal(size=(N, 20)).round(3)
c1 = rng.choice([f"s{i}" for i in range(50)], N)
lg = X[:, 0] - X[:, 1] + 0.5*X[:, 2]*X[:, 3] + (np.char.endswith(c1.astype(str), "7"))
tall = pd.DataFrame(X, columns=[f"f{i}" for i in range(20)]); tall["store"] = c1; tall["y"] = (rng.random(N) < 1/(1+np.exp(-lg))).astype(int)
split(tall, "tall")
# 17 regression label with missing-value tokens and currency
price = np.exp(10 + 0.5*x1 + 0.3*x2 + 0.2*rng.normal(size=n))
ps = [f"${v:,.2f}" for v in price]
split(pd.DataFrame({"x1": x1.round(3), "x2": x2.round(3), "cat": cat, "price": ps}), "currency")

rng = np.random.default_rng(2)
N = 200000
X = rng.normal(size=(N, 30)).round(3)
W = rng.normal(size=(30, 7))
s = X @ W * 0.6 + np.sin(2*X[:, :7]) * 2
cls = np.array([f"type_{i}" for i in range(7)])[np.argmax(s + rng.gumbel(size=(N, 7)), axis=1)]
df = pd.DataFrame(X, columns=[f"v{i}" for i in range(30)]); df["cover"] = cls
split(df, "multi7")
N = 50000
cols = {}
eff = 0
for j in range(40):
    lv = int(rng.integers(5, 200)); levels = np.array([f"c{j}_{i}" for i in range(lv)])
    codes = rng.zipf(1.5, N) % lv
    cols[f"cat{j}"] = levels[codes]
    if j < 8: eff = eff + rng.normal(size=lv)[codes] * 0.7
df = pd.DataFrame(cols); df["num"] = rng.normal(size=N).round(3); eff = eff + df["num"]
df["clicked"] = np.where(rng.random(N) < 1/(1+np.exp(-(eff - 1))), "yes", "no")
split(df, "catwide")
# Titanic-like
rng = np.random.default_rng(5); n = 891
sex = rng.choice(["male", "female"], n, p=[.65, .35]); pc = rng.choice([1, 2, 3], n, p=[.24, .21, .55])
age = np.round(rng.normal(30, 14, n).clip(0.5, 80), 1); age = np.where(rng.random(n) < .2, np.nan, age)
first = ["Owen", "John", "Mary", "Anna", "William", "Elizabeth", "James", "Laura"]; last = ["Braund", "Cumings", "Heikkinen", "Futrelle", "Allen", "Moran", "McCarthy", "Palsson"]
title = np.where(sex == "male", np.where(age < 12, "Master", "Mr"), rng.choice(["Mrs", "Miss"], n))
name = [f"{rng.choice(last)}, {t}. {rng.choice(first)} {rng.choice(first)}" for t in title]
fare = np.round(np.exp(rng.normal(4.2 - 0.6 * pc, 0.5)), 4)
cabin = np.where((pc == 1) & (rng.random(n) < .7), [f"{rng.choice(list('ABCDE'))}{rng.integers(1, 130)}" for _ in range(n)], None)
emb = rng.choice(["S", "C", "Q", None], n, p=[.72, .19, .085, .005])
logit = 2.5 * (sex == "female") - 0.9 * (pc - 2) - 0.02 * np.nan_to_num(age, nan=30) + 0.5
surv = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
ticket = [rng.choice(["A/5 ", "PC ", "STON/O2. ", ""]) + str(rng.integers(1000, 400000)) for _ in range(n)]
df = pd.DataFrame({"PassengerId": range(1, n + 1), "Survived": surv, "Pclass": pc, "Name": name, "Sex": sex, "Age": age, "SibSp": rng.integers(0, 4, n),
                   "Parch": rng.integers(0, 3, n), "Ticket": ticket, "Fare": fare, "Cabin": cabin, "Embarked": emb})
os.makedirs(f"{out}/titanic", exist_ok=True)
df.iloc[:700].to_csv(f"{out}/titanic/train.csv", index=False); df.iloc[700:].to_csv(f"{out}/titanic/test.csv", index=False)
