# %% [markdown]
# # Reproduce the rareclass run "__NAME__" in scikit-learn
#
# Written by rareclass __VERSION__ from its saved model. This script reads
# the CSV, takes the same train / validation / test rows (their 0-based data
# row indices are below), refits the same preparation pipeline and the same
# model settings with scikit-learn, and prints the same metrics at the same
# threshold. __MODEL_NOTE__
#
# Run: `python __SCRIPT__ [DATA.csv] [--json OUT.json]` (numpy, pandas,
# scikit-learn >= 1.3). Cells are marked `# %%` (open it as a notebook with
# jupytext, or use the `.ipynb` rareclass writes next to it).

# %%
import argparse
import json

import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
__MODEL_IMPORTS__

# %% [markdown]
# ## The run's settings, as saved in the model file

# %%
DATA = __DATA__
LABEL = __LABEL__
POSITIVE = __POSITIVE__  # the positive class as rareclass read it
NEGATIVE = __NEGATIVE__
POSITIVE_ABOVE = __ABOVE__  # a numeric label cut at a threshold, else None
THRESHOLD = __THRESHOLD__  # a row is predicted positive when its score >= THRESHOLD
SEED = __SEED__
# Cells rareclass reads as missing (after trimming spaces).
MISSING = __MISSING__
# The feature columns, in rareclass's order, by the kind rareclass read them as.
COLUMNS = __COLUMNS__
LOG = __LOG__  # column -> eps of log(x + eps)
IMPUTE = __IMPUTE__  # "mean", "median" or "most_frequent"
MISSING_INDICATOR = __INDICATOR__  # a 0/1 "was missing" feature per column with missing training cells
ENCODING = __ENCODING__  # "one_hot" or "label" for categorical columns
STANDARDIZE = __STANDARDIZE__
CLIP = __CLIP__  # standardised features clipped to +-CLIP; None = no clipping

# The split's rows (0-based data rows, the header not counted), in the order
# rareclass's models saw them.
TRAIN_ROWS = np.array(__TRAIN_ROWS__, dtype=np.int64)
VAL_ROWS = np.array(__VAL_ROWS__, dtype=np.int64)
TEST_ROWS = np.array(__TEST_ROWS__, dtype=np.int64)

# %% [markdown]
# ## Read the CSV as rareclass reads it
#
# Every cell as text, spaces trimmed, missing markers -> missing; numbers as
# float64, date-times as seconds since 1970-01-01 UTC, booleans as 0/1.

# %%
BOOLEAN_VALUES = {"false": 0.0, "true": 1.0, "no": 0.0, "yes": 1.0, "n": 0.0, "y": 1.0,
                  "f": 0.0, "t": 1.0, "0": 0.0, "1": 1.0}


def read(path):
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = raw.apply(lambda c: c.str.strip())
    missing = raw.isin(MISSING)
    x = pd.DataFrame(index=raw.index)
    for name, kind in COLUMNS:
        cells = raw[name].mask(missing[name])
        if kind == "numeric":
            x[name] = pd.to_numeric(cells).astype(np.float64)
        elif kind == "datetime":
            t = pd.to_datetime(cells, utc=True, format="mixed")
            x[name] = (t - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
        elif kind == "boolean":
            x[name] = cells.str.lower().map(BOOLEAN_VALUES).astype(np.float64)
        else:
            x[name] = cells.astype(object).where(cells.notna(), np.nan)
    label = raw[LABEL]
    if POSITIVE_ABOVE is not None:
        y = (pd.to_numeric(label.mask(missing[LABEL])) > POSITIVE_ABOVE).astype(int)
    else:
        def same(cell, cls):
            if cell.lower() == cls.lower():
                return True
            try:
                return float(cell) == float(cls)
            except ValueError:
                return False
        y = label.map(lambda c: 1 if same(c, POSITIVE) else 0 if same(c, NEGATIVE) else -1)
    return x, y.to_numpy()


# %% [markdown]
# ## The preparation pipeline, refitted on the training rows
#
# Per column, in rareclass's order: numbers -> log (if asked) -> impute ->
# standardise (population std, as `StandardScaler`) -> clip, plus a missing
# indicator; categories -> fill missing with the most frequent training
# category -> one-hot (unseen -> all zeros) or label codes.

# %%
class MostFrequentFirstSeen(BaseEstimator, TransformerMixin):
    """Fills missing categories with the most frequent training category, the
    first seen on a tie (rareclass's rule; SimpleImputer takes the smallest)."""

    def fit(self, X, y=None):
        s = pd.Series(np.asarray(X, dtype=object)[:, 0]).dropna()
        self.categories_ = list(pd.unique(s))
        counts = s.value_counts()
        self.fill_ = max(self.categories_, key=lambda c: counts[c]) if self.categories_ else None
        return self

    def transform(self, X):
        s = pd.Series(np.asarray(X, dtype=object)[:, 0])
        return s.where(s.notna(), self.fill_).to_numpy(dtype=object).reshape(-1, 1)


class LabelCodes(BaseEstimator, TransformerMixin):
    """A category's index in order of first appearance in the training rows;
    an unseen category (or a missing cell with nothing to fill) is -1."""

    def fit(self, X, y=None):
        s = pd.Series(np.asarray(X, dtype=object)[:, 0]).dropna()
        self.index_ = {c: i for i, c in enumerate(pd.unique(s))}
        return self

    def transform(self, X):
        s = pd.Series(np.asarray(X, dtype=object)[:, 0])
        return s.map(lambda c: self.index_.get(c, -1)).to_numpy(dtype=np.float64).reshape(-1, 1)


def scaled():
    steps = []
    if STANDARDIZE:
        steps.append(("scale", StandardScaler()))
        if CLIP is not None:
            steps.append(("clip", FunctionTransformer(np.clip, kw_args={"a_min": -CLIP, "a_max": CLIP})))
    return steps


def column_pipeline(name, kind):
    if kind == "categorical":
        fill = ("fill", MostFrequentFirstSeen())
        if ENCODING == "one_hot":
            value = Pipeline([fill, ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))])
        else:
            value = Pipeline([fill, ("codes", LabelCodes()), *scaled()])
        first = []
    else:
        strategy = "most_frequent" if IMPUTE == "most_frequent" else IMPUTE
        value = Pipeline([("impute", SimpleImputer(strategy=strategy, keep_empty_features=True)), *scaled()])
        eps = LOG.get(name)
        # NaN after the log (a value below -eps) counts as missing, as in rareclass.
        first = [("log", FunctionTransformer(lambda v, eps=eps: np.log(v.astype(np.float64) + eps)))] if eps else []
    parts = [("value", value)]
    if MISSING_INDICATOR:
        parts.append(("missing", MissingIndicator(features="missing-only", missing_values=np.nan)))
    return Pipeline([*first, ("features", FeatureUnion(parts))])


