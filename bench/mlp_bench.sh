#!/usr/bin/env bash
# MLP epoch-time benchmark (issue 4 item 7): one training epoch of the
# TensorFlow tutorial's MLP (29 → 16 relu → dropout 0.5 → 1, Adam, BCE,
# batch 2048, no validation) on 182,276 × 29 f32 rows — the credit-card
# training split's shape — by rareclass native (bench/mlp_epoch_times.rs),
# rareclass wasm in Node and in headless Chromium (bench/mlp_bench.mjs on
# pkg/), TensorFlow.js on its wasm and cpu backends in Node, and Keras on the
# CPU (bench/mlp_bench_keras.py; TF's default threads = all cores, and 1
# thread), one after another in the same run. Each tool: one warm-up epoch,
# then the median of N epochs. Prints ONE markdown table with ratios to
# TF.js-wasm and to Keras; the JSON lines and the table go to bench/results/.
# The machine may be shared and noisy: compare within one run only.
#
#   bash bench/mlp_bench.sh [ROWS N]          (defaults 182276 7)
# Needs: pkg/ with the bench exports (bash scripts/build.sh --bench; built here when missing), $PYTHON with
# TensorFlow and $PEERS with @tensorflow/tfjs + tfjs-backend-wasm (made by
# bench/env.sh unless set), /usr/bin/chromium (or $CHROMIUM) for playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-182276} N=${2:-7}
source bench/env.sh
say() { printf '[mlp_bench] %s\n' "$*" >&2; }

grep -q benchMlpEpoch pkg/rareclass.d.ts 2>/dev/null || bash scripts/build.sh --bench >&2
cargo build --quiet --release --example mlp_epoch_times --features bench
mkdir -p bench/results
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=bench/results/mlp_bench-$stamp.jsonl
: > "$out"
run() { # name, command...: one JSON line, or an error line naming the tool
  local name=$1; shift
  say "$name"
  "$@" >> "$out" || echo "{\"tool\": \"$name\", \"error\": \"exit $?\"}" >> "$out"
}
run rareclass-native target/release/examples/mlp_epoch_times "$ROWS" "$N"
run rareclass-wasm-node node bench/mlp_bench.mjs wasm "$ROWS" "$N"
run rareclass-wasm-chromium node bench/mlp_bench.mjs chromium "$ROWS" "$N"
run tfjs-wasm node bench/mlp_bench.mjs tfjs-wasm "$ROWS" "$N"
run tfjs-cpu node bench/mlp_bench.mjs tfjs-cpu "$ROWS" "$N"
run keras "$PYTHON" bench/mlp_bench_keras.py "$ROWS" "$N" 0
run keras-1thread "$PYTHON" bench/mlp_bench_keras.py "$ROWS" "$N" 1

{
  echo "rareclass $(git describe --always --dirty 2>/dev/null || echo '?') · $(date -u +%F) ·" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)) · node $(node --version)"
  echo
  "$PYTHON" - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {r["tool"]: r for r in rows}
names = {
    "rareclass-native": "rareclass native (1 thread)",
    "rareclass-wasm-node": "rareclass wasm, Node",
    "rareclass-wasm-chromium": "rareclass wasm, Chromium",
    "tfjs-wasm": "TF.js-wasm, Node",
    "tfjs-cpu": "TF.js-cpu, Node",
    "keras": "Keras CPU (TF default threads)",
    "keras-1thread": "Keras CPU (1 thread)",
}
ok = lambda t: t in by and "median_s" in by[t]
r0 = next(r for r in rows if "median_s" in r)
print(f"One training epoch of the tutorial MLP, {r0['rows']:,} × {r0['cols']} f32, batch {r0['batch']} "
      f"(median of {len(r0['epoch_s'])} epochs after a warm-up; lower is better)\n")
print("| tool | s / epoch (median) | min–max | ÷ TF.js-wasm | ÷ Keras | ÷ TF.js-wasm, by min | ÷ Keras, by min |")
print("|---|---:|---:|---:|---:|---:|---:|")
for tool, name in names.items():
    if tool not in by:
        continue
    r = by[tool]
    if "median_s" not in r:
        print(f"| {name} | {r.get('error', 'failed')} | | | | | |")
        continue
    m, lo = r["median_s"], min(r["epoch_s"])
    ratio = lambda ref: f"{m / by[ref]['median_s']:.2f}" if ok(ref) else "—"
    ratio_min = lambda ref: f"{lo / min(by[ref]['epoch_s']):.2f}" if ok(ref) else "—"
    print(f"| {name} | {m:.4f} | {lo:.4f}–{max(r['epoch_s']):.4f} | {ratio('tfjs-wasm')} | {ratio('keras')} | "
          f"{ratio_min('tfjs-wasm')} | {ratio_min('keras')} |")
print("\nOn a shared machine other processes only ever add time, so the fastest epoch (min) is the "
      "least disturbed estimate; rareclass and TF.js-wasm run on one thread, Keras by default on all cores.")
PY
} | tee "bench/results/mlp_bench-$stamp.md"
