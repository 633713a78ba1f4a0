"""Mean ± sd (n − 1) over seeds of each model's target-test ROC-AUC and KS,
from the reports bench/transfer_seeds.sh wrote (DATASET_seedN.json), as a
markdown table; plus the DAN's steps and the MK-MMD of sampled features
before (source-only network) and after (DAN) adaptation. Standard library.

    python3 bench/transfer_summary.py bench/results/transfer
"""

import glob
import json
import os
import statistics
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "bench/results/transfer"
runs = {}
for path in sorted(glob.glob(os.path.join(folder, "*_seed*.json"))):
    name = os.path.basename(path).rsplit("_seed", 1)[0]
    with open(path) as f:
        runs.setdefault(name, []).append(json.load(f))


def ms(values):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.4f} ± {sd:.4f}"


for name, reports in runs.items():
    s = reports[0]["sizes"]
    print(f"\n### {name} ({len(reports)} seeds; source {s['source']} rows, {s['source_positives']} pos; "
          f"target test {s['target_test']} rows, {s['target_test_positives']} pos; {s['features']} features)\n")
    print("| model | target test ROC-AUC | target test KS | target val ROC-AUC | fit s |")
    print("|---|---|---|---|---|")
    for i, m in enumerate(reports[0]["models"]):
        col = lambda f: [f(r["models"][i]) for r in reports]
        print(f"| {m['name']} | {ms(col(lambda m: m['test']['roc_auc']))} | {ms(col(lambda m: m['test']['ks']))} | "
              f"{ms(col(lambda m: m['val']['roc_auc'] if m['val'] else None))} | {ms(col(lambda m: m['fit_seconds']))} |")
    dan = [r["models"][0]["test"]["roc_auc"] for r in reports]
    same = [r["models"][1]["test"]["roc_auc"] for r in reports]
    wins = sum(a > b for a, b in zip(dan, same))
    steps = [len(r["dan_history"]["steps"]) for r in reports]
    best = [r["dan_history"]["best_step"] for r in reports]
    print(f"\nDAN beat the same network on source only (test ROC-AUC) in {wins}/{len(reports)} seeds; "
          f"paired mean difference {statistics.mean(a - b for a, b in zip(dan, same)):+.4f}.")
    print(f"DAN steps run {steps}, best steps {best}.")
    print(f"MK-MMD of sampled features, source-only network → DAN: "
          f"{ms([r['projections']['before']['mmd'] for r in reports])} → "
          f"{ms([r['projections']['after']['mmd'] for r in reports])}")
