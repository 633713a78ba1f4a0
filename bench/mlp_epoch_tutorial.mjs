// The wasm twin of bench/mlp_epoch_tutorial.rs, in Node on pkg/ (`bash
// scripts/build.sh`; the bench exports are not needed): reads a real file
// (the credit-card CSV) into a Session in 4 MiB chunks, then trains the
// TensorFlow imbalanced-data tutorial's three networks (baseline,
// class-weighted, oversampled; at most EPOCHS epochs, early stopping on
// validation PR-AUC) as the page's Compare tab asks for them, with a
// progress callback thinned as the page's worker thins it (www/worker.js
// `throttled`), so the per-minibatch reports cost what they cost there.
// Prints one JSON line per model (epochs, fit seconds, seconds per epoch,
// validation and test PR-AUC) and a table with the load average.
//
//   node bench/mlp_epoch_tutorial.mjs [CSV] [EPOCHS]   # default /work/data/creditcard.csv or $CREDITCARD, 100
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = await import(path.join(root, 'pkg/rareclass.js'));
pkg.initSync({ module: fs.readFileSync(path.join(root, 'pkg/rareclass_bg.wasm')) });

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? '/work/data/creditcard.csv');
const epochs = Number(process.argv[3] ?? 100);
const bytes = fs.readFileSync(csv);
const session = new pkg.Session();
session.sizeHint(bytes.length);
for (let at = 0; at < bytes.length; at += 4 << 20) session.pushChunk(bytes.subarray(at, at + (4 << 20)));
session.finish();

const mlp = (name, params = {}) => ({ kind: 'mlp', name, params: { epochs, ...params }, resampling: { method: 'none' } });
const config = {
  label: 'Class',
  models: [
    mlp('baseline'),
    mlp('class-weighted', { class_weight: 'balanced' }),
    mlp('oversampled', { batches: { balanced: { steps_per_epoch: null } } }),
  ],
};
// As www/worker.js: at most ~30 reports a second go on, plus each epoch's end.
let last = 0;
let reports = 0;
const progress = (p) => {
  const now = performance.now();
  if (now - last > 33 || p.fraction >= 1 || (p.unit === 'epoch' && p.loss !== undefined)) {
    last = now;
    reports += 1;
  }
  return true;
};
const t0 = performance.now();
const { report } = session.compareTrain(config, progress);
const runS = (performance.now() - t0) / 1000;
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const rows = [];
for (const m of report.models) {
  const per = m.fit_seconds / Math.max(1, m.n_iter);
  const line = {
    tool: 'rareclass-wasm-node', model: m.name, epochs: m.n_iter, fit_s: m.fit_seconds, epoch_s: per,
    val_pr_auc: m.val?.pr_auc ?? null, test_pr_auc: m.test?.pr_auc ?? null, test_roc_auc: m.test?.roc_auc ?? null,
  };
  console.log(JSON.stringify(line));
  rows.push(line);
}
console.log(`\nTutorial networks on ${path.basename(csv)} in wasm (Node ${process.version}, 1 thread), epochs ≤ ${epochs}, load average ${load}; whole run ${runS.toFixed(2)} s, ${reports} progress reports passed on\n`);
console.log('| model | epochs | fit s | s / epoch | val PR-AUC | test PR-AUC | test ROC-AUC |\n|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.model} | ${r.epochs} | ${r.fit_s.toFixed(2)} | ${r.epoch_s.toFixed(4)} | ${r.val_pr_auc?.toFixed(4)} | ${r.test_pr_auc?.toFixed(4)} | ${r.test_roc_auc?.toFixed(4)} |`);
}
