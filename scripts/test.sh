#!/usr/bin/env bash
# Everything CI checks, in order: set-up, the wasm build, formatting, lints
# (native and wasm32), native tests, the wasm API's tests in Node and in
# headless Chromium, the Python interop checks (tests/python/), the page's
# end-to-end tests in headless Chromium, their smoke suite in Firefox and
# WebKit, and a short run of each fuzz target.
# Every check runs even when an earlier one failed; a summary with timings is
# printed at the end and the exit status is non-zero if anything failed.
# CI runs this through .ci/run on a clean clone.
set -uo pipefail
cd "$(dirname "$0")/.."

export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# wasm32 test binaries are run by wasm-bindgen's runner (Node by default).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
unset WASM_BINDGEN_USE_BROWSER

names=() results=() times=()
failed=0
started=$SECONDS

# step NAME CMD...: runs CMD, records its outcome and time.
step() {
  local name=$1; shift
  printf '\n=== %s: %s\n' "$name" "$*"
  local t0=$SECONDS
  "$@"
  local rc=$?
  names+=("$name") times+=($((SECONDS - t0)))
  if [ $rc -eq 0 ]; then results+=(ok); else results+=("FAILED ($rc)"); failed=1; fi
  return $rc
}

summary() {
  printf '\n=== summary\n'
  local i
  for i in "${!names[@]}"; do
    printf '%-24s %-12s %5ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  done
  printf '%-24s %-12s %5ss\n' total "$([ $failed = 0 ] && echo ok || echo FAILED)" $((SECONDS - started))
}

# Set-up and the build are needed by everything after them: stop if they fail.
if ! step setup bash scripts/setup.sh || ! step build bash scripts/build.sh; then
  summary; exit 1
fi

step fmt cargo fmt --check
# Layers: no module uses one above it, no two modules use each other.
step layers python3 scripts/layers.py
# `--features bench` also lints bench/'s timing code and examples.
step clippy cargo clippy --all-targets --features bench -- -D warnings
# src/web/ only exists on wasm32, so it is linted there too.
step clippy-wasm cargo clippy --target wasm32-unknown-unknown --no-default-features --features bench \
  --lib --test web -- -D warnings
step test-native cargo test
step test-wasm-node cargo test --target wasm32-unknown-unknown --no-default-features --test web
step test-wasm-chromium env WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
  cargo test --target wasm32-unknown-unknown --no-default-features --test web
# ONNX Runtime (and scikit-learn) against the CLI, in the pinned venv.
step python-interop bash tests/python/run.sh
step e2e node --test --test-reporter=spec tests/e2e/*.test.mjs
step e2e-engines node --test --test-reporter=spec tests/e2e/engines/*.test.mjs
# Each cargo-fuzz target ~20 s from the fixtures' seeds (see scripts/fuzz.sh).
step fuzz bash scripts/fuzz.sh

summary
exit $failed
