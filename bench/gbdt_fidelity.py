"""Boosted trees against LightGBM and scikit-learn's HistGradientBoosting on
the very same cross-validation folds, at matched settings (not CI; run for
the closing note of the gbdt work):

    OMP_NUM_THREADS=1 python bench/gbdt_fidelity.py [--rareclass target/release/rareclass]

For the bundled files and the credit-card set ($CREDITCARD, default
bench/data/creditcard.csv) it runs `rareclass cv --model gbdt --json`
(seeded stratified 5-fold), reads the folds it used (`fold_rows`), prepares
the features as rareclass's default pipeline does (bench/check_cv.py's
`prep`) and fits LightGBM and HistGradientBoostingClassifier on each fold's
training rows with the same settings: 300 rounds, rate 0.03, 15 leaves,
≥ 20 rows a leaf, no L2, 255 bins, no early stopping, no subsampling.
Prints mean ± sd over the folds of ROC-AUC and PR-AUC (AP) per tool, and
whether rareclass's mean lies within the peers' spread: between the lower
peer mean minus its fold sd and the higher peer mean plus its fold sd.
"""

import argparse
import os
import sys
from pathlib import Path

# One OpenMP thread for HGB: the scores do not depend on it, and HGB's
# spinning threads crawl on a loaded machine.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from lightgbm import LGBMClassifier  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_cv import cv_run, prep  # noqa: E402  (the same run and preparation as check_cv)

ROOT = Path(__file__).resolve().parents[1]
ROUNDS, RATE, LEAVES, MIN_LEAF = 300, 0.03, 15, 20
SETTINGS = [f"n_rounds={ROUNDS}", f"learning_rate={RATE}", f"max_leaves={LEAVES}",
            f"min_samples_leaf={MIN_LEAF}", "lambda=0", "early_stopping=none"]


def peers():
    lgbm = LGBMClassifier(n_estimators=ROUNDS, learning_rate=RATE, num_leaves=LEAVES, min_child_samples=MIN_LEAF,
                          min_child_weight=1e-3, reg_lambda=0.0, max_bin=255, subsample=1.0, colsample_bytree=1.0,
                          n_jobs=1, random_state=42, verbose=-1)
    hgb = HistGradientBoostingClassifier(max_iter=ROUNDS, learning_rate=RATE, max_leaf_nodes=LEAVES,
                                         min_samples_leaf=MIN_LEAF, l2_regularization=0.0, max_bins=255,
                                         early_stopping=False, random_state=42)
    return {"LightGBM": lgbm, "sklearn HGB": hgb}


def check(rareclass, path, label, positive, extra, categorical, drop, log):
    report, X, y, numeric = cv_run(rareclass, path, label, positive,
                                   ["--model", "gbdt", *[a for s in SETTINGS for a in ("--set", s)], *extra],
                                   categorical, drop, log)
    n = len(y)
    model = report["models"][0]
    scores = {"rareclass": []}
    for f, held_out in enumerate(report["fold_rows"]):
        test = np.array(held_out)
        train = np.setdiff1d(np.arange(n), test)
        ours = model["folds"][f]["evaluation"]
        scores["rareclass"].append((ours["roc_auc"], ours["pr_auc"]))
        # Dense features (HGB refuses the one-hot encoder's sparse output).
        pt = prep(numeric, categorical)
        dense = lambda a: a.toarray() if hasattr(a, "toarray") else np.asarray(a)  # noqa: E731
        x_train = dense(pt.fit_transform(X.iloc[train]))
        x_test = dense(pt.transform(X.iloc[test]))
        for name, est in peers().items():
            est.fit(x_train, y[train])
            s = est.predict_proba(x_test)[:, 1]
            scores.setdefault(name, []).append((roc_auc_score(y[test], s), average_precision_score(y[test], s)))
    arr = {k: np.array(v) for k, v in scores.items()}
    ok = True
    cells = []
    for m in (0, 1):
        for k in arr:
            cells.append(f"{arr[k][:, m].mean():.4f} ± {arr[k][:, m].std():.4f}")
        lo = min(arr[k][:, m].mean() - arr[k][:, m].std() for k in arr if k != "rareclass")
        hi = max(arr[k][:, m].mean() + arr[k][:, m].std() for k in arr if k != "rareclass")
        inside = lo <= arr["rareclass"][:, m].mean() <= hi
        ok &= inside
        cells.append("yes" if inside else "**no**")
    print(f"| {path.name} | " + " | ".join(cells) + " |", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rareclass", default=str(ROOT / "target" / "release" / "rareclass"))
    args = ap.parse_args()
    print(f"gbdt {ROUNDS} rounds, rate {RATE}, {LEAVES} leaves, min {MIN_LEAF} rows a leaf; 5-fold CV, mean ± sd over folds; "
          f"load average {os.getloadavg()[0]:.2f}\n")
    print("| data | rareclass ROC-AUC | LightGBM ROC-AUC | HGB ROC-AUC | within | rareclass AP | LightGBM AP | HGB AP | within |")
    print("|---|---|---|---|---|---|---|---|---|")
    ok = check(args.rareclass, ROOT / "data" / "lending_club.csv", "Class", "bad", [],
               ["term", "sub_grade", "addr_state", "verification_status", "emp_length"], [], [])
    ok &= check(args.rareclass, ROOT / "data" / "breast_cancer.csv", "target", "0", [], [], [], [])
    cc = Path(os.environ.get("CREDITCARD", ROOT / "bench" / "data" / "creditcard.csv"))
    if cc.exists():
        ok &= check(args.rareclass, cc, "Class", "1", ["--drop", "Time", "--log", "Amount"], [], ["Time"], ["Amount"])
    else:
        print(f"(credit-card set not found at {cc}; set CREDITCARD)", file=sys.stderr)
    print("\nrareclass within the peers' spread on every file and metric" if ok else "\nOUTSIDE the peers' spread somewhere")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
