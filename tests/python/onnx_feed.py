"""Reads a CSV into the inputs of a rareclass ONNX graph (one [N, 1] array
per raw column, typed by the graph's input), the way rareclass reads cells:
surrounding spaces trimmed, the reader's missing markers mean missing.
Shared by check_onnx.py and the README's example."""

import numpy as np
import onnx
import pandas as pd

# rareclass's default missing markers (src/data/csv_read.rs, ReadOptions).
MISSING = ["", "NA", "N/A", "n/a", "#N/A", "NaN", "nan", "null", "NULL", "None", "?"]


def feeds(model: onnx.ModelProto, csv_path: str) -> dict:
    """The ONNX Runtime feed dict for every row of `csv_path`."""
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    out = {}
    for inp in model.graph.input:
        cells = df[inp.name].str.strip()
        elem = inp.type.tensor_type.elem_type
        if elem == onnx.TensorProto.STRING:
            out[inp.name] = cells.to_numpy(dtype=object).reshape(-1, 1)
        elif elem == onnx.TensorProto.DOUBLE and "date-time" in inp.doc_string:
            # Date-times: seconds since 1970-01-01 UTC; naive times are UTC.
            t = pd.to_datetime(cells.mask(cells.isin(MISSING)), utc=True, format="mixed")
            secs = (t - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
            out[inp.name] = secs.to_numpy(dtype=np.float64).reshape(-1, 1)
        elif elem == onnx.TensorProto.DOUBLE:
            v = pd.to_numeric(cells.mask(cells.isin(MISSING)), errors="raise")
            out[inp.name] = v.to_numpy(dtype=np.float64).reshape(-1, 1)
        else:
            raise ValueError(f"input {inp.name}: element type {elem}")
    return out
