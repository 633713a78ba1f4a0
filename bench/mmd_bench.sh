#!/usr/bin/env bash
# MK-MMD benchmark: 512+512 rows × 64 f32 features, 5 kernels, quadratic
# estimator, automatic bandwidth; value alone and value + gradients. Runs
# rareclass native (bench/mmd.rs), rareclass wasm in Node (bench/mmd.mjs on
# pkg/), NumPy (bench/mmd_numpy.py) and TF.js on its wasm backend
# (bench/mmd.mjs tfjs) one after another in the same run, and prints one
# markdown table in ms with ratios to single-threaded NumPy (wasm here is
# single-threaded too). The machine may be shared and
# noisy: compare within one run only.
#
#   bash bench/mmd_bench.sh [N_SOURCE N_TARGET DIM REPEATS SEED]
# Needs: pkg/ (bash scripts/build.sh --bench), $PYTHON with numpy (default
# bench/.venv, see bench/env.sh), $PEERS with TF.js installed (bench/peers, see bench/env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${1:-512} NT=${2:-512} DIM=${3:-64} REPEATS=${4:-20} SEED=${5:-42}
source bench/env.sh
args=("$NS" "$NT" "$DIM" "$REPEATS" "$SEED")

cargo build --quiet --release --example bench_mmd
native=$(target/release/examples/bench_mmd "${args[@]}")
wasm=$(node bench/mmd.mjs wasm "${args[@]}")
numpy=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PYTHON" bench/mmd_numpy.py "${args[@]}")
# NumPy as a user runs it (BLAS threads on every core), for reference.
numpy_mt=$("$PYTHON" bench/mmd_numpy.py "${args[@]}" | sed 's/"tool": "numpy"/"tool": "numpy-mt"/')
tfjs=$(node bench/mmd.mjs tfjs "${args[@]}" 2>/dev/null || echo '{"tool":"tfjs-wasm","error":"TF.js did not run"}')

"$PYTHON" - "$native" "$wasm" "$numpy" "$numpy_mt" "$tfjs" <<'PY'
import json, sys
rows = [json.loads(a) for a in sys.argv[1:]]
names = {"rareclass-native": "rareclass native", "rareclass-wasm": "rareclass wasm",
         "numpy": "NumPy (f32, BLAS 1 thread)", "numpy-mt": "NumPy (f32, BLAS all cores)", "tfjs-wasm": "TF.js-wasm"}
ref = next(r["ms_per_eval"] for r in rows if r["tool"] == "numpy")
r0 = rows[0]
print(f"MK-MMD {r0['n_source']}+{r0['n_target']} x {r0['dim']} f32, 5 kernels, quadratic (median ms per evaluation)\n")
print("| tool | value (ms) | × NumPy | value + gradients (ms) |")
print("|---|---:|---:|---:|")
for r in rows:
    if "error" in r:
        print(f"| {names[r['tool']]} | {r['error']} | | |")
        continue
    g = r.get("ms_per_eval_grad")
    g = f"{g:.2f}" if g is not None else "—"
    print(f"| {names[r['tool']]} | {r['ms_per_eval']:.2f} | {r['ms_per_eval'] / ref:.2f} | {g} |")
PY
