#!/usr/bin/env bash
# Build the WebAssembly package into pkg/: the library for wasm32 without the
# CLI feature (no clap), wasm-bindgen's `--target web` glue (an ES module the
# page's worker imports), then wasm-opt -O3. Prints the package size.
# Assumes scripts/setup.sh has run.
#
#   bash scripts/build.sh           the shipped package, pkg/
#   bash scripts/build.sh --bench   the benchmarks' package, bench/pkg/: the
#                                   same plus the `bench` feature's timing
#                                   exports (benchMlpEpoch, benchMmd, …),
#                                   which pkg/ never has
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg features=()
if [ "${1:-}" = --bench ]; then
  out=bench/pkg features=(--features bench)
fi

cargo build --release --target wasm32-unknown-unknown --lib --no-default-features "${features[@]}"
wasm="target/wasm32-unknown-unknown/release/rareclass.wasm"

rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" "$wasm"
pkg=$out
# The shipped package must not carry the benchmarks' timing exports.
if [ "$out" = pkg ] && grep -nE 'bench(MlpEpoch|Matmul|Mmd|MmdGrad|DanStep)' pkg/rareclass.d.ts; then
  echo "[build] pkg/rareclass.d.ts has bench exports; they belong behind the bench feature" >&2
  exit 1
fi

# wasm-opt must be told every feature rustc emits (see `rustc --print cfg
# --target wasm32-unknown-unknown`: the default set plus simd128 from
# .cargo/config.toml), no more, so it never introduces instructions a browser
# may lack.
node_modules/.bin/wasm-opt -O3 \
  --enable-simd --enable-bulk-memory --enable-bulk-memory-opt \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue --enable-call-indirect-overlong \
  "$pkg/rareclass_bg.wasm" -o "$pkg/rareclass_bg.wasm.opt"
mv "$pkg/rareclass_bg.wasm.opt" "$pkg/rareclass_bg.wasm"

# wasm-bindgen writes no package.json: make pkg/ an npm package (ES module,
# types from the doc comments in src/web/) with a README a library user can
# start from.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
cat > "$pkg/package.json" <<JSON
{
  "name": "rareclass",
  "version": "$version",
  "description": "A binary classifier workbench for imbalanced tabular data (WebAssembly): read a CSV, train, evaluate, save a model, score new rows",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "rareclass.js",
  "module": "rareclass.js",
  "types": "rareclass.d.ts",
  "files": ["rareclass.js", "rareclass.d.ts", "rareclass_bg.wasm", "rareclass_bg.wasm.d.ts", "README.md"],
  "sideEffects": ["./snippets/*"]
}
JSON
cat > "$pkg/README.md" <<'MD'
# rareclass (WebAssembly)

A binary classifier workbench for imbalanced tabular data: read a CSV, train
logistic regression with a seeded split, read every metric at any threshold,
save the model as a versioned JSON file, score new rows with it. Everything
runs locally; nothing is uploaded.

```js
import init, { Session, scoreCsv, readModel } from './pkg/rareclass.js';

await init(); // fetches and compiles rareclass_bg.wasm next to this file
const session = Session.fromCsv(await (await fetch('lending_club.csv')).text());
const { report } = session.train({ label: 'Class', positive: { value: 'bad' }, seed: 42, models: [{ kind: 'logistic', c: 1 }] });
console.log(report.models[0].test.roc_auc);

const model = session.modelJson(0);               // save this text as a .json file
const { scores, summary } = scoreCsv(model, csvText); // or session.scoreModel(model)
console.log(summary.evaluation?.recall, scores[0]);
```

`rareclass.d.ts` documents every function. Model files are interchangeable
with the command-line `rareclass predict MODEL.json DATA.csv`.
MD

wasm_bytes=$(wc -c < "$pkg/rareclass_bg.wasm")
gz_bytes=$(gzip -9 -c "$pkg/rareclass_bg.wasm" | wc -c)
total=$(du -sb "$pkg" | cut -f1)
printf '[build] %s/rareclass_bg.wasm: %s bytes (%s gzipped); %s/ total %s bytes\n' \
  "$pkg" "$wasm_bytes" "$gz_bytes" "$pkg" "$total"
