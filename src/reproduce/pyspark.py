"""Reproduces the rareclass run "__NAME__" (logistic regression) with PySpark
MLlib, for retraining where the data outgrows one machine.

Written by rareclass __VERSION__ from its saved model: the same pipeline
(log, imputation, missing indicators, one-hot, standardising with the
population standard deviation, clipping), the same class weights (as a
weight column) and the same L2 penalty (Spark's regParam = 1 / (C * sum of
the weights), standardization off), fitted on the same training rows.

Run locally (pip install pyspark; needs Java 17+):
    python __SCRIPT__ [DATA.csv] [--json OUT.json]
On a cluster, with the CSV where the executors can read it:
    spark-submit --master yarn --deploy-mode cluster __SCRIPT__ hdfs:///data/DATA.csv --random-split
(--random-split splits by Spark's randomSplit with the same shares and seed
instead of the embedded row indices, which only fit the original file.)
"""

import argparse
import json

from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.ml.functions import vector_to_array
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StructField

DATA = __DATA__
LABEL = __LABEL__
POSITIVE = __POSITIVE__
NEGATIVE = __NEGATIVE__
POSITIVE_ABOVE = __ABOVE__
THRESHOLD = __THRESHOLD__
SEED = __SEED__
SPLIT = __SPLIT__  # train / validation / test shares
MISSING = __MISSING__
COLUMNS = __COLUMNS__
LOG = __LOG__
IMPUTE = __IMPUTE__
MISSING_INDICATOR = __INDICATOR__
STANDARDIZE = __STANDARDIZE__
CLIP = __CLIP__
C = __C__
CLASS_WEIGHT = __CLASS_WEIGHT__  # None, "balanced" or {0: w, 1: w}

# 0-based data rows of the split, in rareclass's order (used unless --random-split).
TRAIN_ROWS = __TRAIN_ROWS__
VAL_ROWS = __VAL_ROWS__
TEST_ROWS = __TEST_ROWS__

BOOLEAN_VALUES = {"false": 0.0, "true": 1.0, "no": 0.0, "yes": 1.0, "n": 0.0, "y": 1.0,
                  "f": 0.0, "t": 1.0, "0": 0.0, "1": 1.0}


def read(spark, path):
    """Every cell as trimmed text, missing markers -> null, typed as rareclass
    read it; `_row` is the 0-based data row, `_y` the 0/1 label."""
    raw = spark.read.csv(path, header=True, inferSchema=False)
    raw = raw.rdd.zipWithIndex().map(lambda r: (*r[0], r[1])).toDF(
        raw.schema.add(StructField("_row", LongType(), False)))
    def cell(name):
        c = F.trim(F.col(f"`{name}`"))
        return F.when(c.isin(MISSING) | c.isNull(), None).otherwise(c)
    cols = [F.col("_row")]
    for name, kind in COLUMNS:
        c = cell(name)
        if kind == "numeric":
            c = c.cast("double")
        elif kind == "datetime":
            c = F.to_timestamp(c).cast("double")
        elif kind == "boolean":
            c = F.create_map([F.lit(x) for kv in BOOLEAN_VALUES.items() for x in kv])[F.lower(c)]
        cols.append(c.alias(name))
    label = cell(LABEL)
    if POSITIVE_ABOVE is not None:
        y = F.when(label.isNull(), None).otherwise((label.cast("double") > POSITIVE_ABOVE).cast("double"))
    else:
        def same(cls):
            return (F.lower(label) == cls.lower()) | (label.cast("double") == F.lit(cls).cast("double"))
        y = F.when(same(POSITIVE), 1.0).when(same(NEGATIVE), 0.0)
    return raw.select(*cols, y.alias("_y")).where(F.col("_y").isNotNull())


