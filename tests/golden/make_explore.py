"""Golden values for tests/explore.rs: the signal table's statistics and the
chart statistics computed independently with SciPy / scikit-learn / pandas /
NumPy on the bundled real data. Run: /work/cache/venv/bin/python
tests/golden/make_explore.py (from the crate root) -> tests/golden/explore.json.

Conventions mirrored from src/explore (see its docs):
- rows with a missing label are dropped; per feature, rows where the feature
  is missing are skipped.
- numeric feature: roc_auc_score(y, x); pearsonr(x, y) (point-biserial);
  ttest_ind(x[y], x[~y], equal_var=False).
- categorical feature (pandas object dtype): AUC of each row scored by its
  level's positive rate (in-sample target encoding);
  chi2_contingency(crosstab(level, y), correction=False).
- correlation: DataFrame.corr(method="pearson"/"spearman") of the numeric
  columns plus y as 0/1 (pairwise complete).
"""
import json
import sys

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import roc_auc_score

SETS = [
    ("lending_club", "data/lending_club.csv", "Class", "bad"),
    ("breast_cancer", "data/breast_cancer.csv", "target", "0"),
]


def f(x):
    x = float(x)
    return None if not np.isfinite(x) else x


def one(path, label, positive):
    df = pd.read_csv(path, dtype={label: str})
    df = df[df[label].notna()]
    y = (df[label] == positive).to_numpy()
    out = {"rows": int(len(df)), "positives": int(y.sum()), "features": {}}
    numeric = []
    for col in df.columns:
        if col == label:
            continue
        s = df[col]
        present = s.notna().to_numpy()
        yy = y[present]
        rec = {"missing": int((~present).sum()), "missing_rate": float((~present).mean())}
        if pd.api.types.is_numeric_dtype(s):
            numeric.append(col)
            x = s.to_numpy(dtype=float)[present]
            rec["kind"] = "numeric"
            rec["auc"] = f(roc_auc_score(yy, x))
            r = stats.pearsonr(x, yy.astype(float))
            rec["point_biserial"] = f(r.statistic)
            t = stats.ttest_ind(x[yy], x[~yy], equal_var=False)
            rec["t"] = f(t.statistic)
            rec["t_df"] = f(t.df)
            rec["t_p"] = f(t.pvalue)
        else:
            lv = s[present].astype(str)
            rate = pd.Series(yy, index=lv.index).groupby(lv).transform("mean").to_numpy()
            rec["kind"] = "categorical"
            rec["auc"] = f(roc_auc_score(yy, rate))
            tab = pd.crosstab(lv.to_numpy(), yy)
            c = stats.chi2_contingency(tab.to_numpy(), correction=False)
            rec["chi2"] = f(c.statistic)
            rec["chi2_dof"] = int(c.dof)
            rec["chi2_p"] = f(c.pvalue)
            rec["levels"] = int(tab.shape[0])
        out["features"][col] = rec
    num = df[numeric].astype(float).copy()
    num[label] = y.astype(float)
    names = list(num.columns)
    out["corr_names"] = names
    out["pearson"] = [[f(v) for v in row] for row in num.corr(method="pearson").to_numpy()]
    out["spearman"] = [[f(v) for v in row] for row in num.corr(method="spearman").to_numpy()]
    # Chart statistics on the first two numeric columns.
    a, b = numeric[0], numeric[1]
    xa = df[a].to_numpy(dtype=float)
    ok = np.isfinite(xa)
    e = np.histogram(xa[ok], bins=20)[1]
    out["hist"] = {
        "column": a,
        "bins": 20,
        "edges": e.tolist(),
        "positive": np.histogram(xa[ok & y], bins=e)[0].tolist(),
        "negative": np.histogram(xa[ok & ~y], bins=e)[0].tolist(),
        "positive_density": np.histogram(xa[ok & y], bins=e, density=True)[0].tolist(),
    }
    box = {}
    for name, m in (("positive", ok & y), ("negative", ok & ~y)):
        v = np.sort(xa[m])
        q1, med, q3 = np.percentile(v, [25, 50, 75])
        lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        inside = v[(v >= lo) & (v <= hi)]
        box[name] = {
            "n": int(len(v)), "min": float(v[0]), "q1": float(q1), "median": float(med), "q3": float(q3),
            "max": float(v[-1]), "whisker_low": float(inside[0]), "whisker_high": float(inside[-1]),
            "outliers": int(((v < lo) | (v > hi)).sum()), "mean": float(v.mean()),
        }
    out["box"] = {"column": a, **box}
    xb = df[b].to_numpy(dtype=float)
    ok2 = np.isfinite(xa) & np.isfinite(xb)
    _, ex, ey = np.histogram2d(xa[ok2], xb[ok2], bins=[12, 8])
    hp = np.histogram2d(xa[ok2 & y], xb[ok2 & y], bins=[ex, ey])[0]
    hn = np.histogram2d(xa[ok2 & ~y], xb[ok2 & ~y], bins=[ex, ey])[0]
    # histogram2d is [ix][iy]; ours is row-major by y then x.
    out["density"] = {
        "x": a, "y": b, "bins_x": 12, "bins_y": 8, "x_edges": ex.tolist(), "y_edges": ey.tolist(),
        "positive": hp.T.astype(int).ravel().tolist(), "negative": hn.T.astype(int).ravel().tolist(),
    }
    return out


def main():
    golden = {
        "_generated_by": "tests/golden/make_explore.py",
        "_versions": {
            "python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
            "scipy": scipy.__version__, "sklearn": sklearn.__version__,
        },
        "_calls": [
            "sklearn.metrics.roc_auc_score(y, x)",
            "scipy.stats.pearsonr(x, y)",
            "scipy.stats.ttest_ind(x[y], x[~y], equal_var=False)",
            "scipy.stats.chi2_contingency(pandas.crosstab(level, y), correction=False)",
            "pandas.DataFrame.corr(method='pearson' | 'spearman')",
            "numpy.histogram, numpy.percentile, numpy.histogram2d",
        ],
    }
    for name, path, label, positive in SETS:
        golden[name] = one(path, label, positive)
    with open("tests/golden/explore.json", "w") as fh:
        json.dump(golden, fh, indent=1)


if __name__ == "__main__":
    main()
