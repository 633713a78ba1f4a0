// The TF.js peer of the DAN step benchmark (bench/dan_step.sh), in Node: the
// same training step as rareclass (512 source + 512 target rows through
// Dense(256, sigmoid) → Dense(64, sigmoid), linear head on the source rows,
// mean BCE + λ·MK-MMD with the seed's 5 kernels, the mean-distance bandwidth
// held constant, Adam 0.005 with ε 1e-7) by tf.train.adam().minimize, and one
// MK-MMD value / value + gradient on 512 × 64 vs 512 × 64. Backend `cpu`
// (plain JS) or `wasm` (@tensorflow/tfjs-backend-wasm, single-threaded here).
// Prints one JSON line. TF.js is loaded from $TFJS_DIR/node_modules
// (bench/dan_step.sh passes bench/env.sh's $PEERS).
//
//   node bench/dan_step_tfjs.mjs [cpu|wasm] [INPUTS] [BATCH] [REPEATS]
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = path.resolve(process.env.TFJS_DIR ?? process.env.PEERS ?? 'bench/peers');
const require = createRequire(path.join(dir, 'package.json'));
const tf = require('@tensorflow/tfjs');
const [backend = 'cpu', ins = '117', bs = '512', reps = '20'] = process.argv.slice(2);
if (backend === 'wasm') {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount?.(1);
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/');
  wasm.setWasmPaths(dist);
}
await tf.setBackend(backend);
await tf.ready();
const inputs = Number(ins), batch = Number(bs), repeats = Number(reps);

// A gradient stop: the seed's bandwidth is data-driven; rareclass and the
// NumPy peer hold it constant, so does this.
const stop = tf.customGrad((x) => ({ value: x.clone(), gradFunc: (dy) => tf.zerosLike(dy) }));

function mmd(fs, ft) {
  const ns = fs.shape[0], nt = ft.shape[0], n = ns + nt;
  const f = tf.concat([fs, ft], 0);
  const sq = f.square().sum(1);
  const d = tf.relu(sq.reshape([n, 1]).add(sq.reshape([1, n])).sub(f.matMul(f, false, true).mul(2)));
  const b0 = stop(d.sum().div((n * n - n) * 4));
  let k = tf.zerosLike(d);
  for (let i = 0; i < 5; i++) k = k.add(tf.exp(d.neg().div(b0.mul(2 ** i))));
  const xx = k.slice([0, 0], [ns, ns]).sum().div(ns * ns);
  const yy = k.slice([ns, ns], [nt, nt]).sum().div(nt * nt);
  const xy = k.slice([0, ns], [ns, nt]).sum().div(ns * nt);
  return xx.add(yy).sub(xy.mul(2));
}

const glorot = (i, o) => tf.variable(tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), 'float32', 1));
const w1 = glorot(inputs, 256), b1 = tf.variable(tf.zeros([256]));
const w2 = glorot(256, 64), b2 = tf.variable(tf.zeros([64]));
const w3 = glorot(64, 1), b3 = tf.variable(tf.zeros([1]));
const opt = tf.train.adam(0.005, 0.9, 0.999, 1e-7);
const xs = tf.randomNormal([batch, inputs], 0, 1, 'float32', 2);
const xt = tf.randomNormal([batch, inputs], 0.5, 1, 'float32', 3);
const ys = tf.randomUniform([batch], 0, 1, 'float32', 4).less(0.1).toFloat();
const lambda = 1.0;

function step() {
  const cost = opt.minimize(() => {
    const x = tf.concat([xs, xt], 0);
    const a2 = tf.sigmoid(tf.sigmoid(x.matMul(w1).add(b1)).matMul(w2).add(b2));
    const fs = a2.slice([0, 0], [batch, 64]), ft = a2.slice([batch, 0], [batch, 64]);
    const z = fs.matMul(w3).add(b3).reshape([batch]);
    const cls = tf.losses.sigmoidCrossEntropy(ys, z);
    return cls.add(mmd(fs, ft).mul(lambda));
  }, true);
  return cost.dataSync()[0]; // wait for the work, as a caller reading the loss would
}

const step_s = [];
for (let r = 0; r <= repeats; r++) {
  const t0 = performance.now();
  tf.tidy(step);
  if (r) step_s.push((performance.now() - t0) / 1000);
}
const fs = tf.randomNormal([batch, 64], 0, 1, 'float32', 5);
const ft = tf.randomNormal([batch, 64], 0.5, 1, 'float32', 6);
const mmd_s = [], mmd_grad_s = [];
const g = tf.grads((a, b) => mmd(a, b));
for (let r = 0; r <= repeats; r++) {
  let t0 = performance.now();
  tf.tidy(() => mmd(fs, ft).dataSync());
  const a = (performance.now() - t0) / 1000;
  t0 = performance.now();
  tf.tidy(() => {
    const v = mmd(fs, ft).dataSync();
    const [da, db] = g([fs, ft]);
    da.dataSync();
    db.dataSync();
    return v;
  });
  const b = (performance.now() - t0) / 1000;
  if (r) { mmd_s.push(a); mmd_grad_s.push(b); }
}
console.log(JSON.stringify({ tool: `tfjs-${backend}`, version: tf.version.tfjs, inputs, batch, hidden: [256, 64],
  step_s, mmd_s, mmd_grad_s, node: process.version }));
