#!/usr/bin/env bash
# Build the page's two WebAssembly modules: the full package into pkg/ (the
# library for wasm32 without the CLI feature (no clap), wasm-bindgen's
# `--target web` glue, then wasm-opt -O3) and the first-view module into
# pkg/first/ (the `first-view` feature and profile: reading, the summary,
# logistic regression and its result views, size-optimised;
# src/app/first_view.rs). The page's engine worker starts on pkg/first/ and
# moves to pkg/ once the first view is shown (www/engine_client.js), so the
# page needs both. Prints each size; the first-view module's against its
# 450 kB gzipped budget, failing when over it.
# Assumes scripts/setup.sh has run. `--bench` adds the timing exports
# (bench*) that the bench/ scripts call to the full module; the shipped
# package has none. `--first-view` builds only the first-view module.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-opt must be told every feature rustc emits (see `rustc --print cfg
# --target wasm32-unknown-unknown`: the default set plus simd128 from
# .cargo/config.toml), no more, so it never introduces instructions a browser
# may lack.
wasm_opt() {
  node_modules/.bin/wasm-opt "$1" \
    --enable-simd --enable-bulk-memory --enable-bulk-memory-opt \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue --enable-call-indirect-overlong \
    "$2" -o "$2.opt"
  mv "$2.opt" "$2"
}

# The first-view module into pkg/first/, with its size against the budget.
build_first() {
  cargo build --profile first-view --target wasm32-unknown-unknown --lib --no-default-features --features first-view
  rm -rf pkg/first
  wasm-bindgen --target web --out-dir pkg/first target/wasm32-unknown-unknown/first-view/rareclass.wasm
  wasm_opt -Oz pkg/first/rareclass_bg.wasm
  local wasm_bytes gz_bytes verdict=within
  wasm_bytes=$(wc -c < pkg/first/rareclass_bg.wasm)
  gz_bytes=$(gzip -9 -c pkg/first/rareclass_bg.wasm | wc -c)
  [ "$gz_bytes" -lt 450000 ] || verdict="OVER"
  printf '[build] pkg/first/rareclass_bg.wasm: %s bytes (%s gzipped: %s the 450 kB budget)\n' \
    "$wasm_bytes" "$gz_bytes" "$verdict"
  # Over the budget is a failure, so CI (scripts/test.sh) catches the growth.
  [ "$verdict" = within ]
}

if [ "${1:-}" = --first-view ]; then
  build_first
  exit
fi

features=()
[ "${1:-}" = --bench ] && features=(--features bench)
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features "${features[@]}"
wasm="target/wasm32-unknown-unknown/release/rareclass.wasm"

# pkg/first/ is its own build (below): kept.
mkdir -p pkg
find pkg -mindepth 1 -maxdepth 1 ! -name first -exec rm -rf {} +
wasm-bindgen --target web --out-dir pkg "$wasm"
wasm_opt -O3 pkg/rareclass_bg.wasm

if [ ${#features[@]} = 0 ] && grep -q "export function bench" pkg/rareclass.d.ts; then
  echo "[build] pkg/rareclass.d.ts exports a bench* function: timing code belongs behind the bench feature" >&2
  exit 1
fi

# wasm-bindgen writes no package.json: make pkg/ an npm package (ES module,
# types from the doc comments in src/web/) with a README a library user can
# start from.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
cat > pkg/package.json <<JSON
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
cat > pkg/README.md <<'MD'
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

build_first

# The service worker's manifest (sw.js imports it): what a visit stores for
# offline use, relative to index.html, and a build id hashed from those
# files, so a new build is a new cache and the browser installs the new
# worker (sw.js says how). Not in package.json's "files": the npm package
# has no page.
files=(./ index.html)
while IFS= read -r f; do files+=("$f"); done < <(
  { find www -maxdepth 1 -type f \( -name '*.js' -o -name '*.css' -o -name '*.svg' \); \
    find data -maxdepth 1 -type f -name '*.csv'; \
    printf '%s\n' pkg/rareclass.js pkg/rareclass_bg.wasm pkg/first/rareclass.js pkg/first/rareclass_bg.wasm; } | LC_ALL=C sort)
build_id=$(cat index.html sw.js "${files[@]:2}" | sha256sum | cut -c1-16)
{
  echo "// Written by scripts/build.sh: the service worker's build id and files (sw.js)."
  echo "self.RARECLASS_BUILD = '$build_id';"
  printf 'self.RARECLASS_FILES = [\n'
  for f in "${files[@]}"; do printf "  '%s',\n" "$f"; done
  printf '];\n'
} > pkg/sw_manifest.js

wasm_bytes=$(wc -c < pkg/rareclass_bg.wasm)
gz_bytes=$(gzip -9 -c pkg/rareclass_bg.wasm | wc -c)
total=$(du -sb pkg | cut -f1)
printf '[build] pkg/rareclass_bg.wasm: %s bytes (%s gzipped); pkg/ total %s bytes\n' \
  "$wasm_bytes" "$gz_bytes" "$total"
