"""Golden values for rareclass's metrics (tests/metrics.rs), from scikit-learn.

Run from the repository root:

    .venv/bin/python tests/golden/make_golden_metrics.py

It writes tests/golden/metrics.json: for each fixed case, y, the scores, the
thresholds tried, and every value scikit-learn (and SciPy for KS) returns on
them, plus the warnings scikit-learn raised. The exact calls and the library
versions are recorded in the JSON. Every float is written as a string, its
Python repr ("0.1", "-0.0", "inf", "nan"), so it reads back bit for bit.

Conventions the Rust side must reproduce:
- a row is predicted positive when score >= threshold;
- KS is max |tpr - fpr| over roc_curve(..., drop_intermediate=False), checked
  against scipy.stats.ks_2samp(positive scores, negative scores).statistic.
"""

import json
import math
import platform
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn import metrics as M
from sklearn.dummy import DummyClassifier

SEED = 20261123
OUT = Path(__file__).with_name("metrics.json")

CALLS = {
    "confusion": "confusion_matrix(y, pred, labels=[0, 1]).ravel() -> tn, fp, fn, tp, with pred = (scores >= threshold)",
    "accuracy": "accuracy_score(y, pred)",
    "majority_accuracy": "DummyClassifier(strategy='most_frequent').fit(X0, y).score(X0, y)",
    "precision": "precision_score(y, pred)  # zero_division='warn' default",
    "recall": "recall_score(y, pred)",
    "specificity": "recall_score(y, pred, pos_label=0)",
    "f1": "f1_score(y, pred)",
    "fbeta2": "fbeta_score(y, pred, beta=2)",
    "balanced_accuracy": "balanced_accuracy_score(y, pred)",
    "mcc": "matthews_corrcoef(y, pred)",
    "roc_curve": "roc_curve(y, scores)  # drop_intermediate=True",
    "roc_curve_full": "roc_curve(y, scores, drop_intermediate=False)",
    "roc_auc": "roc_auc_score(y, scores)",
    "pr_curve": "precision_recall_curve(y, scores)  # drop_intermediate=False",
    "pr_curve_dropped": "precision_recall_curve(y, scores, drop_intermediate=True)",
    "average_precision": "average_precision_score(y, scores)",
    "log_loss": "log_loss(y, scores, labels=[0, 1])",
    "brier": "brier_score_loss(y, scores)",
    "ks_abs": "max(abs(tpr - fpr)) over roc_curve(y, scores, drop_intermediate=False)",
    "ks_signed": "max(tpr - fpr) over roc_curve(y, scores, drop_intermediate=False)",
    "ks_2samp": "scipy.stats.ks_2samp(scores[y == 1], scores[y == 0]).statistic",
}


def enc(x):
    """A float as its shortest round-trip text (Python repr): "0.1", "inf", "nan".

    Strings, not JSON numbers, because serde_json's default number parser is
    not correctly rounded (0.9999999999999999 reads as 1.0), while Rust's
    str::parse::<f64> is; and JSON has no NaN or infinity.
    """
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def enc_list(a):
    return [enc(v) for v in np.asarray(a, dtype=np.float64)]


