#!/usr/bin/env python3
"""Makes the logistic-regression benchmark's rows, once, so rareclass and
scikit-learn fit exactly the same numbers. The seed tutorial's preparation
(TensorFlow, "Classification on imbalanced data"): drop `Time`,
`Amount := ln(Amount + 0.001)`, a stratified 64 % training part (seed 42),
StandardScaler fitted on it, clipped to ±5, rounded to float32.

Writes DIR/x.f32 (row-major little-endian float32), DIR/y.u8 (1 = fraud)
and DIR/meta.json (shape and the exact calls). Knows nothing of rareclass.

  python bench/prepare.py creditcard.csv DIR
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def main(path, out):
    df = pd.read_csv(path)
    y = (df.pop("Class").astype(str) == "1").to_numpy()
    df = df.drop(columns=["Time"])
    df["Amount"] = np.log(df["Amount"] + 0.001)
    x = df.to_numpy(dtype=np.float64)
    x_train, _, y_train, _ = train_test_split(x, y, train_size=0.64, stratify=y, random_state=42)
    x_train = np.clip(StandardScaler().fit_transform(x_train), -5, 5).astype("<f4")
    os.makedirs(out, exist_ok=True)
    x_train.tofile(os.path.join(out, "x.f32"))
    y_train.astype(np.uint8).tofile(os.path.join(out, "y.u8"))
    meta = {
        "rows": int(x_train.shape[0]), "features": int(x_train.shape[1]),
        "positives": int(y_train.sum()), "columns": list(df.columns),
        "calls": ["drop Time", "Amount = log(Amount + 0.001)",
                  "train_test_split(train_size=0.64, stratify=y, random_state=42)",
                  "StandardScaler().fit_transform(x_train)", "np.clip(-5, 5)", "astype(float32)"],
        "versions": {"numpy": np.__version__, "pandas": pd.__version__,
                     "scikit-learn": sklearn.__version__},
    }
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"wrote {out}: {meta['rows']} rows × {meta['features']} features, "
          f"{meta['positives']} positives", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: prepare.py creditcard.csv DIR")
    main(*sys.argv[1:])
