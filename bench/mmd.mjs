// The JS side of the MK-MMD benchmark (bench/mmd_bench.sh). Prints one JSON
// line per tool:
//
//   node bench/mmd.mjs wasm [N_SOURCE N_TARGET DIM REPEATS SEED]
//     rareclass's wasm package (pkg/, built by scripts/build.sh --bench) in Node:
//     benchMmd (value) and benchMmdGrad (value + gradients), ms per evaluation.
//   node bench/mmd.mjs tfjs [N_SOURCE N_TARGET DIM REPEATS SEED]
//     TensorFlow.js on its wasm backend, the peers' MK-MMD (gram form, as in
//     ../shared/peers/peers_tfjs.mjs, blocks averaged over their own sizes),
//     value alone and value + tf.grads. TF.js is loaded from $PEERS
//     (default bench/peers, made by bench/env.sh).
//
// Both use N(0, 1) source and N(0.3, 1.1²) target rows; the timing is the
// median of REPEATS evaluations after one warm-up. Knows nothing of the report.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [tool, ...rest] = process.argv.slice(2);
const nums = rest.map(Number);
const [ns, nt, dim, repeats, seed] = [512, 512, 64, 20, 42].map((d, i) => (Number.isFinite(nums[i]) ? nums[i] : d));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function wasm() {
  const pkg = await import(path.join(root, 'pkg/rareclass.js'));
  pkg.initSync({ module: fs.readFileSync(path.join(root, 'pkg/rareclass_bg.wasm')) });
  const ms = pkg.benchMmd(ns, nt, dim, repeats, BigInt(seed));
  const msGrad = pkg.benchMmdGrad(ns, nt, dim, repeats, BigInt(seed));
  return { tool: 'rareclass-wasm', task: 'mk_mmd', n_source: ns, n_target: nt, dim,
    ms_per_eval: ms, ms_per_eval_grad: msGrad, node: process.version };
}

async function tfjs() {
  const peers = process.env.PEERS ?? new URL('./peers', import.meta.url).pathname;
  const require = createRequire(path.join(peers, 'package.json'));
  const tf = await import(require.resolve('@tensorflow/tfjs'));
  await import(require.resolve('@tensorflow/tfjs-backend-wasm'));
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js: the wasm backend did not start');
  await tf.ready();
  const mkMmd = (src, tgt, kernelMul = 2, kernelNum = 5) => tf.tidy(() => {
    const a = src.shape[0], b = tgt.shape[0];
    const total = tf.concat([src, tgt], 0); const n = total.shape[0];
    const sq = tf.sum(tf.square(total), 1);
    const l2 = tf.relu(tf.sub(tf.add(sq.reshape([n, 1]), sq.reshape([1, n])),
      tf.mul(2, tf.matMul(total, total, false, true))));
    // The bandwidth is a constant for the gradient, as in rareclass.
    let bw = tf.stopGradient ? tf.stopGradient(tf.div(tf.sum(l2), n * n - n)) : tf.div(tf.sum(l2), n * n - n);
    bw = tf.div(bw, kernelMul ** Math.floor(kernelNum / 2));
    let k = tf.zerosLike(l2);
    for (let i = 0; i < kernelNum; i++) k = tf.add(k, tf.exp(tf.div(tf.neg(l2), tf.mul(bw, kernelMul ** i))));
    const xx = tf.sum(k.slice([0, 0], [a, a])).div(a * a), yy = tf.sum(k.slice([a, a], [b, b])).div(b * b);
    const xy = tf.sum(k.slice([0, a], [a, b])).div(a * b);
    return tf.sub(tf.add(xx, yy), tf.mul(2, xy));
  });
  // mulberry32 + Box–Muller, as the peers.
  let s = seed | 0;
  const rnd = () => { s = (s + 0x6D2B79F5) | 0; let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const src = tf.tensor2d(new Float32Array(ns * dim).map(() => gauss()), [ns, dim]);
  const tgt = tf.tensor2d(new Float32Array(nt * dim).map(() => gauss() * 1.1 + 0.3), [nt, dim]);
  const time = (f) => {
    f();
    const runs = [];
    for (let r = 0; r < repeats; r++) { const t0 = performance.now(); f(); runs.push(performance.now() - t0); }
    return median(runs);
  };
  let value = 0;
  const ms = time(() => { const m = mkMmd(src, tgt); value = m.dataSync()[0]; m.dispose(); });
  const gradFn = tf.valueAndGrads((a, b) => mkMmd(a, b));
  const msGrad = time(() => {
    const { value: v, grads } = gradFn([src, tgt]);
    v.dataSync(); grads.forEach((g) => { g.dataSync(); g.dispose(); }); v.dispose();
  });
  return { tool: 'tfjs-wasm', task: 'mk_mmd', n_source: ns, n_target: nt, dim, value,
    ms_per_eval: ms, ms_per_eval_grad: msGrad, tfjs: tf.version.tfjs,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'), node: process.version };
}

if (tool === 'wasm') console.log(JSON.stringify(await wasm()));
else if (tool === 'tfjs') console.log(JSON.stringify(await tfjs()));
else {
  console.error('usage: node bench/mmd.mjs wasm|tfjs [N_SOURCE N_TARGET DIM REPEATS SEED]');
  process.exit(2);
}
