"""Golden values for tests/logistic.rs: scikit-learn LogisticRegression on the
standardised breast-cancer data (data/breast_cancer.csv).

Run from the repository root:
    .venv/bin/python tests/golden/make_golden_logistic.py
It writes tests/golden/logistic_breast_cancer.json. Regenerate only with this
script and commit both together.

Data preparation (the Rust test repeats it by hand):
  y = (target == 0)                     # malignant is the positive class
  X = the other 30 columns, standardised with the population std (ddof=0),
      exactly as sklearn.preprocessing.StandardScaler does.
Each case records the exact estimator call. As an independent check of
sklearn's own precision, each case is also fitted with solver
"newton-cholesky" at the same tol and the largest relative coefficient
difference between the two sklearn solvers is recorded. rareclass takes f32
features, so newton-cholesky is also fitted on X rounded to f32 (computed in
f64): the reference for the strict per-coefficient check.
"""

import json
import platform
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "logistic_breast_cancer.json"

df = pd.read_csv(ROOT / "data" / "breast_cancer.csv")
feature_names = [c for c in df.columns if c != "target"]
X_raw = df[feature_names].to_numpy(dtype=np.float64)
y = (df["target"].to_numpy() == 0)
X = (X_raw - X_raw.mean(axis=0)) / X_raw.std(axis=0)  # StandardScaler, ddof=0
n = X.shape[0]
# rareclass fits on f32 features; the same matrix rounded to f32 (and widened
# back, so sklearn still computes in f64) gives the reference for tight checks.
X32 = X.astype(np.float32).astype(np.float64)
X_raw32 = X_raw.astype(np.float32).astype(np.float64)

# A deterministic sample weight the Rust test can rebuild: 0.5 + (i mod 7) / 4.
sw = 0.5 + (np.arange(n) % 7) / 4.0

CASES = [
    # name, kwargs for LogisticRegression, use sample weight, rust class weight
    ("c1", dict(C=1.0), False, {"kind": "none"}),
    ("c1_balanced", dict(C=1.0, class_weight="balanced"), False, {"kind": "balanced"}),
    ("c0.01", dict(C=0.01), False, {"kind": "none"}),
    ("c100", dict(C=100.0), False, {"kind": "none"}),
    ("c100_balanced", dict(C=100.0, class_weight="balanced"), False, {"kind": "balanced"}),
    (
        "c1_custom",
        dict(C=1.0, class_weight={False: 0.5, True: 3.0}),
        False,
        {"kind": "custom", "negative": 0.5, "positive": 3.0},
    ),
    ("c1_sample_weight", dict(C=1.0), True, {"kind": "none"}),
    (
        "c1_balanced_sample_weight",
        dict(C=1.0, class_weight="balanced"),
        True,
        {"kind": "balanced"},
    ),
    ("c1_no_intercept", dict(C=1.0, fit_intercept=False), False, {"kind": "none"}),
]
# Unstandardised features (areas ~1e3 next to ratios ~1e-2): badly scaled.
# sklearn's lbfgs needs thousands of iterations and stops ~1e-3 away, so
# only newton-cholesky is a reference here.
RAW_CASES = [("c1_raw_features", dict(C=1.0), False, {"kind": "none"})]


def call_text(kwargs):
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"LogisticRegression({args})"


cases = []
for name, kw, use_sw, rust_cw in CASES + RAW_CASES:
    standardised = (name, kw, use_sw, rust_cw) in CASES
    Xc, Xc32 = (X, X32) if standardised else (X_raw, X_raw32)
    full = dict(kw, tol=1e-10, max_iter=10000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs on raw features: ConvergenceWarning
        m = LogisticRegression(**full).fit(Xc, y, sample_weight=sw if use_sw else None)
    check = LogisticRegression(**dict(full, solver="newton-cholesky")).fit(
        Xc, y, sample_weight=sw if use_sw else None
    )
    check32 = LogisticRegression(**dict(full, solver="newton-cholesky")).fit(
        Xc32, y, sample_weight=sw if use_sw else None
    )
    coef = m.coef_.ravel()
    coef_check = check.coef_.ravel()
    both = np.append(coef, m.intercept_)
    both_check = np.append(coef_check, check.intercept_)
    rel = float(np.max(np.abs(both - both_check)) / np.max(np.abs(both_check)))
    cases.append(
        {
            "name": name,
            "call": call_text(full)
            + (".fit(X, y, sample_weight=0.5 + (arange(n) % 7) / 4)" if use_sw else ".fit(X, y)"),
            "standardised": standardised,
            "C": full["C"],
            "fit_intercept": full.get("fit_intercept", True),
            "class_weight": rust_cw,
            "sample_weight": "0.5 + (i % 7) / 4" if use_sw else None,
            "coef": coef.tolist(),
            "intercept": float(m.intercept_[0]),
            "n_iter": int(m.n_iter_[0]),
            "newton_cholesky_coef": coef_check.tolist(),
            "newton_cholesky_intercept": float(check.intercept_[0]),
            "newton_cholesky_f32_x_coef": check32.coef_.ravel().tolist(),
            "newton_cholesky_f32_x_intercept": float(check32.intercept_[0]),
            "lbfgs_vs_newton_cholesky_max_abs_diff_over_max_abs": rel,
        }
    )
    print(f"{name:28s} n_iter={m.n_iter_[0]:5d}  lbfgs vs newton-cholesky {rel:.2e}")

doc = {
    "generated_by": "tests/golden/make_golden_logistic.py",
    "versions": {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "sklearn": sklearn.__version__,
    },
    "data": "data/breast_cancer.csv; y = (target == 0); X = other 30 columns "
    "standardised, population std (StandardScaler), unless a case says "
    "standardised: false (raw columns)",
    "n_rows": int(n),
    "n_positive": int(y.sum()),
    "features": feature_names,
    "tolerance": "max_j |ours_j - sk_j| / max_j |sk_j| <= 1e-4 over coef and intercept",
    "cases": cases,
}
OUT.write_text(json.dumps(doc, indent=1) + "\n")
print("wrote", OUT)
