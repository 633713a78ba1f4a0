#!/usr/bin/env python3
"""The peers' side of the benchmark (bench/run.sh): what a user would use
instead of rareclass, timed on the same input in the same run. One JSON line
per task on stdout. Knows nothing of rareclass.

  python bench/peers.py csv FILE [REPEATS]     pandas.read_csv, C engine
"""
import json
import sys
import time

import pandas as pd


def timed(fn, repeats):
    runs, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return out, runs


def csv(path, repeats):
    with open(path, "rb") as f:
        size = len(f.read())  # also warms the page cache, as for the others
    df, runs = timed(lambda: pd.read_csv(path, engine="c"), repeats)
    return {"tool": "pandas", "task": "csv", "call": 'pandas.read_csv(path, engine="c")',
            "version": pd.__version__, "bytes": size, "rows": len(df),
            "columns": df.shape[1], "runs_s": runs}


def main(argv):
    usage = "usage: peers.py csv FILE [REPEATS]"
    if len(argv) < 2 or argv[0] not in ("csv",):
        sys.exit(usage)
    repeats = int(argv[2]) if len(argv) > 2 else 3
    print(json.dumps(csv(argv[1], repeats)))


if __name__ == "__main__":
    main(sys.argv[1:])
