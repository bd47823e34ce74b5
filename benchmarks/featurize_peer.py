#!/usr/bin/python3
"""scikit-learn side of `DeepRoad.Benchmarks featurize`: seconds to fit and apply TfidfVectorizer configurations
comparable to DeepRoad's default featurizer (words 1-2, with and without 5000 per length, and with character 1-3-grams).
Usage: featurize_peer.py FILE.csv TEXT_COLUMN
"""
import sys, time
import pandas as pd
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

texts = pd.read_csv(sys.argv[1])[sys.argv[2]].fillna("")
configs = {
    "word 1-2": [TfidfVectorizer(ngram_range=(1, 2))],
    "word 1-2, top 5000": [TfidfVectorizer(ngram_range=(1, 2), max_features=10000)],
    "word 1-2, char 1-3, top 5000": [TfidfVectorizer(ngram_range=(1, 2), max_features=10000), TfidfVectorizer(analyzer="char", ngram_range=(1, 3), max_features=15000)],
    "word 1-2, char 1-3": [TfidfVectorizer(ngram_range=(1, 2)), TfidfVectorizer(analyzer="char", ngram_range=(1, 3))],
}
print("| configuration | fit s | transform s | slots | stored values per row |")
print("|---|---|---|---|---|")
for name, vectorizers in configs.items():
    t = time.time()
    for v in vectorizers: v.fit(texts)
    fit = time.time() - t
    t = time.time()
    X = hstack([v.transform(texts) for v in vectorizers]).tocsr()
    transform = time.time() - t
    print(f"| {name} | {fit:.2f} | {transform:.2f} | {X.shape[1]} | {X.nnz / X.shape[0]:.0f} |")
