"""Golden values for tests/gbdt.rs: scikit-learn's
HistGradientBoostingClassifier on small generated data sets, fitted without
early stopping, so rareclass's boosted trees can be checked tree by tree.

Run from the repository root:
    .venv/bin/python tests/golden/make_golden_gbdt.py
It writes tests/golden/gbdt.json. Regenerate only with this script and
commit both together.

Each case stores its rows (X as float32-exact numbers, NaN as null; y as
0/1), the settings in both spellings, and what HGB fitted:
- baseline: the raw score before any tree (_baseline_prediction);
- first_tree: the root split (feature, threshold, gain, missing_go_to_left),
  the number of leaves and the sorted leaf values (learning rate applied);
- raw_first: every row's raw score after the first tree
  (staged_decision_function), raw_final: after all of them
  (decision_function), n_trees.

Cases: "dyadic" (values on a 1/8 grid, few distinct values: edges are the
midpoints), "quantile" (continuous values, 16 bins: edges from quantiles, 512
rows so every n·k/16 is whole), "missing" (NaNs in two features, one of them
telling the label; depth-limited growth), "balanced" (10 % positives,
class_weight="balanced"). Values keep n·k/max_bins exact and use dyadic
numbers, so float rounding cannot move an edge or a quantile rank.
"""

import json
import platform
from pathlib import Path

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "gbdt.json"
SEED = 0


def labels(rng, X, rate_shift=0.0):
    """y ~ Bernoulli(sigmoid(linear + interaction)), NaN read as 0."""
    Z = np.nan_to_num(X.astype(np.float64))
    z = 1.2 * Z[:, 0] - 0.8 * Z[:, 1] + 0.6 * Z[:, 2] * (Z[:, 1] > 0) + rate_shift
    return (rng.random(len(z)) < 1 / (1 + np.exp(-z))).astype(np.int64)


def case(name, X, y, hgb, ours):
    X = X.astype(np.float32)
    clf = HistGradientBoostingClassifier(early_stopping=False, random_state=SEED, **hgb)
    clf.fit(X.astype(np.float64), y)
    Xf = X.astype(np.float64)
    staged = list(clf.staged_decision_function(Xf))
    nodes = clf._predictors[0][0].nodes
    root = nodes[0]
    leaves = sorted(float(v) for v in nodes["value"][nodes["is_leaf"] == 1])
    rows = [[None if np.isnan(v) else float(v) for v in r] for r in X]
    return {
        "name": name,
        "hgb_params": {**hgb, "early_stopping": False, "random_state": SEED},
        "params": ours,
        "x": rows,
        "y": [int(v) for v in y],
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),
        "first_tree": {
            "root_feature": int(root["feature_idx"]),
            "root_threshold": float(root["num_threshold"]),
            "root_gain": float(root["gain"]),
            "root_missing_left": bool(root["missing_go_to_left"]),
            "n_leaves": int(nodes["is_leaf"].sum()),
            "leaf_values": leaves,
        },
        "raw_first": [float(v) for v in np.ravel(staged[0])],
        "raw_final": [float(v) for v in np.ravel(clf.decision_function(Xf))],
        "n_trees": int(clf.n_iter_),
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    X = np.round(rng.normal(size=(400, 4)) * 8) / 8
    X = np.clip(X, -4, 4)
    y = labels(rng, X)
    cases.append(case(
        "dyadic", X, y,
        dict(max_iter=5, learning_rate=0.3, max_leaf_nodes=6, min_samples_leaf=10, l2_regularization=0.5),
        dict(n_rounds=5, learning_rate=0.3, max_leaves=6, min_samples_leaf=10, **{"lambda": 0.5}),
    ))

    X = np.round(rng.normal(size=(512, 3)) * 4096) / 4096
    y = labels(rng, X)
    cases.append(case(
        "quantile", X, y,
        dict(max_iter=3, learning_rate=0.1, max_leaf_nodes=8, min_samples_leaf=5, max_bins=16),
        dict(n_rounds=3, learning_rate=0.1, max_leaves=8, min_samples_leaf=5, max_bins=16),
    ))

    X = np.round(rng.normal(size=(400, 4)) * 8) / 8
    y = labels(rng, X)
    X[rng.random(400) < 0.15, 0] = np.nan
    # Feature 3 is missing mostly on positive rows: where its NaNs go matters.
    X[(y == 1) & (rng.random(400) < 0.5), 3] = np.nan
    cases.append(case(
        "missing", X, y,
        dict(max_iter=4, learning_rate=0.2, max_leaf_nodes=None, max_depth=3, min_samples_leaf=8),
        dict(n_rounds=4, learning_rate=0.2, max_leaves=None, max_depth=3, growth="depth_wise", min_samples_leaf=8),
    ))

    X = np.round(rng.normal(size=(600, 4)) * 8) / 8
    y = labels(rng, X, rate_shift=-3.0)
    cases.append(case(
        "balanced", X, y,
        dict(max_iter=4, learning_rate=0.3, max_leaf_nodes=5, min_samples_leaf=10, class_weight="balanced"),
        dict(n_rounds=4, learning_rate=0.3, max_leaves=5, min_samples_leaf=10, class_weight="balanced"),
    ))

    out = {
        "generator": "tests/golden/make_golden_gbdt.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "seed": SEED,
        "tolerance": {"raw": 1e-6, "gain": 1e-6, "threshold": 1e-6},
        "calls": {
            "fit": "HistGradientBoostingClassifier(early_stopping=False, random_state=0, **hgb_params).fit(X.astype(float64), y)",
            "baseline": "clf._baseline_prediction",
            "first_tree": "clf._predictors[0][0].nodes (root = nodes[0]; leaves where is_leaf)",
            "raw_first": "next(clf.staged_decision_function(X))",
            "raw_final": "clf.decision_function(X)",
        },
        "cases": cases,
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
