"""Golden values for the result views (tests/views_golden.rs), from scikit-learn.

Run from the repository root:

    .venv/bin/python tests/golden/make_golden_views.py

It writes tests/golden/views.json:

- "calibration": cases of y and probabilities (continuous, and tied scores on
  a coarse grid so quantile edges land on scores), each with
  sklearn.calibration.calibration_curve's prob_true / prob_pred for a strategy
  and bin count, brier_score_loss, the rows per non-empty bin (NumPy's
  bincount of np.searchsorted(edges[1:-1], p), the binning calibration_curve
  does internally), and Murphy's decomposition computed with NumPy from those
  bins: reliability = sum n_k (prob_pred_k - prob_true_k)^2 / N, resolution =
  sum n_k (prob_true_k - mean(y))^2 / N, uncertainty = mean(y)(1 - mean(y)).
- "permutation": a LogisticRegression fitted by scikit-learn on generated
  imbalanced float32 data (coef_, intercept_ recorded, so rareclass scores the
  same model), sklearn.inspection.permutation_importance on held-out rows for
  four scorings, and the row orders it used: rebuilt here the way
  permutation_importance draws them (one seed from random_state, the same
  RandomState(seed) per feature, the index array shuffled in place each
  repeat and applied to the already permuted column, so repeat r's order is
  the composition of the r shuffles).
- "coefficients": coef_ times X_train.std(axis=0) (ddof 0), sorted by
  magnitude.

Floats are written as Python reprs (shortest round trip), read back bit for bit.
"""

import json
import platform
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss

SEED = 20261206
OUT = Path(__file__).with_name("views.json")


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def calibration_case(name, y, p, n_bins, strategy):
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    if strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], p)
    total = np.bincount(ids, minlength=n_bins)
    counts = total[total != 0]
    assert len(counts) == len(prob_true)
    n = len(y)
    base = float(np.mean(y))
    reliability = float(np.sum(counts * (prob_pred - prob_true) ** 2) / n)
    resolution = float(np.sum(counts * (prob_true - base) ** 2) / n)
    return {
        "name": name,
        "n_bins": n_bins,
        "strategy": strategy,
        "y": [int(v) for v in y],
        "p": floats(p),
        "prob_true": floats(prob_true),
        "prob_pred": floats(prob_pred),
        "counts": [int(c) for c in counts],
        "edges": floats(edges),
        "brier": float(brier_score_loss(y, p)),
        "reliability": reliability,
        "resolution": resolution,
        "uncertainty": base * (1 - base),
    }


def calibration_cases(rng):
    cases = []
    # Continuous, skewed towards 0 as on imbalanced data; labels drawn from
    # a miscalibrated truth (p^0.7) so reliability is not zero.
    p = rng.beta(0.6, 4.0, size=1500)
    y = (rng.uniform(size=p.size) < p**0.7).astype(int)
    for n_bins, strategy in [(10, "uniform"), (10, "quantile"), (7, "quantile"), (15, "uniform")]:
        cases.append(calibration_case(f"beta n={p.size}", y, p, n_bins, strategy))
    # Ties on a 0.05 grid (tree-like scores): quantile edges fall on scores.
    p = np.round(rng.beta(1.2, 3.0, size=400) / 0.05) * 0.05
    p = np.clip(p, 0, 1)
    y = (rng.uniform(size=p.size) < p).astype(int)
    for n_bins, strategy in [(10, "uniform"), (10, "quantile"), (4, "quantile")]:
        cases.append(calibration_case(f"grid n={p.size}", y, p, n_bins, strategy))
    # Exactly the uniform edges as scores (0, 0.1, ..., 1).
    p = np.linspace(0, 1, 11)
    y = np.array([0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1])
    cases.append(calibration_case("edges", y, p, 10, "uniform"))
    cases.append(calibration_case("edges", y, p, 5, "quantile"))
    return cases


def sklearn_orders(random_state, n_rows, n_repeats):
    """The row orders permutation_importance applies, rebuilt from its source."""
    rs = np.random.RandomState(random_state)
    seed = rs.randint(np.iinfo(np.int32).max + 1)
    feature_rs = np.random.RandomState(seed)
    idx = np.arange(n_rows)
    effective = np.arange(n_rows)
    orders = []
    for _ in range(n_repeats):
        feature_rs.shuffle(idx)
        effective = effective[idx]
        orders.append([int(i) for i in effective])
    return orders


def permutation_case(rng):
    x, y = make_classification(
        n_samples=900, n_features=6, n_informative=3, n_redundant=1, weights=[0.9],
        class_sep=0.8, random_state=SEED % 1000,
    )
    # float32 values, as rareclass's feature matrices hold them.
    x = x.astype(np.float32).astype(np.float64)
    x[:, 5] = x[:, 5] * 40.0 + 100.0  # a feature in other units
    x = x.astype(np.float32).astype(np.float64)
    x_train, y_train, x_val, y_val = x[:600], y[:600], x[600:], y[600:]
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x_train, y_train)
    n_repeats, random_state = 5, 7
    orders = sklearn_orders(random_state, len(y_val), n_repeats)
    results = {}
    for scoring in ["average_precision", "roc_auc", "neg_log_loss", "neg_brier_score"]:
        r = permutation_importance(model, x_val, y_val, scoring=scoring, n_repeats=n_repeats,
                                   random_state=random_state)
        results[scoring] = {
            "importances": [floats(row) for row in r.importances],
            "mean": floats(r.importances_mean),
            "std": floats(r.importances_std),
        }
    # The orders really are sklearn's: permuting by hand gives its numbers.
    col = x_val.copy()
    col[:, 0] = x_val[orders[2], 0]
    from sklearn.metrics import get_scorer
    base = get_scorer("roc_auc")(model, x_val, y_val)
    assert abs((base - get_scorer("roc_auc")(model, col, y_val)) - results["roc_auc"]["importances"][0][2]) < 1e-12
    std = x_train.std(axis=0)
    standardised = model.coef_[0] * std
    order = np.argsort(-np.abs(standardised), kind="stable")
    return {
        "x_train": [floats(r) for r in x_train],
        "x_val": [floats(r) for r in x_val],
        "y_val": [int(v) for v in y_val],
        "coef": floats(model.coef_[0]),
        "intercept": float(model.intercept_[0]),
        "n_repeats": n_repeats,
        "random_state": random_state,
        "orders": orders,
        "results": results,
    }, {
        "features": [f"x{j}" for j in order],
        "std": floats(std[order]),
        "standardised": floats(standardised[order]),
    }


def main():
    rng = np.random.default_rng(SEED)
    permutation, coefficients = permutation_case(rng)
    out = {
        "generator": "tests/golden/make_golden_views.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "seed": SEED,
        "tolerance": 1e-12,
        "calls": {
            "calibration": "calibration_curve(y, p, n_bins=n_bins, strategy=strategy); brier_score_loss(y, p)",
            "permutation": "permutation_importance(LogisticRegression(C=1).fit(x_train, y_train), x_val, y_val, scoring=s, n_repeats=5, random_state=7)",
            "coefficients": "coef_[0] * x_train.std(axis=0)",
        },
        "calibration": calibration_cases(rng),
        "permutation": permutation,
        "coefficients": coefficients,
    }
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
