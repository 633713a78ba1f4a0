#!/usr/bin/env bash
# Build the WebAssembly package into pkg/: the library for wasm32 without the
# CLI feature (no clap), wasm-bindgen's `--target web` glue (an ES module the
# page's worker imports), then wasm-opt -O3. Prints the package size.
# Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib --no-default-features
wasm="target/wasm32-unknown-unknown/release/rareclass.wasm"

rm -rf pkg
wasm-bindgen --target web --out-dir pkg "$wasm"

# wasm-opt must be told every feature rustc emits (see `rustc --print cfg
# --target wasm32-unknown-unknown`: the default set plus simd128 from
# .cargo/config.toml), no more, so it never introduces instructions a browser
# may lack.
node_modules/.bin/wasm-opt -O3 \
  --enable-simd --enable-bulk-memory --enable-bulk-memory-opt \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue --enable-call-indirect-overlong \
  pkg/rareclass_bg.wasm -o pkg/rareclass_bg.wasm.opt
mv pkg/rareclass_bg.wasm.opt pkg/rareclass_bg.wasm

wasm_bytes=$(wc -c < pkg/rareclass_bg.wasm)
gz_bytes=$(gzip -9 -c pkg/rareclass_bg.wasm | wc -c)
total=$(du -sb pkg | cut -f1)
printf '[build] pkg/rareclass_bg.wasm: %s bytes (%s gzipped); pkg/ total %s bytes\n' \
  "$wasm_bytes" "$gz_bytes" "$total"
