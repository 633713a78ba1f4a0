# Sourced by the bench scripts: makes (once) and exports the peers they run
# beside rareclass, pinned, inside the checkout:
#   PYTHON  bench/.venv/bin/python, from bench/requirements.txt (pandas,
#           scikit-learn, SciPy, TensorFlow-CPU/Keras)
#   PEERS   bench/peers, whose node_modules hold TensorFlow.js (+ its wasm
#           backend) and PapaParse, from the peer harness's package-lock.json
# Either may be set beforehand to use an existing install instead.
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -z "${PYTHON:-}" ]; then
  venv=$bench_root/bench/.venv
  if ! cmp -s "$bench_root/bench/requirements.txt" "$venv/requirements.txt" 2>/dev/null; then
    printf '[bench] making %s\n' "$venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$bench_root/bench/requirements.txt" >&2
    cp "$bench_root/bench/requirements.txt" "$venv/requirements.txt"
  fi
  PYTHON=$venv/bin/python
fi
if [ -z "${PEERS:-}" ]; then
  PEERS=$bench_root/bench/peers
  if [ ! -d "$PEERS/node_modules/@tensorflow/tfjs-backend-wasm" ]; then
    printf '[bench] installing TensorFlow.js into %s\n' "$PEERS" >&2
    (cd "$PEERS" && npm ci --silent --no-audit --no-fund) >&2
  fi
fi
export PYTHON PEERS
