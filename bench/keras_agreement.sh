#!/usr/bin/env bash
# Keras agreement (not CI): builds the release CLI, then runs
# bench/keras_agreement.py — rareclass's three tutorial MLPs and the
# tutorial's Keras code on the same exported split, seeds 1..5 — and prints
# the markdown table; raw JSON + table in bench/results/keras_agreement-*.
#   bash bench/keras_agreement.sh [--seeds 1,2,3,4,5] [--epochs 100]
# Needs: $PYTHON with TensorFlow 2 / Keras 3, NumPy, scikit-learn (made by
# bench/env.sh unless set); the credit-card CSV in $CREDITCARD, else
# bench/data/creditcard.csv (scripts/fetch-creditcard.sh fetches it).
# Budget: about 10 minutes per seed on 2 busy shared cores, mostly Keras
# (its tf.data resampled dataset is the slow part).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/env.sh
csv=${CREDITCARD:-bench/data/creditcard.csv}
[ -f "$csv" ] || bash scripts/fetch-creditcard.sh "$csv" >&2
cargo build --release --quiet
exec "$PYTHON" bench/keras_agreement.py --csv "$csv" "$@"
