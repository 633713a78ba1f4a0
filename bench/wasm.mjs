// The wasm side of the benchmark (bench/run.sh): loads the very package the
// page uses (pkg/, built by scripts/build.sh with --target web) into Node and
// times CSV bytes → Table + summary through `Session`, fed in 4 MiB chunks as
// the page does. Prints one JSON line. Knows nothing of the peers.
//
//   node bench/wasm.mjs csv FILE [REPEATS]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = await import(path.join(root, 'pkg/rareclass.js'));
// --target web fetches its .wasm by URL; in Node hand it the bytes instead.
pkg.initSync({ module: fs.readFileSync(path.join(root, 'pkg/rareclass_bg.wasm')) });

const CHUNK = 4 << 20;

function csv(file, repeats) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const runs = [];
  let summary;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const s = new pkg.Session();
    for (let i = 0; i < bytes.length; i += CHUNK) s.pushChunk(bytes.subarray(i, i + CHUNK));
    summary = s.finish();
    runs.push((performance.now() - t0) / 1000);
    s.free();
  }
  return { tool: 'rareclass-wasm', task: 'csv', bytes: bytes.length, rows: summary.rows,
    columns: summary.columns.length, runs_s: runs, node: process.version };
}

const [task, file, reps] = process.argv.slice(2);
const repeats = Number(reps ?? 3);
if (task === 'csv' && file) {
  console.log(JSON.stringify(csv(file, repeats)));
} else {
  console.error('usage: node bench/wasm.mjs csv FILE [REPEATS]');
  process.exit(2);
}
