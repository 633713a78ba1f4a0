// The wasm side of the benchmark (bench/run.sh): loads the very package the
// page uses (pkg/, built by scripts/build.sh with --target web) into Node and
// times CSV bytes → Table + summary through `Session`, fed in 4 MiB chunks as
// the page does. Prints one JSON line. Knows nothing of the peers.
//
// Also times the logistic-regression fit (`fitLogistic`) on bench/prepare.py's rows.
//
//   node bench/wasm.mjs csv FILE [REPEATS]
//   node bench/wasm.mjs lr DIR [REPEATS] [auto|newton|lbfgs]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// RARECLASS_PKG: another build of the package (e.g. an older one kept for a
// before/after comparison in one run, bench/csv_speed.sh); default pkg/.
const pkgDir = path.resolve(process.env.RARECLASS_PKG ?? path.join(root, 'pkg'));
const pkg = await import(path.join(pkgDir, 'rareclass.js'));
// --target web fetches its .wasm by URL; in Node hand it the bytes instead.
pkg.initSync({ module: fs.readFileSync(path.join(pkgDir, 'rareclass_bg.wasm')) });

const CHUNK = 4 << 20;

function csv(file, repeats) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const runs = [];
  const cpu = [];
  let summary;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = new pkg.Session();
    if (process.env.NO_SIZE_HINT !== '1') s.sizeHint(bytes.length);
    for (let i = 0; i < bytes.length; i += CHUNK) s.pushChunk(bytes.subarray(i, i + CHUNK));
    summary = s.finish();
    runs.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    s.free();
  }
  // cpu_s: this process's user + system CPU seconds (steadier than wall
  // time on a shared machine; Node's own threads are idle meanwhile).
  return { tool: 'rareclass-wasm', task: 'csv', bytes: bytes.length, rows: summary.rows,
    columns: summary.columns.length, kinds: summary.columns.map((c) => c.kind), runs_s: runs,
    cpu_s: cpu, node: process.version };
}

function lr(dir, repeats, solver) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const xb = fs.readFileSync(path.join(dir, 'x.f32'));
  const x = new Float32Array(xb.buffer, xb.byteOffset, xb.byteLength / 4);
  const y = new Uint8Array(fs.readFileSync(path.join(dir, 'y.u8')));
  const params = { c: 1.0, class_weight: 'balanced', tol: 1e-4, max_iter: 1000, solver };
  const runs = [];
  let fit;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fit = pkg.fitLogistic(x, meta.features, y, params);
    runs.push((performance.now() - t0) / 1000);
  }
  return { tool: 'rareclass-wasm', task: 'lr', solver: fit.solver, rows: meta.rows,
    features: meta.features, n_iter: fit.n_iter, converged: fit.converged, coef: fit.coef,
    intercept: fit.intercept, runs_s: runs, node: process.version };
}

const [task, file, reps, solver] = process.argv.slice(2);
const repeats = Number(reps ?? 3);
if (task === 'csv' && file) {
  console.log(JSON.stringify(csv(file, repeats)));
} else if (task === 'lr' && file) {
  console.log(JSON.stringify(lr(file, repeats, solver ?? 'auto')));
} else {
  console.error('usage: node bench/wasm.mjs csv FILE [REPEATS] | lr DIR [REPEATS] [auto|newton|lbfgs]');
  process.exit(2);
}
