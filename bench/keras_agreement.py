#!/usr/bin/env python3
"""Keras agreement (issue 4 item 6; a script, not CI).

For each seed, `rareclass train` fits the tutorial's three MLPs (baseline,
class-weighted, balanced batches = oversampled) on the credit-card set and
exports its split and prepared features (`--export-split`); then the
TensorFlow tutorial's exact Keras code ("Classification on imbalanced data":
make_model with the output bias log(pos/neg), the saved initial weights,
EarlyStopping on val_prc, class_weight, the tf.data resampled dataset) is
trained on EXACTLY those rows and features. Test metrics at threshold 0.5
for both: tp/fp/tn/fn, precision, recall, ROC-AUC, PR-AUC (= average
precision, sklearn's `average_precision_score`, which is what rareclass's
pr_auc is; Keras's own interpolated `AUC(curve='PR')` is kept as keras_prc).

Prints a markdown table (rareclass mean ± sd vs Keras mean ± sd over the
seeds, sample sd) with two "within the spread" verdicts on ROC-AUC and PR-AUC:
  2sd:   |mean_rareclass - mean_keras| <= 2 * sd_keras
  range: mean_rareclass inside [min, max] of Keras's seeds
and the tutorial's published figures; the raw JSON goes to bench/results/.

  $PYTHON bench/keras_agreement.py --csv creditcard.csv
  (or bash bench/keras_agreement.sh, which builds the release binary first)

Knows nothing of rareclass's internals: it drives the CLI and reads files.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# rareclass's --imbalance technique → the tutorial's model name, in report order.
MODELS = [("none", "baseline"), ("class-weight", "weighted"), ("balanced-batches", "resampled")]
# The tutorial's test results (TF 2.x run published with the notebook, its own
# random 64/16/20 split; the notebook's printed output). Its PR-AUC
# is Keras's interpolated AUC(curve='PR'), its ROC-AUC Keras's AUC().
TUTORIAL = {
    "baseline": dict(tp=84, fp=12, tn=56843, fn=23, precision=0.875, recall=0.7850467562675476,
                     roc_auc=0.9389954805374146, pr_auc=0.8279591798782349),
    "weighted": dict(tp=94, fp=832, tn=56023, fn=13, precision=0.1015118807554245,
                     recall=0.8785046935081482, roc_auc=0.9787468910217285, pr_auc=0.6335744857788086),
    "resampled": dict(tp=95, fp=915, tn=55940, fn=12, precision=0.09405940771102905,
                      recall=0.8878504633903503, roc_auc=0.9800193309783936, pr_auc=0.7522088289260864),
}
KEYS = ["tp", "fp", "tn", "fn", "precision", "recall", "roc_auc", "pr_auc"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def test_metrics(y, p, threshold=0.5):
    pred = p >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    tn = int(np.sum(~pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    return dict(tp=tp, fp=fp, tn=tn, fn=fn,
                precision=tp / (tp + fp) if tp + fp else 0.0,
                recall=tp / (tp + fn) if tp + fn else 0.0,
                roc_auc=float(roc_auc_score(y, p)), pr_auc=float(average_precision_score(y, p)))


def run_rareclass(binary, csv, seed, workdir, epochs):
    split_dir = os.path.join(workdir, f"split-seed{seed}")
    report = os.path.join(workdir, f"report-seed{seed}.json")
    cmd = [binary, "-q", "train", csv, "--label", "Class", "--drop", "Time", "--log", "Amount",
           "--model", "mlp", "--imbalance", ",".join(m for m, _ in MODELS), "--epochs", str(epochs),
           "--seed", str(seed), "--report", report, "--export-split", split_dir]
    log("$", " ".join(cmd))
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r = json.load(open(report))
    out = {}
    for (technique, name), m in zip(MODELS, r["models"]):
        t = m["test"]
        out[name] = dict({k: t[k] for k in KEYS}, model=m["name"], epochs=m["n_iter"],
                         fit_s=m["fit_seconds"])
    return split_dir, out, wall


def run_keras(split_dir, seed, epochs):
    """The tutorial's code, verbatim where it can be (Keras 3: weights are kept
    with get_weights/set_weights instead of a checkpoint file, and
    `keras.Input` replaces the deprecated `input_shape=` argument)."""
    import tensorflow as tf
    from tensorflow import keras

    keras.utils.set_random_seed(seed)
    ld = lambda n: np.load(os.path.join(split_dir, n))
    train_features, val_features, test_features = ld("x_train.npy"), ld("x_val.npy"), ld("x_test.npy")
    train_labels, val_labels, test_labels = ld("y_train.npy"), ld("y_val.npy"), ld("y_test.npy")
    bool_train_labels = train_labels != 0
    neg, pos = np.bincount(train_labels)
    total = neg + pos

    METRICS = [
        keras.metrics.TruePositives(name='tp'),
        keras.metrics.FalsePositives(name='fp'),
        keras.metrics.TrueNegatives(name='tn'),
        keras.metrics.FalseNegatives(name='fn'),
        keras.metrics.BinaryAccuracy(name='accuracy'),
        keras.metrics.Precision(name='precision'),
        keras.metrics.Recall(name='recall'),
        keras.metrics.AUC(name='auc'),
        keras.metrics.AUC(name='prc', curve='PR'),  # precision-recall curve
    ]

    def make_model(metrics=METRICS, output_bias=None):
        if output_bias is not None:
            output_bias = tf.keras.initializers.Constant(output_bias)
        model = keras.Sequential([
            keras.Input(shape=(train_features.shape[-1],)),
            keras.layers.Dense(16, activation='relu'),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(1, activation='sigmoid', bias_initializer=output_bias),
        ])
        model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=1e-3),
            loss=keras.losses.BinaryCrossentropy(),
            metrics=metrics)
        return model

    EPOCHS = epochs
    BATCH_SIZE = 2048

    def early_stopping():
        return tf.keras.callbacks.EarlyStopping(
            monitor='val_prc', verbose=0, patience=10, mode='max', restore_best_weights=True)

    initial_bias = np.log([pos / neg])
    model = make_model(output_bias=initial_bias)
    initial_weights = model.get_weights()

    def finish(name, model, history):
        p = model.predict(test_features, batch_size=BATCH_SIZE, verbose=0).ravel()
        m = test_metrics(test_labels, p)
        ev = model.evaluate(test_features, test_labels, batch_size=BATCH_SIZE, verbose=0, return_dict=True)
        m.update(keras_prc=float(ev["prc"]), keras_auc=float(ev["auc"]),
                 epochs=len(history.history["loss"]),
                 best_epoch=int(np.argmax(history.history["val_prc"])) + 1)
        log(f"  keras {name}: " + json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in m.items()}))
        return m

    out = {}
    t0 = time.perf_counter()
    model = make_model()
    model.set_weights(initial_weights)
    baseline_history = model.fit(
        train_features, train_labels, batch_size=BATCH_SIZE, epochs=EPOCHS,
        callbacks=[early_stopping()], validation_data=(val_features, val_labels), verbose=0)
    out["baseline"] = finish("baseline", model, baseline_history)

    weight_for_0 = (1 / neg) * (total / 2.0)
    weight_for_1 = (1 / pos) * (total / 2.0)
    class_weight = {0: weight_for_0, 1: weight_for_1}
    weighted_model = make_model()
    weighted_model.set_weights(initial_weights)
    weighted_history = weighted_model.fit(
        train_features, train_labels, batch_size=BATCH_SIZE, epochs=EPOCHS,
        callbacks=[early_stopping()], validation_data=(val_features, val_labels),
        class_weight=class_weight, verbose=0)
    out["weighted"] = finish("weighted", weighted_model, weighted_history)

    pos_features = train_features[bool_train_labels]
    neg_features = train_features[~bool_train_labels]
    pos_labels = train_labels[bool_train_labels]
    neg_labels = train_labels[~bool_train_labels]
    BUFFER_SIZE = 100000

    def make_ds(features, labels):
        ds = tf.data.Dataset.from_tensor_slices((features, labels))  # .cache()
        ds = ds.shuffle(BUFFER_SIZE).repeat()
        return ds

    pos_ds = make_ds(pos_features, pos_labels)
    neg_ds = make_ds(neg_features, neg_labels)
    resampled_ds = tf.data.Dataset.sample_from_datasets([pos_ds, neg_ds], weights=[0.5, 0.5])
    resampled_ds = resampled_ds.batch(BATCH_SIZE).prefetch(2)
    # The tutorial's epoch: the batches to see every negative once (what
    # rareclass's balanced batches use too).
    resampled_steps_per_epoch = int(np.ceil(2.0 * neg / BATCH_SIZE))
    resampled_model = make_model()
    resampled_model.set_weights(initial_weights)
    # Reset the bias to zero, since this dataset is balanced.
    output_layer = resampled_model.layers[-1]
    output_layer.bias.assign([0])
    val_ds = tf.data.Dataset.from_tensor_slices((val_features, val_labels)).cache()
    val_ds = val_ds.batch(BATCH_SIZE).prefetch(2)
    resampled_history = resampled_model.fit(
        resampled_ds, epochs=EPOCHS, steps_per_epoch=resampled_steps_per_epoch,
        callbacks=[early_stopping()], validation_data=val_ds, verbose=0)
    out["resampled"] = finish("resampled", resampled_model, resampled_history)
    keras.backend.clear_session()
    return out, time.perf_counter() - t0, {"tensorflow": tf.__version__, "keras": keras.__version__}


def mean_sd(xs):
    return statistics.fmean(xs), (statistics.stdev(xs) if len(xs) > 1 else 0.0)


def fmt(key, m, sd=None):
    if key in ("tp", "fp", "tn", "fn"):
        return f"{m:.1f} ± {sd:.1f}" if sd is not None else f"{m:.0f}"
    return f"{m:.4f} ± {sd:.4f}" if sd is not None else f"{m:.4f}"


def table(result):
    seeds = result["seeds"]
    lines = [f"Test metrics at threshold 0.5, mean ± sd over seeds {', '.join(map(str, seeds))} "
             f"(rareclass split, {result['split']['train']:,} / {result['split']['val']:,} / "
             f"{result['split']['test']:,} rows). PR-AUC = average precision for rareclass and Keras; "
             "the tutorial's is Keras's interpolated AUC(curve='PR').", "",
             "| model | source | " + " | ".join(KEYS) + " | epochs |",
             "|---|---|" + "---:|" * (len(KEYS) + 1)]
    verdicts = []
    for _, name in MODELS:
        rc = [result["runs"][str(s)]["rareclass"][name] for s in seeds]
        kr = [result["runs"][str(s)]["keras"][name] for s in seeds]
        for label, rows in (("rareclass", rc), ("Keras", kr)):
            cells = [fmt(k, *mean_sd([r[k] for r in rows])) for k in KEYS]
            ep = mean_sd([r["epochs"] for r in rows])
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + f" | {ep[0]:.1f} |")
        t = TUTORIAL[name]
        lines.append(f"| {name} | tutorial (published, 1 run) | " + " | ".join(fmt(k, t[k]) for k in KEYS) + " | |")
        for k in ("roc_auc", "pr_auc"):
            rm, _ = mean_sd([r[k] for r in rc])
            km, ks = mean_sd([r[k] for r in kr])
            lo, hi = min(r[k] for r in kr), max(r[k] for r in kr)
            verdicts.append(dict(model=name, metric=k, rareclass_mean=rm, keras_mean=km, keras_sd=ks,
                                 delta=rm - km, within_2sd=abs(rm - km) <= 2 * ks, within_range=lo <= rm <= hi,
                                 keras_min=lo, keras_max=hi))
    lines += ["", "Within Keras's seed-to-seed spread? (2sd: |Δmean| ≤ 2·sd_Keras; range: rareclass mean "
              "inside [min, max] of Keras's seeds)", "",
              "| model | metric | rareclass mean | Keras mean ± sd | Keras [min, max] | Δ | 2sd | range |",
              "|---|---|---:|---:|---:|---:|:-:|:-:|"]
    for v in verdicts:
        lines.append(f"| {v['model']} | {v['metric']} | {v['rareclass_mean']:.4f} | {v['keras_mean']:.4f} ± "
                     f"{v['keras_sd']:.4f} | [{v['keras_min']:.4f}, {v['keras_max']:.4f}] | {v['delta']:+.4f} | "
                     f"{'yes' if v['within_2sd'] else 'no'} | {'yes' if v['within_range'] else 'no'} |")
    return "\n".join(lines), verdicts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", default=os.environ.get("CREDITCARD", os.path.join(ROOT, "bench/data/creditcard.csv")))
    ap.add_argument("--seeds", default="1,2,3,4,5")
    ap.add_argument("--epochs", type=int, default=100, help="at most, both sides (the tutorial's EPOCHS)")
    ap.add_argument("--rareclass", default=os.path.join(ROOT, "target/release/rareclass"))
    ap.add_argument("--work", default=os.path.join(ROOT, "bench/data/keras_agreement"))
    ap.add_argument("--out", default=None, help="raw JSON (default bench/results/keras_agreement-<stamp>.json)")
    ap.add_argument("--merge", nargs="+", metavar="JSON",
                    help="no training: join the seeds of earlier runs' JSON (e.g. seeds run in two processes) "
                         "and print their table")
    a = ap.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    os.makedirs(a.work, exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H%M%SZ", time.gmtime())
    out = a.out or os.path.join(ROOT, "bench/results", f"keras_agreement-{stamp}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if a.merge:
        parts = [json.load(open(p)) for p in a.merge]
        result = dict(parts[0], runs={}, merged_from=[os.path.abspath(p) for p in a.merge])
        for r in parts:
            result["runs"].update(r["runs"])
        result["seeds"] = sorted(int(s) for s in result["runs"])
        finish(result, out)
        return
    result = {"csv": os.path.abspath(a.csv), "seeds": seeds, "epochs_max": a.epochs, "threshold": 0.5,
              "date": stamp, "runs": {}, "tutorial": TUTORIAL}
    for seed in seeds:
        split_dir, rc, rc_wall = run_rareclass(a.rareclass, a.csv, seed, a.work, a.epochs)
        for name, m in rc.items():
            log(f"  rareclass {name}: " + json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in m.items()}))
        kr, kr_wall, versions = run_keras(split_dir, seed, a.epochs)
        y = lambda part: np.load(os.path.join(split_dir, f"y_{part}.npy"))
        result["split"] = {p: int(len(y(p))) for p in ("train", "val", "test")}
        result["split_positives"] = {p: int(y(p).sum()) for p in ("train", "val", "test")}
        result["versions"] = versions
        result["runs"][str(seed)] = {"rareclass": rc, "keras": kr, "rareclass_wall_s": rc_wall,
                                     "keras_wall_s": kr_wall}
        json.dump(result, open(out, "w"), indent=1)  # after every seed: a partial run still leaves data
    finish(result, out)


def finish(result, out):
    md, verdicts = table(result)
    result["verdicts"] = verdicts
    json.dump(result, open(out, "w"), indent=1)
    with open(out[:-5] + ".md", "w") as f:
        f.write(md + "\n")
    print(md)
    log("wrote", out)


if __name__ == "__main__":
    main()
