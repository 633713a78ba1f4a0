#!/usr/bin/env bash
# Boosted-trees fit time on the credit-card training part: rareclass native
# (bench/gbdt_fit.rs) and wasm in Node (bench/gbdt_wasm.mjs on pkg/ built
# with --bench), LightGBM on one thread and scikit-learn's
# HistGradientBoostingClassifier (all cores, and one thread)
# (bench/gbdt_peers.py), one after another in the same run, on the same
# prepared rows (`rareclass train --export-split`), same settings, early
# stopping off; each times its fit alone (not the test rows' scoring).
# Prints one markdown table with CPU and wall seconds and the ratios to
# LightGBM (1 thread) and to HGB (CPU: one thread; wall: all cores). The
# machine may be shared and noisy: CPU seconds are the fairer column;
# compare within one run only.
#
#   bash bench/gbdt_speed.sh [CREDITCARD.csv] [PARAMS_JSON]
# Needs: $PYTHON with lightgbm and scikit-learn (default bench/.venv, see
# bench/env.sh); builds pkg/ with --bench itself.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${1:-${CREDITCARD:-bench/data/creditcard.csv}}
PARAMS=${2:-'{"n_rounds":300,"max_leaves":15,"learning_rate":0.03,"min_samples_leaf":20}'}
[ -f "$CSV" ] || { echo "no credit-card file at $CSV: run scripts/fetch-creditcard.sh $CSV" >&2; exit 1; }
source bench/env.sh
split=$(mktemp -d)
trap 'rm -rf "$split"' EXIT

cargo build --quiet --release --bin rareclass --example bench_gbdt
bash scripts/build.sh --bench >/dev/null
# The tutorial's split and preparation (Time dropped, ln Amount), logistic
# as a placeholder model: only the split's rows are used.
target/release/rareclass train "$CSV" --label Class --positive 1 --drop Time --log Amount \
  --quiet --export-split "$split" >/dev/null
load=$(cut -d' ' -f1-3 /proc/loadavg)
# One JSON line per tool, in $split/times.jsonl.
target/release/examples/bench_gbdt "$split" "$PARAMS" >"$split/times.jsonl"
node bench/gbdt_wasm.mjs "$split" "$PARAMS" >>"$split/times.jsonl"
"$PYTHON" bench/gbdt_peers.py "$split" "$PARAMS" >>"$split/times.jsonl"

"$PYTHON" - "$PARAMS" "$load / $(cut -d' ' -f1-3 /proc/loadavg)" "$split/times.jsonl" <<'PY'
import json, sys
params, load = sys.argv[1], sys.argv[2]
rows = [json.loads(line) for line in open(sys.argv[3]) if line.strip()]
names = {"rareclass-native": "rareclass native (1 thread)", "rareclass-wasm": "rareclass wasm in Node (1 thread)",
         "lightgbm-1t": "LightGBM 4 (1 thread)", "hgb": "sklearn HGB (all cores)", "hgb-1t": "sklearn HGB (1 thread)"}
by = {r["tool"]: r for r in rows}
lg, hg, h1 = by["lightgbm-1t"], by["hgb"], by["hgb-1t"]
r0 = rows[0]
print(f"gbdt fit, credit-card training part {r0['rows']:,} x {r0['features']}, {params}, early stopping off")
print(f"load average before / after: {load}\n")
print("| tool | CPU s | wall s | trees | CPU × LightGBM-1t | CPU × HGB-1t | wall × HGB | test ROC-AUC | test AP |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {names[r['tool']]} | {r['cpu_s']:.2f} | {r['wall_s']:.2f} | {r['trees']} | {r['cpu_s'] / lg['cpu_s']:.2f} "
          f"| {r['cpu_s'] / h1['cpu_s']:.2f} | {r['wall_s'] / hg['wall_s']:.2f} | {r['test_roc_auc']:.4f} | {r['test_ap']:.4f} |")
PY
