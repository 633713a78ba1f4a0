// The wasm half of the MLP epoch benchmark: loads pkg/ (built by
// `bash scripts/build.sh --bench`) in Node and prints seconds per epoch of the
// tutorial MLP on synthetic rows (the native twin is bench/mlp_epoch.rs),
// and the forward product X·W (2048×29 · 29×16) by our loop kernel and by
// ndarray's dot.
//
//   node bench/mlp_epoch.mjs [ROWS] [REPEATS]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = await import(path.join(root, 'pkg/rareclass.js'));
pkg.initSync({ module: fs.readFileSync(path.join(root, 'pkg/rareclass_bg.wasm')) });

const rows = Number(process.argv[2] ?? 182276);
const repeats = Number(process.argv[3] ?? 5);
for (const [name, nd] of [['loops', false], ['ndarray dot', true]]) {
  pkg.benchMatmul(2048, 29, 16, 20, nd);
  const us = pkg.benchMatmul(2048, 29, 16, 400, nd);
  console.log(`X·W 2048×29 · 29×16, ${name}: ${us.toFixed(1)} µs (wasm)`);
}
pkg.benchMlpEpoch(20000, 29, 1, 1); // warm-up
// On a shared, loaded machine wall time overstates; the process's CPU time
// does not: (R+1 one-epoch fits + data) − (1 fit + data), over R.
const c0 = process.cpuUsage();
const one = pkg.benchMlpEpoch(rows, 29, 1, 1);
const c1 = process.cpuUsage();
const s = Math.min(one, pkg.benchMlpEpoch(rows, 29, repeats + 1, 1));
const c2 = process.cpuUsage();
const cpu = (c) => (c.user + c.system) / 1e6;
const perCpu = ((cpu(c2) - cpu(c1)) - (cpu(c1) - cpu(c0))) / repeats;
console.log(`MLP epoch (${rows} rows × 29, batch 2048; best of ${repeats + 2}): ${s.toFixed(4)} s/epoch wall (wasm)`);
console.log(`MLP epoch: ${perCpu.toFixed(4)} s/epoch CPU time (wasm)`);