def feature_names(prep):
    """rareclass's feature names: "col", "col=category", "col (missing)"."""
    names = []
    for name, kind in COLUMNS:
        union = prep.named_transformers_[name].named_steps["features"]
        value = dict(union.transformer_list)["value"]
        if kind == "categorical" and ENCODING == "one_hot":
            names += [f"{name}={c}" for c in value.named_steps["onehot"].categories_[0]]
        else:
            names.append(name)
        if MISSING_INDICATOR and len(dict(union.transformer_list)["missing"].features_) > 0:
            names.append(f"{name} (missing)")
    return names


prep = ColumnTransformer([(name, column_pipeline(name, kind), [name]) for name, kind in COLUMNS])

# %% [markdown]
# ## Fit on the training rows and score every part

# %%
__MODEL_CODE__


def evaluate(y, p, threshold):
    """The metrics rareclass reports for one part, at the saved threshold."""
    y = np.asarray(y, dtype=int)
    pred = (p >= threshold).astype(int)
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    tn = int(np.sum((pred == 0) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    both = 0 < y.sum() < len(y)
    fpr, tpr, _ = metrics.roc_curve(y, p, drop_intermediate=False) if both else (None, None, None)
    return {
        "roc_auc": metrics.roc_auc_score(y, p) if both else None,
        "pr_auc": metrics.average_precision_score(y, p) if y.sum() > 0 else None,
        "ks": float(np.max(np.abs(tpr - fpr))) if both else None,
        "log_loss": metrics.log_loss(y, p, labels=[0, 1]),
        "brier": metrics.brier_score_loss(y, p),
        "accuracy": (tp + tn) / len(y),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "balanced_accuracy": metrics.balanced_accuracy_score(y, pred) if both else (tp + tn) / len(y),
        "mcc": metrics.matthews_corrcoef(y, pred),
        "tp": tp, "fp": fp, "tn": tn, "fn": fn,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", default=DATA, help="the CSV the model was trained on")
    parser.add_argument("--json", help="also write coefficients and metrics here")
    args = parser.parse_args()
    x, y = read(args.data)
    for part, rows in [("train", TRAIN_ROWS), ("val", VAL_ROWS), ("test", TEST_ROWS)]:
        if len(rows) and (rows.max() >= len(y) or np.any(y[rows] < 0)):
            raise SystemExit(f"{args.data}: the {part} rows do not fit this file; is it the one the model was trained on?")
    # rareclass hands the model float32 features: round the same way.
    x_train = prep.fit_transform(x.iloc[TRAIN_ROWS]).astype(np.float32).astype(np.float64)
    model = make_model()
    fit(model, x_train, y[TRAIN_ROWS])
    result = {"metrics": {}}
    print(f"{'part':<6} {'rows':>6} {'ROC-AUC':>8} {'PR-AUC':>8} {'F1':>7} {'prec':>7} {'recall':>7}")
    for part, rows in [("train", TRAIN_ROWS), ("val", VAL_ROWS), ("test", TEST_ROWS)]:
        if not len(rows):
            continue
        xp = prep.transform(x.iloc[rows]).astype(np.float32).astype(np.float64)
        m = evaluate(y[rows], model.predict_proba(xp)[:, 1], THRESHOLD)
        result["metrics"][part] = m
        fmt = lambda v: "—" if v is None else f"{v:.4f}"  # noqa: E731
        print(f"{part:<6} {len(rows):>6} {fmt(m['roc_auc']):>8} {fmt(m['pr_auc']):>8} {m['f1']:>7.4f}"
              f" {m['precision']:>7.4f} {m['recall']:>7.4f}")
    if hasattr(model, "coef_"):
        result["coefficients"] = dict(zip(feature_names(prep), map(float, model.coef_[0])))
        result["intercept"] = float(model.intercept_[0])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
