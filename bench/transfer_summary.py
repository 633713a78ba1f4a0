"""Mean ± sd (n − 1) over seeds of every model's target-test ROC-AUC from
the reports bench/transfer_seeds.sh wrote (PAIR_seedN.json), how often each
was chosen on target validation rows, and each seed's verdict (chosen
method, difference to the best source-only model with its 95 % bootstrap
interval, outcome), as markdown. Standard library only.

    python3 bench/transfer_summary.py bench/results/transfer
"""

import collections
import glob
import json
import os
import statistics
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "bench/results/transfer"
runs = collections.OrderedDict()
for path in sorted(glob.glob(os.path.join(folder, "*_seed*.json"))):
    name, seed = os.path.basename(path)[:-5].rsplit("_seed", 1)
    with open(path) as f:
        runs.setdefault(name, []).append((int(seed), json.load(f)))


def ms(values):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.4f} ± {sd:.4f}"


for name, seeded in runs.items():
    seeded.sort()
    reports = [r for _, r in seeded]
    s = reports[0]["sizes"]
    print(f"\n### {name} ({len(reports)} seeds: {', '.join(str(k) for k, _ in seeded)}; source {s['source']} rows, "
          f"{s['source_positives']} pos; target test {s['target_test']} rows, {s['target_test_positives']} pos; "
          f"{s['features']} features)\n")
    print("| model | method | target test ROC-AUC | target val ROC-AUC | chosen | flags nobody |")
    print("|---|---|---|---|---|---|")
    for m0 in reports[0]["models"]:
        ms_ = [next(m for m in r["models"] if m["name"] == m0["name"]) for r in reports]
        chosen = sum(m["chosen"] for m in ms_)
        silent = sum(any(c["code"] in ("no-positive-predicted", "single-class-predictions") for c in m["checks"]) for m in ms_)
        print(f"| {m0['name']} | {m0['method']} | {ms([m['test']['roc_auc'] for m in ms_])} | "
              f"{ms([m['val']['roc_auc'] if m['val'] else None for m in ms_])} | {chosen}/{len(ms_)} | {silent}/{len(ms_)} |")
    print("\n| seed | chosen | best source-only | difference [95 % interval] | verdict | adaptation alone, when target labels won |")
    print("|---|---|---|---|---|---|")
    outcomes = collections.Counter()
    for seed, r in seeded:
        v = r.get("verdict")
        if not v:
            print(f"| {seed} | — | — | — | none | |")
            continue
        by_name = {m["name"]: m for m in r["models"]}
        # Reports made before the verdict carried its basis: a fit of
        # method "target" won on the target's own labels.
        basis = v.get("basis") or ("target labels" if by_name[v["chosen"]]["method"] == "target" else "adaptation")
        outcomes[f"{basis} {v['outcome']}"] += 1
        alone = ""
        a = r.get("adaptation_verdict")
        if a:
            alone = (f"{a['chosen']}: {a['difference']:+.4f} [{a['interval'][0]:+.4f}, "
                     f"{a['interval'][1]:+.4f}] {a['outcome']}")
        elif basis == "target labels":
            # No interval in such a report: the point difference of the
            # adaptation method best on validation rows.
            cands = [m for m in r["models"] if m["method"] not in ("source_only", "target") and m["val"]]
            if cands:
                m = max(cands, key=lambda m: m["val"]["roc_auc"] or -1)
                d = m["test"]["roc_auc"] - by_name[v["baseline"]]["test"]["roc_auc"]
                alone = f"{m['name']}: {d:+.4f} (no interval in this report)"
        print(f"| {seed} | {v['chosen']} | {v['baseline']} | {v['difference']:+.4f} "
              f"[{v['interval'][0]:+.4f}, {v['interval'][1]:+.4f}] | {basis} {v['outcome']} | {alone} |")
    print("\nVerdicts: " + ", ".join(f"{k} {n}/{len(reports)}" for k, n in outcomes.items()))
    if reports[0].get("learning_curve"):
        print("\nLearning curve (target-test ROC-AUC, mean ± sd): " + "; ".join(
            f"{int(round(c['share'] * 100))} % — target only "
            f"{ms([r['learning_curve'][i]['target_only'] for r in reports])}, source + target "
            f"{ms([r['learning_curve'][i]['source_target'] for r in reports])}"
            for i, c in enumerate(reports[0]["learning_curve"])))
