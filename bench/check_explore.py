"""Checks `rareclass explore --json` against SciPy / scikit-learn on real data
and prints the largest deviation of every statistic (not run by CI; for the
closing note). Usage, from the crate root:

    /work/cache/venv/bin/python bench/check_explore.py [path/to/rareclass]

Data: data/lending_club.csv (Class -> bad) and the credit-card set at
$CREDITCARD (default /work/cache/creditcard.csv; Class -> 1). The binary
defaults to target/release/rareclass, else target/debug/rareclass.
Conventions as tests/golden/make_explore.py (target-encoded AUC for
categoricals, chi2_contingency without correction, Welch t-test).
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import roc_auc_score


def binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    for p in ("target/release/rareclass", "target/debug/rareclass"):
        if os.path.exists(p):
            return p
    sys.exit("build rareclass first (cargo build --release)")


def check(path, label, positive):
    t0 = time.time()
    out = subprocess.run(
        [binary(), "explore", path, "--label", label, "--positive", positive, "--json", "--quiet"],
        check=True, capture_output=True, text=True,
    ).stdout
    took = time.time() - t0
    ours = {f["column"]: f for f in json.loads(out)["signal"]["features"]}
    df = pd.read_csv(path, dtype={label: str})
    df = df[df[label].notna()]
    y = (df[label] == positive).to_numpy()
    dev = {k: 0.0 for k in ("auc", "separation", "point_biserial", "t", "t_df", "chi2", "missing_rate")}
    p_rel = 0.0
    compared = 0
    for col in df.columns:
        if col == label or col not in ours:
            continue
        f = ours[col]
        s = df[col]
        present = s.notna().to_numpy()
        yy = y[present]
        dev["missing_rate"] = max(dev["missing_rate"], abs(f["missing_rate"] - (~present).mean()))
        if pd.api.types.is_numeric_dtype(s):
            x = s.to_numpy(dtype=float)[present]
            auc = roc_auc_score(yy, x)
            r = stats.pearsonr(x, yy.astype(float)).statistic
            t = stats.ttest_ind(x[yy], x[~yy], equal_var=False)
            dev["point_biserial"] = max(dev["point_biserial"], abs(f["point_biserial"] - r))
            dev["t"] = max(dev["t"], abs(f["statistic"] - t.statistic))
            dev["t_df"] = max(dev["t_df"], abs(f["dof"] - t.df) / t.df)
            p = t.pvalue
        else:
            lv = s[present].astype(str)
            rate = pd.Series(yy, index=lv.index).groupby(lv).transform("mean").to_numpy()
            auc = roc_auc_score(yy, rate)
            c = stats.chi2_contingency(pd.crosstab(lv.to_numpy(), yy).to_numpy(), correction=False)
            dev["chi2"] = max(dev["chi2"], abs(f["statistic"] - c.statistic) / max(c.statistic, 1.0))
            p = c.pvalue
        dev["auc"] = max(dev["auc"], abs(f["auc"] - auc))
        dev["separation"] = max(dev["separation"], abs(f["separation"] - max(auc, 1 - auc)))
        if p > 1e-300:
            p_rel = max(p_rel, abs(f["p_value"] - p) / p)
        elif f["p_value"] > 1e-300:
            p_rel = float("inf")
        compared += 1
    print(f"{path}: {len(df):,} rows, {compared} features compared, rareclass explore took {took:.2f} s")
    for k, v in dev.items():
        rel = " (relative)" if k in ("t_df", "chi2") else ""
        print(f"  max |ours - scipy| {k:<15} {v:.3e}{rel}")
    print(f"  max relative p-value deviation  {p_rel:.3e}")


def main():
    check("data/lending_club.csv", "Class", "bad")
    cc = os.environ.get("CREDITCARD", "/work/cache/creditcard.csv")
    if os.path.exists(cc):
        check(cc, "Class", "1")
    else:
        print(f"{cc}: not found; set $CREDITCARD (scripts/fetch-creditcard.sh)")


if __name__ == "__main__":
    main()