def call(f):
    """(value or None, error text or None, warning messages)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value, error = f(), None
        except ValueError as e:
            value, error = None, str(e)
    return value, error, [f"{w.category.__name__}: {w.message}" for w in caught]


def at_threshold(y, scores, t):
    pred = (scores >= t).astype(int)
    row = {"threshold": enc(t)}
    tn, fp, fn, tp = M.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    row.update(tn=int(tn), fp=int(fp), fn=int(fn), tp=int(tp))
    x0 = np.zeros((len(y), 1))
    funcs = {
        "accuracy": lambda: M.accuracy_score(y, pred),
        "majority_accuracy": lambda: DummyClassifier(strategy="most_frequent").fit(x0, y).score(x0, y),
        "precision": lambda: M.precision_score(y, pred),
        "recall": lambda: M.recall_score(y, pred),
        "specificity": lambda: M.recall_score(y, pred, pos_label=0),
        "f1": lambda: M.f1_score(y, pred),
        "fbeta2": lambda: M.fbeta_score(y, pred, beta=2),
        "balanced_accuracy": lambda: M.balanced_accuracy_score(y, pred),
        "mcc": lambda: M.matthews_corrcoef(y, pred),
    }
    undefined = []
    for name, f in funcs.items():
        value, error, caught = call(f)
        assert error is None, (name, error)
        row[name] = enc(value)
        if any(w.startswith("UndefinedMetricWarning") for w in caught):
            undefined.append(name)
    # Which values scikit-learn itself flagged as ill-defined (zero_division).
    row["sklearn_undefined"] = undefined
    return row


def case(name, description, y, scores, extra_thresholds=()):
    y = np.asarray(y, dtype=int)
    scores = np.asarray(scores, dtype=np.float64)
    s_sorted = np.unique(scores)
    thresholds = [0.5, 0.0, float(np.median(scores)), float(s_sorted[0]), float(s_sorted[-1]),
                  float(s_sorted[len(s_sorted) // 2]), float(s_sorted[-1]) + 1.0,
                  float(s_sorted[0]) - 1.0, math.inf, *extra_thresholds]
    out = {
        "name": name,
        "description": description,
        "y": [bool(v) for v in y],
        "scores": enc_list(scores),
        "at_thresholds": [at_threshold(y, scores, t) for t in thresholds],
    }
    warned = {}

    def record(key, f, convert):
        value, error, caught = call(f)
        out[key] = convert(value) if error is None else None
        if error is not None:
            out[key + "_error"] = error
        if caught:
            warned[key] = caught

    record("roc_curve", lambda: M.roc_curve(y, scores),
           lambda r: {"fpr": enc_list(r[0]), "tpr": enc_list(r[1]), "thresholds": enc_list(r[2])})
    record("roc_curve_full", lambda: M.roc_curve(y, scores, drop_intermediate=False),
           lambda r: {"fpr": enc_list(r[0]), "tpr": enc_list(r[1]), "thresholds": enc_list(r[2])})
    record("roc_auc", lambda: M.roc_auc_score(y, scores), enc)
    record("pr_curve", lambda: M.precision_recall_curve(y, scores),
           lambda r: {"precision": enc_list(r[0]), "recall": enc_list(r[1]), "thresholds": enc_list(r[2])})
    record("pr_curve_dropped", lambda: M.precision_recall_curve(y, scores, drop_intermediate=True),
           lambda r: {"precision": enc_list(r[0]), "recall": enc_list(r[1]), "thresholds": enc_list(r[2])})
    record("average_precision", lambda: M.average_precision_score(y, scores), enc)
    record("log_loss", lambda: M.log_loss(y, scores, labels=[0, 1]), enc)
    record("brier", lambda: M.brier_score_loss(y, scores), enc)

    fpr, tpr, thr = call(lambda: M.roc_curve(y, scores, drop_intermediate=False))[0]
    gap = tpr - fpr
    if np.all(np.isfinite(gap)):
        out["ks_abs"] = enc(np.max(np.abs(gap)))
        out["ks_signed"] = enc(np.max(gap))
        out["ks_2samp"] = enc(scipy.stats.ks_2samp(scores[y == 1], scores[y == 0]).statistic)
    else:
        out["ks_abs"] = out["ks_signed"] = out["ks_2samp"] = None
    out["sklearn_warnings"] = warned
    return out


def main():
    rng = np.random.default_rng(SEED)
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))
    cases = []

    y = rng.random(1000) < 0.15
    p = sigmoid(rng.normal(size=1000) - 1.5 + 1.2 * y)
    cases.append(case("random_1000", "n=1000, 15% positive, logistic scores with signal; few ties", y, p,
                      extra_thresholds=[float(p[3]), float(p[17])]))

    y = rng.random(500) < 0.2
    p = np.round(sigmoid(rng.normal(size=500) + 1.0 * y), 1)
    cases.append(case("heavy_ties_500", "n=500, 20% positive, scores rounded to 1 decimal", y, p,
                      extra_thresholds=[0.3, 0.7, 0.35]))

    y = rng.random(5000) < 0.01
    p = np.round(sigmoid(rng.normal(size=5000) - 3.0 + 2.0 * y), 2)
    cases.append(case("rare_ties_5000", "n=5000, 1% positive, scores rounded to 2 decimals", y, p,
                      extra_thresholds=[0.05, 0.1, 0.2]))

    y = np.zeros(20, dtype=bool)
    y[[1, 4, 5, 11, 12, 19]] = True
    cases.append(case("all_tied_20", "every score 0.5, 6 of 20 positive", y, np.full(20, 0.5)))

    y = rng.permutation(np.r_[np.zeros(8, dtype=bool), np.ones(4, dtype=bool)])
    p = np.where(y, rng.uniform(0.7, 0.95, size=12), rng.uniform(0.05, 0.6, size=12))
    cases.append(case("perfect_12", "positives all score above negatives", y, p))
    cases.append(case("reversed_12", "positives all score below negatives (1 - the perfect scores)", y, 1.0 - p))

    cases.append(case("tiny_2", "n=2, one of each class", [0, 1], [0.3, 0.6]))
    cases.append(case("tiny_2_tied", "n=2, one of each class, tied", [1, 0], [0.4, 0.4]))
    cases.append(case("tiny_3", "n=3", [1, 0, 1], [0.2, 0.5, 0.9]))
    cases.append(case("sklearn_doc_4", "scikit-learn's roc_curve docstring example", [0, 0, 1, 1],
                      [0.1, 0.4, 0.35, 0.8]))

    cases.append(case("all_negative_10", "y has no positive rows", np.zeros(10, dtype=bool),
                      np.round(rng.uniform(size=10), 3)))
    cases.append(case("all_positive_10", "y has no negative rows", np.ones(10, dtype=bool),
                      np.round(rng.uniform(size=10), 3)))

    p = np.array([0.0, 1.0, 1e-20, 1.0 - 1e-16, 1e-300, 0.9999999999999999, 2.2e-16, 0.5, 1e-15,
                  1.0 - 1e-15, 0.0, 1.0])
    y = np.array([1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1], dtype=bool)
    cases.append(case("extreme_probabilities", "probabilities at and near 0 and 1, some confidently wrong "
                      "(log loss clipping)", y, p))

    y = rng.random(40) < 0.4
    z = np.round(rng.normal(size=40) * 1.5 + y, 1)
    z[:4] = [0.0, -0.0, 0.0, -0.0]
    cases.append(case("decision_values_40", "scores outside [0, 1] (log loss and Brier raise in "
                      "scikit-learn), with 0.0 and -0.0 tied", y, z))

    doc = {
        "generator": "tests/golden/make_golden_metrics.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "seed": SEED,
        "tolerance": enc(1e-9),
        "calls": CALLS,
        "cases": cases,
    }
    OUT.write_text(json.dumps(doc, indent=None, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(cases)} cases)", file=sys.stderr)


if __name__ == "__main__":
    main()
