#!/usr/bin/env bash
# Why does the DAN lose? One network setting changed at a time, over seeds,
# on the lending-club pair (36 → 60-month loans) and the synthetic drift pair
# (bench/transfer_synthetic.py): for each variant, the DAN's and the same
# network's (source only) target-test ROC-AUC, their paired difference, the
# DAN's best step and steps run, and the share of feature variance on the
# first principal component (saturation). Reports go to
# bench/results/transfer_study/, the table to stdout
# (bench/transfer_study_summary.py).
#   bash bench/transfer_study.sh            # SEEDS="1 2 3" by default
#   BIN=path/to/rareclass bash bench/transfer_study.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-"1 2 3"}
out=bench/results/transfer_study
mkdir -p "$out"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/rareclass
fi
# name | preset | --dan JSON
variants=(
  'seed004|seed004|{}'
  'balanced|seed004|{"class_weight":"balanced"}'
  'window300|seed004|{"class_weight":"balanced","validate_every":10,"patience":30}'
  'window300_lambda300|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"lambda_steps":300}'
  'window300_relu|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"activation":"relu"}'
  'window300_all_layers|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"mmd_layers":"all"}'
  'window300_lr0.001|seed004|{"class_weight":"balanced","validate_every":10,"patience":30,"learning_rate":0.001}'
)
for seed in $SEEDS; do
  python3 bench/transfer_synthetic.py "$out/data_seed$seed" "$seed" >/dev/null
  for v in "${variants[@]}"; do
    IFS='|' read -r name preset json <<<"$v"
    echo "[study] $name seed $seed" >&2
    "$BIN" transfer "$out/data_seed$seed/drift_source.csv" "$out/data_seed$seed/drift_target.csv" \
      --label y --positive 1 --seed "$seed" --method dan --preset "$preset" --dan "$json" \
      --report "$out/drift__${name}__seed$seed.json" -q >/dev/null
    "$BIN" transfer data/lending_club_source_term36.csv data/lending_club_target_term60.csv \
      --label Class --positive bad --seed "$seed" --method dan --preset "$preset" --dan "$json" \
      --report "$out/lending__${name}__seed$seed.json" -q >/dev/null
  done
done
python3 bench/transfer_study_summary.py "$out"
