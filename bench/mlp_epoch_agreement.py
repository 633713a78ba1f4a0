#!/usr/bin/env python3
"""The Keras agreement of bench/keras_agreement.py, rareclass's side only:
after a change to the MLP's epoch (bench/mlp_epoch*), reruns `rareclass
train` with the tutorial's three MLPs for the seeds of a stored agreement
run (same CLI call, so the same split and prepared features as Keras was
trained on) and sets the new test metrics beside that run's Keras seeds
and its earlier rareclass numbers, with the same two verdicts:
  2sd:   |mean_rareclass - mean_keras| <= 2 * sd_keras
  range: mean_rareclass inside [min, max] of Keras's seeds
Standard library only (no TensorFlow): minutes, not an hour.

  python3 bench/mlp_epoch_agreement.py [STORED_JSON] [--csv CSV] [--rareclass BIN]
  (default bench/results/keras_agreement-seeds1-5.json, /work/data/creditcard.csv
  or $CREDITCARD, target/release/rareclass)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = [("none", "baseline"), ("class-weight", "weighted"), ("balanced-batches", "resampled")]
KEYS = ["tp", "fp", "tn", "fn", "precision", "recall", "roc_auc", "pr_auc"]


def run(binary, csv, seed, epochs, work):
    report = os.path.join(work, f"report-seed{seed}.json")
    cmd = [binary, "-q", "train", csv, "--label", "Class", "--drop", "Time", "--log", "Amount",
           "--model", "mlp", "--imbalance", ",".join(m for m, _ in MODELS), "--epochs", str(epochs),
           "--seed", str(seed), "--report", report]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r = json.load(open(report))
    return {name: dict({k: m["test"][k] for k in KEYS}, epochs=m["n_iter"], fit_s=m["fit_seconds"])
            for (_, name), m in zip(MODELS, r["models"])}, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stored", nargs="?", default=os.path.join(ROOT, "bench/results/keras_agreement-seeds1-5.json"))
    ap.add_argument("--csv", default=os.environ.get("CREDITCARD", "/work/data/creditcard.csv"))
    ap.add_argument("--rareclass", default=os.path.join(ROOT, "target/release/rareclass"))
    a = ap.parse_args()
    stored = json.load(open(a.stored))
    seeds = sorted(int(s) for s in stored["runs"])
    new = {}
    with tempfile.TemporaryDirectory() as work:
        for seed in seeds:
            new[seed], wall = run(a.rareclass, a.csv, seed, stored["epochs_max"], work)
            print(f"seed {seed}: {wall:.1f} s", file=sys.stderr, flush=True)
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"Test metrics at threshold 0.5, mean ± sd over seeds {', '.join(map(str, seeds))}: rareclass now, "
          f"rareclass and Keras as stored in {os.path.basename(a.stored)} (load average {load})\n")
    print("| model | metric | rareclass now | rareclass stored | Keras mean ± sd | Keras [min, max] | Δ now − Keras | 2sd | range |")
    print("|---|---|---:|---:|---:|---:|---:|:-:|:-:|")
    for _, name in MODELS:
        for key in ["roc_auc", "pr_auc", "recall", "precision", "epochs"]:
            now = [new[s][name][key] for s in seeds]
            old = [stored["runs"][str(s)]["rareclass"][name][key] for s in seeds]
            kr = [stored["runs"][str(s)]["keras"][name][key] for s in seeds]
            mk, sk = statistics.mean(kr), statistics.stdev(kr)
            mn = statistics.mean(now)
            d = mn - mk
            sd_ok = "yes" if abs(d) <= 2 * sk else "no"
            rng_ok = "yes" if min(kr) <= mn <= max(kr) else "no"
            fmt = (lambda v: f"{v:.1f}") if key == "epochs" else (lambda v: f"{v:.4f}")
            print(f"| {name} | {key} | {fmt(mn)} ± {fmt(statistics.stdev(now))} | {fmt(statistics.mean(old))} | "
                  f"{fmt(mk)} ± {fmt(sk)} | [{fmt(min(kr))}, {fmt(max(kr))}] | {d:+.4f} | {sd_ok} | {rng_ok} |")


if __name__ == "__main__":
    main()
