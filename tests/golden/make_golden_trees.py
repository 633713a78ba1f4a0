"""Golden values for tests/trees.rs: scikit-learn's DecisionTreeClassifier on
the breast-cancer data, RandomForestClassifier and DummyClassifier on the
lending-club data.

Run from the repository root:
    .venv/bin/python tests/golden/make_golden_trees.py
It writes tests/golden/trees.json. Regenerate only with this script and
commit both together.

Conventions the Rust test repeats by hand:
- CSVs are read with pandas' engine="python" (Python's float(), correctly
  rounded, as Rust's str::parse) and features cast to float32, the type
  both scikit-learn's trees and rareclass use.
- breast_cancer.csv: y = (target == 0) (malignant); X = the other 30
  columns, unscaled.
- lending_club.csv: y = (Class == "bad"); X = the columns in file order,
  numeric ones as they are, text ones as the index of the value among the
  column's distinct values sorted by Python's str order (byte order here).
- Train/test rows are stored as 0-based row indices (stratified
  train_test_split), so Rust need not reproduce NumPy's generator.

Trees: each case is fitted with random_state 0..99. scikit-learn visits the
features in a random order and keeps the first of equally good splits, and
this data has nearly collinear columns (radius, perimeter, area) that
often cut the training rows identically (or equally well), so the tree
may depend on random_state. Each case records what all 100 fits agree on
(null otherwise): the whole tree (sklearn's tree_ arrays, value =
positive share), the root split, the probabilities of every row, those of
the training rows; and the set of test ROC-AUCs the 100 trees reach. A
correct CART with any tie rule grows one of these trees, so its test AUC
is in the set.
"""

import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "trees.json"
SEED = 0


def r(v):
    return repr(float(v))


# ---- breast cancer: single trees ----
bc = pd.read_csv(ROOT / "data" / "breast_cancer.csv", engine="python")
y_bc = (bc["target"] == 0).to_numpy()
X_bc = bc.drop(columns=["target"]).to_numpy(dtype=np.float64).astype(np.float32)
tr_bc, te_bc = train_test_split(np.arange(len(y_bc)), test_size=0.25, stratify=y_bc, random_state=SEED)
tr_bc, te_bc = np.sort(tr_bc), np.sort(te_bc)

TREE_CASES = [
    ("depth2", dict(max_depth=2), {"max_depth": 2}),
    ("depth3", dict(max_depth=3), {"max_depth": 3}),
    ("depth2_balanced", dict(max_depth=2, class_weight="balanced"), {"max_depth": 2, "class_weight": "balanced"}),
    ("depth3_leaf5", dict(max_depth=3, min_samples_leaf=5), {"max_depth": 3, "min_samples_leaf": 5}),
]
N_STATES = 100


def tree_arrays(m):
    t = m.tree_
    leaf = t.children_left == -1
    return {
        "children_left": np.where(leaf, 0, t.children_left).tolist(),
        "children_right": np.where(leaf, 0, t.children_right).tolist(),
        "feature": np.where(leaf, 0, t.feature).tolist(),
        "threshold": [r(v) if not lf else "0.0" for v, lf in zip(t.threshold, leaf)],
        "value": [r(v) for v in t.value[:, 0, 1]],
        "n_node_samples": t.n_node_samples.tolist(),
    }


