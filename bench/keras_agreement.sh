#!/usr/bin/env bash
# Keras agreement (not CI): builds the release CLI, then runs
# bench/keras_agreement.py — rareclass's three tutorial MLPs and the
# tutorial's Keras code on the same exported split, seeds 1..5 — and prints
# the markdown table; raw JSON + table in bench/results/keras_agreement-*.
#   bash bench/keras_agreement.sh [--seeds 1,2,3,4,5] [--epochs 100]
# Needs: $PYTHON with TensorFlow 2 / Keras 3, NumPy, scikit-learn (default
# /work/cache/venv/bin/python); $CREDITCARD (default /work/cache/creditcard.csv).
# Budget: about 5 minutes per seed on 2 shared cores, mostly Keras.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/work/cache/venv/bin/python}
cargo build --release --quiet
exec "$PYTHON" bench/keras_agreement.py --csv "${CREDITCARD:-/work/cache/creditcard.csv}" "$@"