def split(spark, df, random_split):
    if random_split:
        return df.randomSplit(SPLIT, seed=SEED)
    parts = []
    for rows in (TRAIN_ROWS, VAL_ROWS, TEST_ROWS):
        ids = spark.createDataFrame([(r,) for r in rows], ["_row"]) if rows else None
        parts.append(df.join(F.broadcast(ids), "_row") if ids is not None else df.limit(0))
    return parts


def prepare(train):
    """Fits the pipeline on the training rows; returns a function that adds
    the `features` column, and the feature names."""
    steps = []  # (output column, expression builder) in rareclass's order
    names = []
    numeric = [n for n, k in COLUMNS if k != "categorical"]
    logged = {n: (F.log(F.col(f"`{n}`") + LOG[n]) if n in LOG else F.col(f"`{n}`")) for n in numeric}
    # log of a value at or below -eps is null in Spark: missing, as in rareclass.
    stats = train.select(*[logged[n].alias(n) for n in numeric])
    fills = {}
    for n in numeric:
        col = F.col(f"`{n}`")
        if IMPUTE == "mean":
            fills[n] = stats.select(F.avg(col)).first()[0]
        elif IMPUTE == "median":
            fills[n] = stats.select(F.percentile(col, 0.5)).first()[0]
        else:
            fills[n] = (stats.where(col.isNotNull()).groupBy(col).count()
                        .orderBy(F.desc("count"), col).first() or [None])[0]
        fills[n] = 0.0 if fills[n] is None else fills[n]
    exprs = {}
    for n in numeric:
        filled = F.coalesce(logged[n], F.lit(fills[n]))
        exprs[n] = filled
    if STANDARDIZE:
        # Population standard deviation, as rareclass and StandardScaler; Spark's
        # StandardScaler divides by n - 1.
        agg = train.select(*[F.avg(exprs[n]).alias(f"m_{i}") for i, n in enumerate(numeric)],
                           *[F.stddev_pop(exprs[n]).alias(f"s_{i}") for i, n in enumerate(numeric)]).first()
        for i, n in enumerate(numeric):
            m, s = agg[f"m_{i}"], agg[f"s_{i}"]
            s = s if s and s > 10 * 2.220446049250313e-16 * max(abs(m), 1.0) else 1.0
            z = (exprs[n] - F.lit(m)) / F.lit(s)
            if CLIP is not None:
                z = F.least(F.greatest(z, F.lit(-CLIP)), F.lit(CLIP))
            exprs[n] = z
    missing_train = train.select(*[F.sum(logged[n].isNull().cast("int")).alias(n) for n in numeric]).first()
    categorical = [n for n, k in COLUMNS if k == "categorical"]
    modes = {}
    for n in categorical:
        top = (train.where(F.col(f"`{n}`").isNotNull()).groupBy(f"`{n}`").count()
               .orderBy(F.desc("count"), F.col(f"`{n}`")).first())
        modes[n] = top[0] if top else None
    filled_train = train.select(*[F.coalesce(F.col(f"`{n}`"), F.lit(modes[n])).alias(n) for n in categorical])
    indexers = {n: StringIndexer(inputCol=n, outputCol=f"{n}__idx", handleInvalid="keep",
                                 stringOrderType="alphabetAsc").fit(filled_train) for n in categorical}
    vector_cols = []
    for name, kind in COLUMNS:
        if kind == "categorical":
            labels = indexers[name].labels
            names += [f"{name}={c}" for c in labels]
            vector_cols.append(f"{name}__hot")
        else:
            names.append(name)
            vector_cols.append(f"{name}__z")
            if MISSING_INDICATOR and missing_train[name] > 0:
                names.append(f"{name} (missing)")
                vector_cols.append(f"{name}__missing")

    def transform(df):
        out = df.select("_row", "_y", *[exprs[n].alias(f"{n}__z") for n in numeric],
                        *[logged[n].isNull().cast("double").alias(f"{n}__missing") for n in numeric],
                        *[F.coalesce(F.col(f"`{n}`"), F.lit(modes[n])).alias(n) for n in categorical])
        for n in categorical:
            out = indexers[n].transform(out)
            # handleInvalid="keep" gives unseen categories the last index, which
            # dropLast removes: an unseen category is all zeros, as in rareclass.
            out = OneHotEncoder(inputCol=f"{n}__idx", outputCol=f"{n}__hot", dropLast=True).fit(
                indexers[n].transform(filled_train)).transform(out)
        return VectorAssembler(inputCols=vector_cols, outputCol="features").transform(out)

    return transform, names