tree_cases = []
for name, kw, rust in TREE_CASES:
    fits = [DecisionTreeClassifier(random_state=s, **kw).fit(X_bc[tr_bc], y_bc[tr_bc]) for s in range(N_STATES)]
    arrays = [tree_arrays(m) for m in fits]
    probas = [m.predict_proba(X_bc)[:, 1] for m in fits]
    m = fits[0]
    proba = probas[0]
    same_all = all((p == proba).all() for p in probas[1:])
    same_train = all((p[tr_bc] == proba[tr_bc]).all() for p in probas[1:])
    roots = {(int(f.tree_.feature[0]), float(f.tree_.threshold[0])) for f in fits}
    same_tree = all(a == arrays[0] for a in arrays[1:])
    aucs = sorted({float(roc_auc_score(y_bc[te_bc], p[te_bc])) for p in probas})
    n_trees = len({json.dumps(a) for a in arrays})
    tree_cases.append(
        {
            "name": name,
            "call": f"DecisionTreeClassifier(random_state=0..99, {', '.join(f'{k}={v!r}' for k, v in kw.items())})"
            ".fit(X[train], y[train])",
            "params": rust,
            "tree": arrays[0] if same_tree else None,
            "root": {"feature": m.tree_.feature[0].item(), "threshold": r(m.tree_.threshold[0])}
            if len(roots) == 1
            else None,
            "distinct_trees": n_trees,
            "proba_all_rows": [r(v) for v in proba] if same_all else None,
            "proba_train_rows": [r(v) for v in proba[tr_bc]] if same_train else None,
            "test_roc_auc_set": [r(v) for v in aucs],
        }
    )
    print(f"{name}: {n_trees} trees, same all {same_all} train {same_train}, roots {roots}, aucs {aucs}")

# ---- lending club: forest and majority baseline ----
lc = pd.read_csv(ROOT / "data" / "lending_club.csv", engine="python")
y_lc = (lc["Class"] == "bad").to_numpy()
cols = []
for c in lc.columns:
    if c == "Class":
        continue
    if lc[c].dtype.kind in "if":
        cols.append(lc[c].to_numpy(dtype=np.float64))
    else:
        levels = sorted(lc[c].unique())
        cols.append(lc[c].map({v: i for i, v in enumerate(levels)}).to_numpy(dtype=np.float64))
X_lc = np.column_stack(cols).astype(np.float32)
tr_lc, te_lc = train_test_split(np.arange(len(y_lc)), test_size=0.25, stratify=y_lc, random_state=SEED)
tr_lc, te_lc = np.sort(tr_lc), np.sort(te_lc)
forest_aucs = []
for s in range(5):
    rf = RandomForestClassifier(n_estimators=100, random_state=s).fit(X_lc[tr_lc], y_lc[tr_lc])
    forest_aucs.append(roc_auc_score(y_lc[te_lc], rf.predict_proba(X_lc[te_lc])[:, 1]))
print("forest test AUCs", forest_aucs)
dummy = DummyClassifier(strategy="prior").fit(X_lc[tr_lc], y_lc[tr_lc])
dp = dummy.predict_proba(X_lc[te_lc])[:, 1]

doc = {
    "generator": "tests/golden/make_golden_trees.py",
    "versions": {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "sklearn": sklearn.__version__,
    },
    "seed": SEED,
    "tolerance": "trees: structure, thresholds and n_node_samples exact, values and probabilities 1e-12, "
    "test ROC-AUC within 1e-9 of a member of test_roc_auc_set; forest: test ROC-AUC within 0.02 of the mean over sklearn seeds; majority: exact",
    "breast_cancer": {
        "data": "y = (target == 0); X = the 30 other columns as float32, unscaled",
        "split": "train_test_split(arange(n), test_size=0.25, stratify=y, random_state=0), each sorted",
        "train": tr_bc.tolist(),
        "test": te_bc.tolist(),
        "cases": tree_cases,
    },
    "lending_club": {
        "data": "y = (Class == 'bad'); X = columns in file order, numeric as is, text as index in sorted distinct values; float32",
        "split": "train_test_split(arange(n), test_size=0.25, stratify=y, random_state=0), each sorted",
        "train": tr_lc.tolist(),
        "test": te_lc.tolist(),
        "forest_call": "RandomForestClassifier(n_estimators=100, random_state=s).fit(X[train], y[train]), s = 0..4",
        "forest_test_roc_auc": [r(v) for v in forest_aucs],
        "forest_test_roc_auc_mean": r(np.mean(forest_aucs)),
        "majority_call": "DummyClassifier(strategy='prior').fit(X[train], y[train]).predict_proba(X[test])[:, 1]",
        "majority_score": r(dp[0]),
        "majority_test_roc_auc": r(roc_auc_score(y_lc[te_lc], dp)),
        "majority_test_average_precision": r(average_precision_score(y_lc[te_lc], dp)),
    },
}
OUT.write_text(json.dumps(doc) + "\n")
print("wrote", OUT)
