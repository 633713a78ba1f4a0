#!/usr/bin/env python3
"""The peers' side of the benchmark (bench/run.sh): what a user would use
instead of rareclass, timed on the same input in the same run. One JSON line
per task on stdout. Knows nothing of rareclass.

  python bench/peers.py csv FILE [REPEATS]     pandas.read_csv, C engine
  python bench/peers.py lr DIR [REPEATS]       LogisticRegression on bench/prepare.py's rows
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def timed(fn, repeats, cpu=None):
    """Wall seconds per run; also CPU seconds of this process into `cpu`."""
    runs, out = [], None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        runs.append(time.perf_counter() - t0)
        if cpu is not None:
            cpu.append(time.process_time() - c0)
    return out, runs


def csv(path, repeats):
    with open(path, "rb") as f:
        size = len(f.read())  # also warms the page cache, as for the others
    cpu = []
    df, runs = timed(lambda: pd.read_csv(path, engine="c"), repeats, cpu)
    return {"tool": "pandas", "task": "csv", "call": 'pandas.read_csv(path, engine="c")',
            "version": pd.__version__, "bytes": size, "rows": len(df),
            "columns": df.shape[1], "dtypes": [str(t) for t in df.dtypes], "runs_s": runs,
            "cpu_s": cpu}


def lr(folder, repeats):
    import sklearn
    from sklearn.linear_model import LogisticRegression
    with open(f"{folder}/meta.json") as f:
        meta = json.load(f)
    x = np.fromfile(f"{folder}/x.f32", dtype="<f4").reshape(meta["rows"], meta["features"])
    x = x.astype(np.float64)  # the same values rareclass reads as f32
    y = np.fromfile(f"{folder}/y.u8", dtype=np.uint8).astype(bool)
    make = lambda: LogisticRegression(solver="lbfgs", C=1.0, class_weight="balanced",
                                      max_iter=1000)
    model, runs = timed(lambda: make().fit(x, y), repeats)
    # The optimum itself, to tell each tool's distance from it (not timed).
    tight = LogisticRegression(solver="lbfgs", C=1.0, class_weight="balanced",
                               max_iter=100000, tol=1e-10).fit(x, y)
    return {"tool": "scikit-learn", "task": "lr",
            "call": 'LogisticRegression(solver="lbfgs", C=1.0, class_weight="balanced", '
                    'max_iter=1000, tol=1e-4).fit(x, y)',
            "version": sklearn.__version__, "rows": meta["rows"], "features": meta["features"],
            "n_iter": int(model.n_iter_[0]), "coef": model.coef_[0].tolist(),
            "intercept": float(model.intercept_[0]), "runs_s": runs,
            "optimum": {"call": "the same with tol=1e-10, max_iter=100000",
                        "coef": tight.coef_[0].tolist(), "intercept": float(tight.intercept_[0])}}


def main(argv):
    usage = "usage: peers.py csv FILE [REPEATS] | lr DIR [REPEATS]"
    if len(argv) < 2 or argv[0] not in ("csv", "lr"):
        sys.exit(usage)
    repeats = int(argv[2]) if len(argv) > 2 else 3
    print(json.dumps((csv if argv[0] == "csv" else lr)(argv[1], repeats)))


if __name__ == "__main__":
    main(sys.argv[1:])
