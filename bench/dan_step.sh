#!/usr/bin/env bash
# DAN training step and MK-MMD timing: rareclass native and wasm (in Node)
# next to NumPy and TF.js (cpu and wasm backends, in Node) in the same run,
# one after the other. A step is 512 source + 512 target rows through
# Dense(256, sigmoid) → Dense(64, sigmoid), a linear head, BCE + λ·MK-MMD on
# the 64-d features, backward and Adam; the MK-MMD is 512 × 64 vs 512 × 64.
# Inputs: 117 features (the lending-club pair once prepared). Prints a
# markdown table of medians; JSON lines in bench/results/dan_step.jsonl.
#   bash bench/dan_step.sh                 # REPEATS=20 INPUTS=117 BATCH=512
# NumPy from $PYTHON and TF.js from $PEERS (both made by bench/env.sh unless set).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-20}
INPUTS=${INPUTS:-117}
BATCH=${BATCH:-512}
say() { printf '[dan_step] %s\n' "$*" >&2; }
source bench/env.sh
py=$PYTHON
tfjs=$PEERS
# SKIP_BUILD=1 reuses pkg/ and the native example as they are.
if [ "${SKIP_BUILD:-}" != 1 ]; then
  bash scripts/build.sh --bench >&2
  cargo build --release --quiet --example bench_dan_step --features bench >&2
fi
mkdir -p bench/results
out=bench/results/dan_step.jsonl
: > "$out"
say "rareclass native"
target/release/examples/bench_dan_step "$INPUTS" "$BATCH" "$REPEATS" >> "$out"
say "rareclass wasm"
node bench/dan_step_wasm.mjs "$INPUTS" "$BATCH" "$REPEATS" >> "$out"
say "numpy"
"$py" bench/dan_step.py "$INPUTS" "$BATCH" "$REPEATS" >> "$out"
# TF.js is 2-3 orders slower; fewer repeats keep the run short.
for backend in wasm cpu; do
  say "tfjs $backend"
  TFJS_DIR=$tfjs node bench/dan_step_tfjs.mjs "$backend" "$INPUTS" "$BATCH" "$(( REPEATS < 5 ? REPEATS : 5 ))" 2>/dev/null | tail -n 1 >> "$out"
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
base = {k: statistics.median(next(r for r in rows if r["tool"] == "rareclass-wasm")[k]) for k in ("step_s", "mmd_s", "mmd_grad_s")}
r0 = rows[0]
print(f"\nDAN step ({r0['batch']} + {r0['batch']} rows, {r0['inputs']} inputs → 256 → 64) and MK-MMD ({r0['batch']} × 64 vs {r0['batch']} × 64), median ms (× rareclass-wasm)\n")
print("| tool | train step | MK-MMD value | MK-MMD value + grad | repeats |")
print("|---|---|---|---|---|")
for r in rows:
    cells = []
    for k in ("step_s", "mmd_s", "mmd_grad_s"):
        m = statistics.median(r[k])
        cells.append(f"{m * 1000:.1f} (×{m / base[k]:.2f})")
    name = r["tool"] + (f" {r['version']}" if "version" in r else "")
    print(f"| {name} | " + " | ".join(cells) + f" | {len(r['step_s'])} |")
PY
