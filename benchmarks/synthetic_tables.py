#!/usr/bin/python3
"""Synthetic tables with the awkward shapes real users bring, for checking AutoML beyond ../shared/data.

Writes OUT/<name>/{train,test}.csv (seeded, numpy default_rng(0)), one folder per table:
  rareclass   multiclass, one class with 3 rows (fewer than the CV folds)
  messy       binary yes/no label "churned?", an ID column, a date column, a constant column, a 300-level category,
              "?" in a numeric column, 30 % missing ages, column names with spaces and symbols
  wide        regression, 500 rows x 300 numeric columns, 10 carrying the signal (y = sum of x0..x9 + N(0, 1))
  hugereg     regression on a 1e9 scale, tab-separated
  imbalanced  binary 0/1 label, about 3 % positive, 3000 rows
  tiny        24 rows
  manyclass   50 classes over 2000 rows
  quotedtext  a text column with quoted commas and embedded newlines, a Boolean label
  highcard    regression, 20000 rows: a 1500-level store id (Zipf-like counts), a 120-level product, a region, four numbers
  highcard_binary  the same table with a binary yes/no label

Usage: synthetic_tables.py OUT_DIR
"""
import json, os, sys
import numpy as np, pandas as pd
out = sys.argv[1]
rng = np.random.default_rng(0)
meta = []


def numeric(col):
    """Numbers, allowing a few missing-value tokens such as '?'."""
    return col.dtype != object or pd.to_numeric(col, errors="coerce").notna().mean() > 0.8


def save(name, df, test_frac=0.25, sep=",", task=None, label=None, metric=None, positive=None):
    """Writes OUT/name/{train,test}.csv and records the table in OUT/datasets.json (the ../shared/data format)."""
    label = label or df.columns[-1]
    y = df[label]
    if task is None:
        task = "regression" if y.dtype.kind == "f" else ("binary" if y.nunique() == 2 else "multiclass")
    feats = [c for c in df.columns if c != label]
    meta.append({"name": name, "task": task, "label": label, "metric": metric or {"regression": "rmse", "binary": "roc_auc", "multiclass": "accuracy"}[task],
                 "train": f"{name}/train.csv", "test": f"{name}/test.csv",
                 "categorical": [c for c in feats if not numeric(df[c]) and c != "review text"], "text": ["review text"] if "review text" in feats else [],
                 "numeric": [c for c in feats if numeric(df[c])], "positive_class": positive, "shippable": False})
    name = os.path.join(out, name)
    os.makedirs(name, exist_ok=True)
    n = len(df); idx = rng.permutation(n); k = int(n*test_frac)
    df.iloc[idx[k:]].to_csv(f"{name}/train.csv", index=False, sep=sep)
    df.iloc[idx[:k]].to_csv(f"{name}/test.csv", index=False, sep=sep)
# 1 rare class multiclass (class with 3 examples)
n=400; X=rng.normal(size=(n,5)); y=np.where(X[:,0]>0.5,"a",np.where(X[:,1]>0,"b","c")).astype(object); y[:3]="rare"
df=pd.DataFrame(X,columns=[f"x{i}" for i in range(5)]); df["label"]=y; save("rareclass",df)
# 2 messy: id, date, constant, high-card cat, missing tokens, yes/no label, weird names
n=600
df=pd.DataFrame({"Customer ID":[f"C{i:05d}" for i in range(n)],
 "signup date":pd.date_range("2020-01-01",periods=n,freq="D").strftime("%Y-%m-%d"),
 "const":["k"]*n, "city (name)":rng.choice([f"city{i}" for i in range(300)],n),
 "income $":np.round(rng.lognormal(10,1,n),2), "age":rng.integers(18,80,n).astype(float),
 "plan":rng.choice(["basic","pro","enterprise"],n)})
df.loc[rng.random(n)<0.3,"age"]=np.nan
logit=(df["age"].fillna(40)-40)/10 + (df["plan"]=="pro")*1.0 + rng.normal(size=n)
df["churned?"]=np.where(logit>0.5,"yes","no")
df["income $"]=df["income $"].astype(object); df.loc[rng.random(n)<0.1,"income $"]="?"
save("messy",df,positive="yes")
# 3 wide
n=500; X=rng.normal(size=(n,300)); y=X[:,:10].sum(1)+rng.normal(size=n)
df=pd.DataFrame(X,columns=[f"f{i}" for i in range(300)]); df["target"]=y; save("wide",df)
# 4 huge-scale regression, tsv
n=800; X=rng.normal(size=(n,4)); y=1e9*(X[:,0]-2*X[:,1])+1e8*rng.normal(size=n)-5e9
df=pd.DataFrame(X,columns=list("abcd")); df["value"]=y; save("hugereg",df,sep="\t")
# 5 imbalanced binary 0/1 ints
n=3000; X=rng.normal(size=(n,6)); p=1/(1+np.exp(-(X[:,0]*2-5))); y=(rng.random(n)<p).astype(int)
df=pd.DataFrame(X,columns=[f"v{i}" for i in range(6)]); df["is_fraud"]=y; save("imbalanced",df,positive="1")
# 6 tiny
n=24; X=rng.normal(size=(n,3)); y=np.where(X[:,0]>0,"pos","neg")
df=pd.DataFrame(X,columns=["p","q","r"]); df["cls"]=y; save("tiny",df,test_frac=0.25,positive="pos")
# 7 many classes
n=2000; X=rng.normal(size=(n,8)); c=(np.digitize(X[:,0],np.linspace(-2,2,24))*2+ (X[:,1]>0)).astype(int)
df=pd.DataFrame(X,columns=[f"z{i}" for i in range(8)]); df["klass"]=["k%d"%v for v in c]; save("manyclass",df)
# 8 quoted text with commas/newlines + bool label
n=300; words=["good","bad","great","awful","ok","fine","terrible","love","hate"]
txt=[", ".join(rng.choice(words,5))+("\nsecond line \"quoted\"" if i%7==0 else "") for i in range(n)]
lab=[("good" in t or "great" in t or "love" in t) for t in txt]
df=pd.DataFrame({"review text":txt,"stars":rng.integers(1,6,n),"positive":lab}); save("quotedtext",df,positive="True")
# 9 high-cardinality categoricals (a retail-like table): a store id with 1500 levels of Zipf-like frequency and its
# own effect, a product family of 120 levels, a region of 8, four numbers; regression and binary versions
n=20000
store_p=1/np.arange(1,1501)**0.8; store_p/=store_p.sum()
store=rng.choice(1500,n,p=store_p); product=rng.integers(0,120,n); region=rng.integers(0,8,n)
X=rng.normal(size=(n,4)); s_eff=rng.normal(0,1,1500); p_eff=rng.normal(0,0.7,120); r_eff=rng.normal(0,0.3,8)
signal=s_eff[store]+p_eff[product]+r_eff[region]+X[:,0]-0.5*X[:,1]**2+0.5*X[:,2]*(region%2)
df=pd.DataFrame({"store":[f"S{v:04d}" for v in store],"product":[f"P{v:03d}" for v in product],"region":[f"R{v}" for v in region]})
for i in range(4): df[f"x{i}"]=X[:,i]
reg=df.copy(); reg["sales"]=signal+rng.normal(0,1,n); save("highcard",reg)
binary=df.copy(); binary["returned"]=np.where(rng.random(n)<1/(1+np.exp(-(signal-0.5))),"yes","no"); save("highcard_binary",binary,positive="yes")
json.dump({"datasets": meta}, open(os.path.join(out, "datasets.json"), "w"), indent=1)
print("wrote", ", ".join(sorted(os.listdir(out))), "to", out)
