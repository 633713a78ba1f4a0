#!/usr/bin/env bash
# CSV bytes → typed table (type inference and the page's column summary
# included), rareclass in wasm (Node, the page's package, 4 MiB chunks as
# the page feeds them) beside pandas.read_csv (C engine), one tool at a
# time, niced, on two inputs: the credit-card file and the seeded synthetic
# wide file of bench/wide_csv.py (1 M rows × 50 mixed columns). Prints one
# table with wall and CPU seconds (medians), the ratios rareclass / pandas
# (< 1: rareclass is faster) and the load average before and after each
# file. CPU seconds are the ratio to trust on a shared machine.
#   bash bench/csv_speed.sh
#   REPEATS=5 WIDE_ROWS=200000 bash bench/csv_speed.sh
#   BEFORE_PKG=/path/to/old/pkg bash bench/csv_speed.sh   # adds that build's row
#   NO_BUILD=1 ...                                         # use pkg/ as it is
# Inputs: $CREDITCARD, else bench/data/creditcard.csv (fetched if absent);
# the wide file is made once into bench/data/ (about 0.55 GB, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
WIDE_ROWS=${WIDE_ROWS:-1000000}
say() { printf '[csv_speed] %s\n' "$*" >&2; }

csv=${CREDITCARD:-bench/data/creditcard.csv}
if [ ! -f "$csv" ]; then
  mkdir -p bench/data
  say "fetching creditcard.csv"
  bash scripts/fetch-creditcard.sh "$csv" >&2
fi
source bench/env.sh
wide=bench/data/wide_${WIDE_ROWS}.csv
if [ ! -f "$wide" ] || [ bench/wide_csv.py -nt "$wide" ]; then
  mkdir -p bench/data
  say "writing $wide"
  nice "$PYTHON" bench/wide_csv.py "$wide.tmp" "$WIDE_ROWS" && mv "$wide.tmp" "$wide"
fi
if [ -z "${NO_BUILD:-}" ]; then
  bash scripts/setup.sh >&2
  bash scripts/build.sh --bench >&2
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in "$csv" "$wide"; do
  say "$f ($REPEATS repeats each)"
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ -n "${BEFORE_PKG:-}" ]; then
    RARECLASS_PKG=$BEFORE_PKG nice node bench/wasm.mjs csv "$f" "$REPEATS" |
      sed 's/"tool":"rareclass-wasm"/"tool":"rareclass-wasm (before)"/' >> "$out"
  fi
  nice node bench/wasm.mjs csv "$f" "$REPEATS" >> "$out"
  nice "$PYTHON" bench/peers.py csv "$f" "$REPEATS" >> "$out"
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  printf '{"task":"load","file":"%s","before":"%s","after":"%s"}\n' "$f" "$load0" "$load1" >> "$out"
done

echo "rareclass $(git describe --always --dirty 2>/dev/null || echo '?') · $(date -u +%FT%TZ) ·" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores) · node $(node --version)"
echo
"$PYTHON" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print("| file | tool | wall s (median) | CPU s (median) | MB/s (CPU) | wall ratio | CPU ratio | load avg before → after |")
print("|---|---|---|---|---|---|---|---|")
i = 0
while i < len(rows):
    group = []
    while rows[i]["task"] != "load":
        group.append(rows[i]); i += 1
    load = rows[i]; i += 1
    peer = next(r for r in group if r["tool"] == "pandas")
    pw, pc = statistics.median(peer["runs_s"]), statistics.median(peer["cpu_s"])
    name = load["file"].rsplit("/", 1)[-1]
    for r in group:
        w, c = statistics.median(r["runs_s"]), statistics.median(r["cpu_s"])
        same = "" if (r["rows"], r["columns"]) == (peer["rows"], peer["columns"]) else " (shape differs!)"
        print(f'| {name} ({r["bytes"] / 1e6:.1f} MB, {r["rows"]:,} × {r["columns"]}) | {r["tool"]}{same} '
              f'| {w:.3f} | {c:.3f} | {r["bytes"] / 1e6 / c:.0f} | {w / pw:.2f} | {c / pc:.2f} '
              f'| {load["before"]} → {load["after"]} |')
print()
print("Ratios are rareclass / pandas.read_csv(engine=\"c\"): below 1 rareclass is faster.")
PY
