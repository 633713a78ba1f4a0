"""Golden values for tests/cv.rs: scikit-learn cross-validation and grid search
of LogisticRegression on the bundled real data, on folds scikit-learn deals.

Run from the repository root:
    .venv/bin/python tests/golden/make_golden_cv.py
It writes tests/golden/cv.json. Regenerate only with this script.

The folds come from StratifiedKFold(5, shuffle=True, random_state=0) and are
written into the JSON, so rareclass is scored on exactly these rows
(`cv::cross_validate_on`). The preparation repeats rareclass's default
pipeline inside each fold (fitted on the training folds only):
  numbers:     SimpleImputer(mean) → StandardScaler (ddof 0) → clip to ±5
  categories:  SimpleImputer(most_frequent) → OneHotEncoder(handle_unknown="ignore")
then LogisticRegression(C, class_weight, tol=1e-10, max_iter=10000). Scores
at threshold 0.5 give the threshold metrics.
"""

import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (average_precision_score, f1_score, precision_score,
                             recall_score, roc_auc_score)
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "cv.json"
SEED = 0


def prep(numeric, categorical):
    clip = FunctionTransformer(lambda a: np.clip(a, -5.0, 5.0))
    parts = [("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler(), clip), numeric)]
    if categorical:
        parts.append(("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                           OneHotEncoder(handle_unknown="ignore")), categorical))
    return ColumnTransformer(parts)


def case(file, label, positive, categorical, grid_c, grid_w):
    df = pd.read_csv(ROOT / "data" / file)
    y = (df[label].astype(str) == positive).to_numpy()
    X = df.drop(columns=[label])
    numeric = [c for c in X.columns if c not in categorical]
    folds = [test.tolist() for _, test in
             StratifiedKFold(5, shuffle=True, random_state=SEED).split(X, y)]
    splits = [(np.setdiff1d(np.arange(len(y)), f), np.array(f)) for f in folds]

    # Plain CV of the default model (C=1, no class weights): per-fold metrics.
    per_fold = []
    for train, test in splits:
        model = make_pipeline(prep(numeric, categorical),
                              LogisticRegression(C=1.0, tol=1e-10, max_iter=10000))
        model.fit(X.iloc[train], y[train])
        s = model.predict_proba(X.iloc[test])[:, 1]
        pred = s >= 0.5
        per_fold.append({
            "roc_auc": roc_auc_score(y[test], s),
            "pr_auc": average_precision_score(y[test], s),
            "precision": precision_score(y[test], pred, zero_division=0),
            "recall": recall_score(y[test], pred, zero_division=0),
            "f1": f1_score(y[test], pred, zero_division=0),
        })

    # Grid search scored by ROC-AUC on the same folds.
    search = GridSearchCV(
        make_pipeline(prep(numeric, categorical), LogisticRegression(tol=1e-10, max_iter=10000)),
        {"logisticregression__C": grid_c,
         "logisticregression__class_weight": [None if w == "none" else w for w in grid_w]},
        scoring="roc_auc", cv=splits)
    search.fit(X, y)
    r = search.cv_results_
    cells = []
    for i, params in enumerate(r["params"]):
        cells.append({
            "C": params["logisticregression__C"],
            "class_weight": params["logisticregression__class_weight"] or "none",
            "mean": float(r["mean_test_score"][i]),
            "std": float(r["std_test_score"][i]),
        })
    best = search.best_params_
    return {
        "file": file,
        "label": label,
        "positive": positive,
        "folds": folds,
        "per_fold": per_fold,
        "grid": {"C": grid_c, "class_weight": grid_w},
        "cells": cells,
        "best": {"C": best["logisticregression__C"],
                 "class_weight": best["logisticregression__class_weight"] or "none"},
        "calls": "StratifiedKFold(5, shuffle=True, random_state=0); "
                 "GridSearchCV(pipeline, grid, scoring='roc_auc', cv=<those folds>)",
    }


cases = [
    case("breast_cancer.csv", "target", "0", [], [0.01, 1.0, 100.0], ["none", "balanced"]),
    case("lending_club.csv", "Class", "bad",
         ["term", "sub_grade", "addr_state", "verification_status", "emp_length"],
         [0.001, 0.01, 1.0, 10.0, 100.0], ["none", "balanced"]),
]
OUT.write_text(json.dumps({
    "seed": SEED,
    "versions": {"python": platform.python_version(), "numpy": np.__version__,
                 "scipy": scipy.__version__, "sklearn": sklearn.__version__,
                 "pandas": pd.__version__},
    "cases": cases,
}, indent=1) + "\n")
print("wrote", OUT)
