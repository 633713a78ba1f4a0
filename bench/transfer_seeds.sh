#!/usr/bin/env bash
# Every transfer method over 5 seeds on the real population pairs and the
# synthetic test bed, one run at a time: lending club 36-month loans →
# 60-month loans (bundled data/), the synthetic pairs of
# bench/transfer_synthetic.py (spurious proxy, drift, selection, concept
# shift), and the credit-card fraud set's day 1 → day 2 (made by
# bench/transfer_days.py from $CREDITCARD). Each seed changes the target
# split and every model's random stream; `rareclass transfer` runs with its
# defaults (every method, the recommended network preset), so each report
# carries the method chosen on target validation rows and its verdict.
# Reports go to bench/results/transfer/, the table to stdout
# (bench/transfer_summary.py).
#   bash bench/transfer_seeds.sh                 # SEEDS="1 2 3 4 5", PAIRS="lending synthetic creditcard"
#   BIN=target/release/rareclass PAIRS=lending bash bench/transfer_seeds.sh
#   PAIRS=synthetic SCENARIOS="spurious concept" bash bench/transfer_seeds.sh   # some synthetic pairs only
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-"1 2 3 4 5"}
PAIRS=${PAIRS:-"lending synthetic creditcard"}
SCENARIOS=${SCENARIOS:-"spurious drift selection concept"}
out=bench/results/transfer
mkdir -p "$out"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/rareclass
fi
run() { # name seed source target label positive
  echo "[transfer] $1 seed $2 $(uptime | sed 's/.*load/load/')" >&2
  "$BIN" transfer "$3" "$4" --label "$5" --positive "$6" --seed "$2" \
    --report "$out/${1}_seed$2.json" -q >/dev/null
}
for pair in $PAIRS; do
  for seed in $SEEDS; do
    case $pair in
      lending)
        run lending_club "$seed" data/lending_club_source_term36.csv data/lending_club_target_term60.csv Class bad ;;
      synthetic)
        python3 bench/transfer_synthetic.py "$out/synthetic_seed$seed" "$seed" >/dev/null
        for s in $SCENARIOS; do
          run "synthetic_$s" "$seed" "$out/synthetic_seed$seed/${s}_source.csv" "$out/synthetic_seed$seed/${s}_target.csv" y 1
        done ;;
      creditcard)
        if [ ! -f bench/data/creditcard_day1.csv ]; then
          python3 bench/transfer_days.py "${CREDITCARD:-/work/data/creditcard.csv}" >&2
        fi
        run creditcard "$seed" bench/data/creditcard_day1.csv bench/data/creditcard_day2.csv Class 1 ;;
    esac
  done
done
python3 bench/transfer_summary.py "$out"
