"""The DAN study's table from the reports bench/transfer_study.sh wrote
(PAIR__VARIANT__seedN.json): per pair and network variant, over seeds, the
DAN's and the same network's (source only) target-test ROC-AUC, their
paired difference (mean and wins), the steps run, the step early stopping
kept and λ there, the share of the learned features' variance on the first
principal component (DAN and source-only network: saturation), the MK-MMD
of those features, and how many runs' DAN flags no target-test row at 0.5
(the seed's fixed threshold) and at its validation threshold. Standard
library only.

    python3 bench/transfer_study_summary.py bench/results/transfer_study
"""

import collections
import glob
import json
import math
import os
import statistics
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "bench/results/transfer_study"
runs = collections.OrderedDict()
for path in sorted(glob.glob(os.path.join(folder, "*__*__seed*.json"))):
    pair, variant, seed = os.path.basename(path)[:-5].split("__")
    with open(path) as f:
        runs.setdefault(pair, collections.OrderedDict()).setdefault(variant, []).append(json.load(f))


def ms(values, digits=4):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.{digits}f} ± {sd:.{digits}f}"


def model(r, method, kind):
    return next(m for m in r["models"] if m["method"] == method and m["kind"] == kind)


def lam(step, horizon):
    return 2.0 / (1.0 + math.exp(-10.0 * step / max(horizon, 1))) - 1.0


def flags_nobody(m):
    return any(c["code"] in ("no-positive-predicted", "single-class-predictions") for c in m["checks"])


for pair, variants in runs.items():
    print(f"\n### {pair}\n")
    print("| variant | seeds | DAN test ROC-AUC | source-only network | DAN − source-only (wins) "
          "| steps run | kept step (λ there) | PC1 share DAN / source-only | MMD DAN / source-only "
          "| DAN silent at its threshold |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for variant, reports in variants.items():
        dan = [model(r, "dan", "dan") for r in reports]
        plain = [model(r, "source_only", "dan_source_only") for r in reports]
        diffs = [d["test"]["roc_auc"] - p["test"]["roc_auc"] for d, p in zip(dan, plain)]
        wins = sum(x > 0 for x in diffs)
        steps = [len(r["dan_history"]["steps"]) for r in reports]
        kept = []
        for r in reports:
            h = r["dan_history"]
            horizon = r["config"]["dan"].get("lambda_steps") or 1000
            restore = r["config"]["dan"].get("restore_best", True)
            step = h["best_step"] if restore and h["best_step"] is not None else len(h["steps"])
            kept.append((step, lam(step, horizon)))
        pc1 = [r["projections"]["after"]["explained"][0] for r in reports]
        pc1_before = [r["projections"]["before"]["explained"][0] for r in reports]
        mmd = [r["projections"]["after"]["mmd"] for r in reports]
        mmd_before = [r["projections"]["before"]["mmd"] for r in reports]
        silent = sum(flags_nobody(m) for m in dan)
        print(f"| {variant} | {len(reports)} | {ms([m['test']['roc_auc'] for m in dan])} "
              f"| {ms([m['test']['roc_auc'] for m in plain])} | {statistics.mean(diffs):+.4f} ({wins}/{len(diffs)}) "
              f"| {min(steps)}–{max(steps)} | {min(k[0] for k in kept)}–{max(k[0] for k in kept)} "
              f"({min(k[1] for k in kept):.2f}–{max(k[1] for k in kept):.2f}) "
              f"| {statistics.mean(pc1):.2f} / {statistics.mean(pc1_before):.2f} "
              f"| {ms(mmd, 3)} / {ms(mmd_before, 3)} | {silent}/{len(dan)} |")
