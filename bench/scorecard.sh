#!/usr/bin/env bash
# Issue 14's checks in one run: each bench behind them, one after another
# (never two at once), with its peers where it has them, then one table:
# check, measured, goal, met or not, and the load average around it.
#   bash bench/scorecard.sh                 # CREDITCARD=/path/creditcard.csv
#   ONLY="size memory" bash bench/scorecard.sh
# Checks (names for ONLY): csv (bench/csv_speed.sh: CPU seconds ÷ pandas'
# C engine, fraud file and the synthetic 1 M × 50 file), dan
# (bench/dan_step.sh: the DAN step ÷ NumPy's), size (the first view's and the full module's
# gzipped wasm, with bench/wasm_size.py's top contributors), memory
# (bench/memory_peak.mjs: the tab's peak while it reads the fraud file and
# trains), workers (bench/forest_workers.mjs: the Train tab's 100-tree
# forest and the 10 × 5 grid, 1 vs 2 workers), e2e (bench/end_to_end.mjs: drop the fraud file, the tutorial's
# three networks in Compare). Each bench's own table is printed as it
# runs; the full outputs are kept in bench/results/scorecard/.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '[scorecard] %s\n' "$*" >&2; }
ONLY=${ONLY:-csv dan size memory workers e2e}
wants() { [[ " $ONLY " == *" $1 "* ]]; }
csv=${CREDITCARD:-bench/data/creditcard.csv}
if [ ! -f "$csv" ]; then
  mkdir -p bench/data
  bash scripts/fetch-creditcard.sh bench/data/creditcard.csv >&2
  csv=bench/data/creditcard.csv
fi
out=bench/results/scorecard
mkdir -p "$out"
rows=$out/rows.jsonl
: > "$rows"
load() { cut -d' ' -f1-3 /proc/loadavg; }
# row CHECK MEASURED GOAL MET LOAD_BEFORE
row() {
  python3 -c 'import json,sys; print(json.dumps(dict(zip(["check","measured","goal","met","load"], sys.argv[1:]))))' \
    "$1" "$2" "$3" "$4" "$5 → $(load)" >> "$rows"
}

bash scripts/setup.sh >&2

if wants size; then
  # The shipped package: no bench exports.
  l0=$(load)
  bash scripts/build.sh >&2
  python3 bench/wasm_size.py 15 | tee "$out/size.md"
  # The page starts on the first-view module (pkg/first/) and fetches the
  # full one (pkg/) in the background once the first view is shown
  # (www/engine_client.js; tests/e2e/first_view.test.mjs checks the first
  # view fetches no other wasm; bench/first_view.mjs measures both).
  gz=$(python3 -c 'import gzip; print(len(gzip.compress(open("pkg/first/rareclass_bg.wasm","rb").read(), 9)))')
  row "download: the first view's wasm (pkg/first/, the module the page starts on), gzipped" "$((gz / 1000)) kB" \
    "< 450 kB for the first view" "$([ "$gz" -lt 450000 ] && echo met || echo 'not met')" "$l0"
  gz=$(python3 -c 'import gzip; print(len(gzip.compress(open("pkg/rareclass_bg.wasm","rb").read(), 9)))')
  row "download: the full module (pkg/), fetched in the background after the first view, gzipped" "$((gz / 1000)) kB" \
    "not in the first view" "met" "$l0"
fi

# Everything else times the bench build (the timing exports).
bash scripts/build.sh --bench >&2

if wants csv; then
  l0=$(load)
  NO_BUILD=1 CREDITCARD=$csv bash bench/csv_speed.sh | tee "$out/csv.md"
  python3 bench/scorecard_rows.py csv "$out/csv.md" "$l0" "$rows"
fi

if wants dan; then
  l0=$(load)
  cargo build --release --quiet --example bench_dan_step --features bench >&2
  SKIP_BUILD=1 bash bench/dan_step.sh | tee "$out/dan.md"
  python3 bench/scorecard_rows.py dan bench/results/dan_step.jsonl "$l0" "$rows"
fi

if wants memory; then
  l0=$(load)
  node bench/memory_peak.mjs "$csv" | tee "$out/memory.md"
  python3 bench/scorecard_rows.py memory "$out/memory.md" "$l0" "$rows"
fi

if wants workers; then
  l0=$(load)
  node bench/forest_workers.mjs "$csv" Class | tee "$out/workers.md"
  python3 bench/scorecard_rows.py workers "$out/workers.md" "$l0" "$rows"
fi

if wants e2e; then
  l0=$(load)
  node bench/end_to_end.mjs "$csv" | tee "$out/e2e.md"
  python3 bench/scorecard_rows.py e2e "$out/e2e.md" "$l0" "$rows"
fi

echo
echo "## Scorecard ($(git describe --always --dirty 2>/dev/null) · $(date -u +%FT%TZ) · $(nproc) cores)"
echo
python3 - "$rows" <<'PY'
import json, sys
print("| check | measured | goal | | load average before → after |")
print("|---|---|---|---|---|")
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(f"| {r['check']} | {r['measured']} | {r['goal']} | {r['met']} | {r['load']} |")
PY
