#!/usr/bin/env bash
# The benchmark: rareclass (native and wasm in Node) next to its peers
# (pandas, scikit-learn) on the same input in the same run, one after the
# other (never in parallel), printed as a markdown table with ratios:
# (a) CSV bytes → table, (b) the logistic-regression fit (C = 1, balanced
# class weights, tol 1e-4) on the same standardised float32 rows
# (bench/prepare.py), rareclass with its default solver and with L-BFGS.
#   bash bench/run.sh                      # 3 repeats, median reported
#   REPEATS=5 CREDITCARD=/path/creditcard.csv bash bench/run.sh
# Input: the 284,807-row credit-card fraud CSV from $CREDITCARD, else
# bench/data/creditcard.csv, else fetched by
# scripts/fetch-creditcard.sh into bench/data/. Python peers run from
# bench/.venv, made by bench/env.sh from bench/requirements.txt. Results are kept in
# bench/results/ (JSON lines + the table).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
say() { printf '[bench] %s\n' "$*" >&2; }

# 1. Input.
csv=${CREDITCARD:-}
if [ -z "$csv" ]; then
  for c in bench/data/creditcard.csv; do
    [ -f "$c" ] && { csv=$c; break; }
  done
fi
if [ -z "$csv" ]; then
  mkdir -p bench/data
  csv=bench/data/creditcard.csv
  say "fetching creditcard.csv"
  bash scripts/fetch-creditcard.sh "$csv" >&2
fi
[ -f "$csv" ] || { echo "[bench] no such file: $csv" >&2; exit 1; }

# 2. Python peers, pinned, in bench/.venv (see bench/env.sh).
source bench/env.sh

# 3. rareclass: the page's wasm package and the native bench program.
bash scripts/setup.sh >&2
bash scripts/build.sh --bench >&2
cargo build --release --quiet --example bench_native >&2
native=target/release/examples/bench_native

# 4. Measure, one tool at a time.
mkdir -p bench/results
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=bench/results/$stamp.jsonl
: > "$out"
say "CSV → table: $csv ($REPEATS repeats each)"
"$native" csv "$csv" "$REPEATS" >> "$out"
node bench/wasm.mjs csv "$csv" "$REPEATS" >> "$out"
"$PYTHON" bench/peers.py csv "$csv" "$REPEATS" >> "$out"

# The fit: every tool on the same prepared float32 rows.
rows=bench/data/lr
if [ ! -f "$rows/meta.json" ] || [ "$csv" -nt "$rows/meta.json" ] || [ bench/prepare.py -nt "$rows/meta.json" ]; then
  "$PYTHON" bench/prepare.py "$csv" "$rows"
fi
say "logistic regression fit: $rows ($REPEATS repeats each)"
for solver in auto lbfgs; do
  "$native" lr "$rows" "$REPEATS" "$solver" >> "$out"
  node bench/wasm.mjs lr "$rows" "$REPEATS" "$solver" >> "$out"
done
"$PYTHON" bench/peers.py lr "$rows" "$REPEATS" >> "$out"

# 5. The table.
{
  echo "rareclass $(git describe --always --dirty 2>/dev/null || echo '?') · $(date -u +%F) ·" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores) ·" \
    "rustc $(rustc --version | cut -d' ' -f2) · node $(node --version) ·" \
    "input $(basename "$csv") ($(wc -c < "$csv") bytes)"
  echo
  python3 bench/report.py "$out"
} | tee "bench/results/$stamp.md"
