#!/usr/bin/env bash
# Transfer mode over 5 seeds on two population pairs, one run at a time:
# lending club 36-month loans → 60-month loans (bundled data/), and the
# credit-card fraud set's day 1 → day 2 (made by bench/transfer_days.py from
# $CREDITCARD, default bench/data/creditcard.csv). Each seed changes the
# target split and every model's random stream; nothing is tuned (the
# defaults are the seed's settings, early stopping watches the target
# validation rows only). Reports go to bench/results/transfer/, the
# mean ± sd table to stdout (bench/transfer_summary.py).
#   bash bench/transfer_seeds.sh            # SEEDS="1 2 3 4 5" by default
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-"1 2 3 4 5"}
out=bench/results/transfer
mkdir -p "$out"
cargo build --release --quiet
bin=target/release/rareclass
if [ ! -f bench/data/creditcard_day1.csv ]; then
  python3 bench/transfer_days.py "${CREDITCARD:-/work/cache/creditcard.csv}" >&2
fi
for seed in $SEEDS; do
  echo "[transfer] lending club, seed $seed" >&2
  "$bin" transfer data/lending_club_source_term36.csv data/lending_club_target_term60.csv \
    --label Class --positive bad --seed "$seed" --report "$out/lending_club_seed$seed.json" -q >/dev/null
  echo "[transfer] credit card day 1 → day 2, seed $seed" >&2
  "$bin" transfer bench/data/creditcard_day1.csv bench/data/creditcard_day2.csv \
    --label Class --positive 1 --seed "$seed" --report "$out/creditcard_seed$seed.json" -q >/dev/null
done
python3 bench/transfer_summary.py "$out"
