"""scikit-learn's side of bench/lr_speed.rs: times LogisticRegression on
the very rows the Rust example dumped, and compares coefficients.

    cargo run --release --example lr_speed -- bench/data/creditcard.csv /tmp/lr_speed
    .venv/bin/python bench/lr_speed_sklearn.py /tmp/lr_speed
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lr_speed"
y = np.fromfile(f"{d}/y.u8", dtype=np.uint8).astype(bool)
X32 = np.fromfile(f"{d}/x.f32", dtype="<f4").reshape(len(y), -1)
X = X32.astype(np.float64)
rust = json.load(open(f"{d}/rust_fit.json"))
print(f"sklearn {sklearn.__version__}: rows {X.shape[0]} x {X.shape[1]}")


def timed(kw, X, reps=5):
    best, m = np.inf, None
    for _ in range(reps):
        t = time.perf_counter()
        m = LogisticRegression(**kw).fit(X, y)
        best = min(best, time.perf_counter() - t)
    return best, m


base = dict(C=1.0, class_weight="balanced", max_iter=1000)
for threads in [None, 1]:
    # sklearn's loss runs on OpenMP threads; on a shared 2-core machine one
    # thread is often faster, so both are reported.
    with threadpool_limits(limits=threads):
        for label, kw, Xm in [
            ("lbfgs C=1 balanced max_iter=1000 (tol 1e-4), f64 X", base, X),
            ("lbfgs ... f32 X", base, X32),
            ("newton-cholesky ... (tol 1e-4), f64 X", dict(base, solver="newton-cholesky"), X),
        ]:
            secs, m = timed(kw, Xm)
            t = "all" if threads is None else threads
            print(f"threads {t:>3}  {label:<52} {secs:8.4f} s  n_iter {m.n_iter_[0]}")

kw = dict(C=1.0, class_weight="balanced", max_iter=10000, tol=1e-10)
m = LogisticRegression(**kw).fit(X, y)
sk = np.append(m.coef_.ravel(), m.intercept_)
ours = np.append(rust["coef"], rust["intercept"])
print(f"LogisticRegression({kw}) n_iter {m.n_iter_[0]}")
print(f"max|ours - sklearn| / max|sklearn| = {np.max(np.abs(ours - sk)) / np.max(np.abs(sk)):.2e}")
print(f"max per-coefficient relative diff   = {np.max(np.abs(ours - sk) / np.abs(sk)):.2e}")
nc = LogisticRegression(solver="newton-cholesky", **kw).fit(X, y)
snc = np.append(nc.coef_.ravel(), nc.intercept_)
print(f"vs newton-cholesky tol 1e-10: {np.max(np.abs(ours - snc)) / np.max(np.abs(snc)):.2e}")
