#!/usr/bin/env bash
# The interop checks CI runs (scripts/test.sh): ONNX export against ONNX
# Runtime (check_onnx.py) and the exported scikit-learn script and notebook
# against rareclass's own fit (check_sklearn.py). Uses the pinned venv scripts/setup.sh makes and
# the CLI built in the dev profile (shared with `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/../.."
py=tests/python/.venv/bin/python
[ -x "$py" ] || { echo "tests/python/.venv is missing: run scripts/setup.sh" >&2; exit 1; }
cargo build --quiet --bin rareclass
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$py" tests/python/check_onnx.py target/debug/rareclass "$work/onnx" || status=1
"$py" tests/python/check_sklearn.py target/debug/rareclass "$work/sklearn" || status=1
exit $status
