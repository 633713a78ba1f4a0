"""Checks `rareclass cv` against scikit-learn on the very same folds (not CI;
run for the closing note of the CV work).

    python bench/check_cv.py [--rareclass target/release/rareclass]

For lending_club.csv and the credit-card set ($CREDITCARD, default
bench/data/creditcard.csv) it runs `rareclass cv --json` (seeded stratified
5-fold, logistic regression, plain and class-balanced), reads the folds it
used from the report (`fold_rows`), refits the same preparation and model in
scikit-learn on each fold's training rows, and prints per-fold and mean
ROC-AUC / PR-AUC from both with the largest difference.

The preparation repeats rareclass's default pipeline: numbers → mean
imputation → StandardScaler (ddof 0) → clip ±5; categories → most-frequent
imputation → one-hot (unknown ignored); for the credit-card set `Time` is
dropped and `Amount` replaced by ln(Amount + 0.001), as the tutorial.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

ROOT = Path(__file__).resolve().parents[1]


def prep(numeric, categorical):
    clip = FunctionTransformer(lambda a: np.clip(a, -5.0, 5.0))
    parts = [("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler(), clip), numeric)]
    if categorical:
        parts.append(("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                           OneHotEncoder(handle_unknown="ignore")), categorical))
    return ColumnTransformer(parts)


def cv_run(rareclass, path, label, positive, args, categorical, drop, log):
    """`rareclass cv --json` on `path` (5 folds, extra `args`) and the same
    file as scikit-learn reads it: (report, X, y, numeric columns)."""
    out = subprocess.run(
        [rareclass, "cv", str(path), "--label", label, "--positive", positive, "--folds", "5",
         "--json", "--quiet", *args],
        check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    df = pd.read_csv(path)
    y = (df[label].astype(str) == positive).to_numpy()
    X = df.drop(columns=[label, *drop])
    for c in log:
        X[c] = np.log(X[c] + 0.001)
    numeric = [c for c in X.columns if c not in categorical]
    return report, X, y, numeric


def check(rareclass, path, label, positive, extra, categorical, drop, log):
    report, X, y, numeric = cv_run(rareclass, path, label, positive,
                                   ["--tol", "1e-8", "--imbalance", "none,class-weight", *extra],
                                   categorical, drop, log)
    n = len(y)
    worst = 0.0
    for model in report["models"]:
        weight = "balanced" if "balanced" in model["name"] else None
        rows = []
        for f, held_out in enumerate(report["fold_rows"]):
            test = np.array(held_out)
            train = np.setdiff1d(np.arange(n), test)
            sk = make_pipeline(prep(numeric, categorical),
                               LogisticRegression(C=1.0, class_weight=weight, tol=1e-10, max_iter=10000))
            sk.fit(X.iloc[train], y[train])
            s = sk.predict_proba(X.iloc[test])[:, 1]
            ours = model["folds"][f]["evaluation"]
            theirs = (roc_auc_score(y[test], s), average_precision_score(y[test], s))
            rows.append((ours["roc_auc"], theirs[0], ours["pr_auc"], theirs[1]))
        rows = np.array(rows)
        d = np.abs(rows[:, 0] - rows[:, 1]).max(initial=0), np.abs(rows[:, 2] - rows[:, 3]).max(initial=0)
        worst = max(worst, *d)
        print(f"| {path.name} | {model['name']} | {rows[:, 0].mean():.4f} ± {rows[:, 0].std():.4f} "
              f"| {rows[:, 1].mean():.4f} ± {rows[:, 1].std():.4f} | {d[0]:.1e} "
              f"| {rows[:, 2].mean():.4f} ± {rows[:, 2].std():.4f} | {rows[:, 3].mean():.4f} ± {rows[:, 3].std():.4f} "
              f"| {d[1]:.1e} |")
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rareclass", default=str(ROOT / "target" / "release" / "rareclass"))
    args = ap.parse_args()
    print("| data | model | rareclass ROC-AUC | sklearn ROC-AUC | max fold Δ | rareclass PR-AUC | sklearn PR-AUC | max fold Δ |")
    print("|---|---|---|---|---|---|---|---|")
    worst = check(args.rareclass, ROOT / "data" / "lending_club.csv", "Class", "bad", [],
                  ["term", "sub_grade", "addr_state", "verification_status", "emp_length"], [], [])
    cc = Path(os.environ.get("CREDITCARD", ROOT / "bench" / "data" / "creditcard.csv"))
    if cc.exists():
        worst = max(worst, check(args.rareclass, cc, "Class", "1", ["--drop", "Time", "--log", "Amount"],
                                 [], ["Time"], ["Amount"]))
    else:
        print(f"(credit-card set not found at {cc}; set CREDITCARD)", file=sys.stderr)
    print(f"\nlargest per-fold difference: {worst:.1e}")


if __name__ == "__main__":
    main()
