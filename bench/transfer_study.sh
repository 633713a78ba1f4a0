#!/usr/bin/env bash
# Why does the DAN lose? One network setting changed at a time, over seeds,
# on the lending-club pair (36 → 60-month loans) and the synthetic pair
# built for the DAN (bench/transfer_synthetic.py's spurious proxy): for each variant, the DAN's and the same
# network's (source only) target-test ROC-AUC, their paired difference, the
# DAN's best step and steps run, and the share of feature variance on the
# first principal component (saturation). Reports go to
# bench/results/transfer_study/, the table to stdout
# (bench/transfer_study_summary.py).
#   bash bench/transfer_study.sh            # SEEDS="1 2 3" by default
#   BIN=path/to/rareclass PAIRS=lending VARIANTS="seed004 recommended" bash bench/transfer_study.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-"1 2 3"}
out=bench/results/transfer_study
mkdir -p "$out"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/rareclass
fi
# name | preset | --dan JSON: one change at a time from the seed's recipe,
# then the recommended preset as a whole.
variants=(
  'seed004|seed004|{}'
  'balanced|seed004|{"class_weight":"balanced"}'
  'window300|seed004|{"class_weight":"balanced","validate_every":10,"patience":30}'
  'window300_lambda300|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"lambda_steps":300}'
  'window300_lambda3000|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"lambda_steps":3000}'
  'window300_relu|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"activation":"relu"}'
  'window300_all_layers|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"mmd_layers":"all"}'
  'window300_lr0.001|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"learning_rate":0.001}'
  'recommended|recommended|{}'
)
PAIRS=${PAIRS:-"spurious lending"}
VARIANTS=${VARIANTS:-""}
for seed in $SEEDS; do
  python3 bench/transfer_synthetic.py "$out/data_seed$seed" "$seed" >/dev/null
  for v in "${variants[@]}"; do
    IFS='|' read -r name preset json <<<"$v"
    if [ -n "$VARIANTS" ] && [[ " $VARIANTS " != *" $name "* ]]; then continue; fi
    for pair in $PAIRS; do
      case $pair in
        lending) src=data/lending_club_source_term36.csv; tgt=data/lending_club_target_term60.csv; label=Class; pos=bad ;;
        *) src="$out/data_seed$seed/${pair}_source.csv"; tgt="$out/data_seed$seed/${pair}_target.csv"; label=y; pos=1 ;;
      esac
      echo "[study] $pair $name seed $seed $(uptime | sed 's/.*load/load/')" >&2
      "$BIN" transfer "$src" "$tgt" --label "$label" --positive "$pos" --seed "$seed" \
        --method dan --preset "$preset" --dan "$json" \
        --report "$out/${pair}__${name}__seed$seed.json" -q >/dev/null
    done
  done
done
echo "load average at the end: $(cat /proc/loadavg)"
python3 bench/transfer_study_summary.py "$out"