def with_weights(df, train):
    if CLASS_WEIGHT is None:
        return df.withColumn("_w", F.lit(1.0))
    if CLASS_WEIGHT == "balanced":
        n, pos = train.select(F.count("*"), F.sum("_y")).first()
        w0, w1 = n / (2 * (n - pos)), n / (2 * pos)
    else:
        w0, w1 = CLASS_WEIGHT[0], CLASS_WEIGHT[1]
    return df.withColumn("_w", F.when(F.col("_y") == 1.0, w1).otherwise(w0))


def evaluate(scored):
    p = scored.select(vector_to_array("probability")[1].alias("p"), "_y")
    counts = p.select(
        F.sum(((F.col("p") >= THRESHOLD) & (F.col("_y") == 1)).cast("int")).alias("tp"),
        F.sum(((F.col("p") >= THRESHOLD) & (F.col("_y") == 0)).cast("int")).alias("fp"),
        F.sum(((F.col("p") < THRESHOLD) & (F.col("_y") == 0)).cast("int")).alias("tn"),
        F.sum(((F.col("p") < THRESHOLD) & (F.col("_y") == 1)).cast("int")).alias("fn")).first().asDict()
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    ev = BinaryClassificationEvaluator(labelCol="_y", rawPredictionCol="rawPrediction")
    return {
        "roc_auc": ev.setMetricName("areaUnderROC").evaluate(scored),
        "pr_auc": ev.setMetricName("areaUnderPR").evaluate(scored),  # trapezoidal, not average precision
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        **counts,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=DATA)
    parser.add_argument("--json", help="also write coefficients and metrics here")
    parser.add_argument("--random-split", action="store_true",
                        help="split with Spark's randomSplit instead of the embedded rows")
    args = parser.parse_args()
    # Non-ANSI casts: a label cell that is not a number compares as null, as intended.
    spark = (SparkSession.builder.appName("rareclass: " + __APP_NAME__)
             .config("spark.sql.ansi.enabled", "false").getOrCreate())
    df = read(spark, args.data).cache()
    train, val, test = split(spark, df, args.random_split)
    train = train.cache()
    transform, names = prepare(train)
    train_x = with_weights(transform(train), train)
    total_weight = train_x.select(F.sum("_w")).first()[0]
    # scikit-learn / rareclass: C * sum(w_i * loss_i) + |b|^2 / 2; Spark: sum(w_i * loss_i) / sum(w_i)
    # + regParam * |b|^2 / 2, the same optimum when regParam = 1 / (C * sum(w_i)).
    lr = LogisticRegression(featuresCol="features", labelCol="_y", weightCol="_w", regParam=1.0 / (C * total_weight),
                            elasticNetParam=0.0, standardization=False, fitIntercept=True, maxIter=1000, tol=1e-10)
    model = lr.fit(train_x)
    result = {"coefficients": dict(zip(names, map(float, model.coefficients))),
              "intercept": float(model.intercept), "metrics": {}}
    for part, rows in [("train", train), ("val", val), ("test", test)]:
        if rows.limit(1).count() == 0:
            continue
        m = evaluate(model.transform(transform(rows)))
        result["metrics"][part] = m
        print(f"{part:<6} ROC-AUC {m['roc_auc']:.4f}  PR-AUC {m['pr_auc']:.4f}  "
              f"precision {m['precision']:.4f}  recall {m['recall']:.4f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    spark.stop()


if __name__ == "__main__":
    main()
