// The JavaScript side of bench/mlp_bench.sh: seconds per training epoch of
// the TensorFlow tutorial's MLP (29 → 16 relu → dropout 0.5 → 1, Adam 1e-3,
// BCE, batch 2048, no validation) on ROWS × 29 f32 rows, N timed epochs
// after one warm-up, as one JSON line with every epoch and the median.
//   node bench/mlp_bench.mjs wasm     [ROWS N]   rareclass pkg/ in Node (benchMlpEpoch)
//   node bench/mlp_bench.mjs chromium [ROWS N]   rareclass pkg/ in headless Chromium
//   node bench/mlp_bench.mjs tfjs-wasm|tfjs-cpu [ROWS N]   TensorFlow.js in Node
// rareclass draws its rows inside benchMlpEpoch (timing::synthetic:
// standard normal, label x0 + 0.5·x1 > 3.2); TF.js gets rows drawn the same
// way by a seeded JS generator: same shape and distribution, not the same
// bits. TF.js comes from $PEERS (default bench/peers, installed by
// bench/env.sh), the model as in the peer harness's peers_tfjs.mjs.
// Knows nothing of the other tools' results.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode = 'wasm', rowsArg, nArg] = process.argv.slice(2);
const rows = Number(rowsArg ?? 182276);
const n = Math.max(1, Number(nArg ?? 7));
const COLS = 29;
const BATCH = 2048;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const emit = (tool, epochS, extra = {}) => console.log(JSON.stringify({
  tool, rows, cols: COLS, batch: BATCH, epoch_s: epochS.map((t) => Number(t.toFixed(5))),
  median_s: Number(median(epochS).toFixed(5)), ...extra,
}));

if (mode === 'wasm') {
  const pkg = await import(path.join(root, 'pkg/rareclass.js'));
  pkg.initSync({ module: fs.readFileSync(path.join(root, 'pkg/rareclass_bg.wasm')) });
  pkg.benchMlpEpoch(rows, COLS, 1, 1); // warm-up
  // One one-epoch fit per call; the call draws its rows before timing.
  const times = Array.from({ length: n }, (_, i) => pkg.benchMlpEpoch(rows, COLS, 1, 2 + i));
  emit('rareclass-wasm-node', times, { node: process.version });
} else if (mode === 'chromium') {
  const { serve } = await import('../tests/e2e/server.mjs');
  const { launch, CHROMIUM } = await import('../tests/e2e/browser.mjs');
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(600_000);
    // A blank page of the same origin (the server answers 404 with text),
    // so the module import below is same-origin under COOP/COEP.
    await page.goto(`${server.url}bench/no-such-page`);
    const out = await page.evaluate(async ({ rows, cols, n }) => {
      const pkg = await import('/pkg/rareclass.js');
      await pkg.default({ module_or_path: '/pkg/rareclass_bg.wasm' });
      pkg.benchMlpEpoch(rows, cols, 1, 1);
      const times = [];
      for (let i = 0; i < n; i++) times.push(pkg.benchMlpEpoch(rows, cols, 1, 2 + i));
      return { times, ua: navigator.userAgent };
    }, { rows, cols: COLS, n });
    emit('rareclass-wasm-chromium', out.times, { chromium: CHROMIUM, user_agent: out.ua });
  } finally {
    await browser.close();
    await server.close();
  }
} else if (mode === 'tfjs-wasm' || mode === 'tfjs-cpu') {
  const peers = process.env.PEERS ?? path.join(root, 'bench/peers');
  const require = createRequire(path.join(peers, 'package.json'));
  const tf = require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-wasm');
  const backend = mode.slice('tfjs-'.length);
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
  await tf.ready();
  // Standard-normal rows (Box–Muller over mulberry32), labels as rareclass's.
  let a = 42;
  const rnd = () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const x = new Float32Array(rows * COLS);
  for (let i = 0; i < x.length; i++) x[i] = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = x[i * COLS] + 0.5 * x[i * COLS + 1] > 3.2 ? 1 : 0;
  let pos = 0; for (const v of y) pos += v;
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [COLS], units: 16, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid',
    biasInitializer: tf.initializers.constant({ value: Math.log(pos / (rows - pos)) }) }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const xs = tf.tensor2d(x, [rows, COLS]);
  const ys = tf.tensor2d(y, [rows, 1]);
  // One fit of n + 1 epochs; the first (kernels compiled, memory grown) is
  // the warm-up and is left out.
  const times = []; let t0 = 0;
  await model.fit(xs, ys, {
    batchSize: BATCH, epochs: n + 1, shuffle: true, verbose: 0,
    callbacks: {
      onEpochBegin: async () => { t0 = performance.now(); },
      onEpochEnd: async () => { times.push((performance.now() - t0) / 1000); },
    },
  });
  const extra = { tfjs: tf.version.tfjs, backend: tf.getBackend() };
  if (backend === 'wasm') {
    extra.wasm_simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    extra.wasm_threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  emit(mode, times.slice(1), extra);
} else {
  console.error(`unknown mode ${mode}: wasm, chromium, tfjs-wasm or tfjs-cpu`);
  process.exit(2);
}
