"""Golden per-column facts of the bundled real CSVs, computed by pandas
(an independent CSV reader), for tests/csv_read.rs.

Run from the crate root:  .venv/bin/python tests/golden/make_csv_golden.py
Writes tests/golden/csv_real_files.json. For each file: the exact
pandas.read_csv call, row count, and per column: whether pandas read it as
numbers, missing count, distinct non-missing count, and (numbers) min, mean,
max as float64.
"""
import json
import platform

import numpy as np
import pandas as pd

FILES = [
    "data/lending_club.csv",
    "data/lending_club_source_term36.csv",
    "data/lending_club_target_term60.csv",
    "data/breast_cancer.csv",
]

out = {
    "generator": "tests/golden/make_csv_golden.py",
    "call": "pandas.read_csv(path)  # default C engine, default na_values",
    "versions": {"pandas": pd.__version__, "numpy": np.__version__, "python": platform.python_version()},
    "files": {},
}
for path in FILES:
    df = pd.read_csv(path)
    cols = []
    for name in df.columns:
        s = df[name]
        numeric = bool(pd.api.types.is_numeric_dtype(s))
        c = {
            "name": name,
            "numeric": numeric,
            "missing": int(s.isna().sum()),
            "distinct": int(s.nunique(dropna=True)),
        }
        if numeric:
            v = s.to_numpy(dtype=np.float64)
            v = v[~np.isnan(v)]
            c["min"] = float(v.min())
            c["mean"] = float(v.mean())
            c["max"] = float(v.max())
        cols.append(c)
    out["files"][path] = {"rows": int(len(df)), "columns": cols}

with open("tests/golden/csv_real_files.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote tests/golden/csv_real_files.json")
