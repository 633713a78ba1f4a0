// The library example a tutorial can copy: load the wasm package, read a
// CSV, train, save the model as JSON text, score a CSV with it. Runs on the
// main thread for brevity (a real page would use a worker, as www/app.js
// does). Knows nothing of the main page.
import init, { Session, scoreCsv, readModel, version } from '../../pkg/rareclass.js';

const out = document.getElementById('out');
const lines = [];
const say = (text) => { lines.push(text); out.textContent = lines.join('\n'); };

try {
  await init();
  const csv = await (await fetch('../../data/lending_club.csv')).text();

  // Train: settings left out take their defaults (64/16/20 split, C = 1).
  const session = Session.fromCsv(csv);
  const { report } = session.train({ label: 'Class', positive: { value: 'bad' }, seed: 42 });
  const test = report.models[0].test;
  say(`rareclass ${version()}: trained ${report.models[0].name} on ${report.split.train} rows`);
  say(`test ROC-AUC ${test.roc_auc.toFixed(4)}, PR-AUC ${test.pr_auc.toFixed(4)}`);

  // Save: the model file is JSON text (write it to disk, or a download).
  const model = session.modelJson(0);
  const info = readModel(model);
  say(`model file: ${model.length} characters, reads ${info.features.length} columns`);

  // Score: any CSV with the model's columns; metrics when it has the label.
  const { scores, summary } = scoreCsv(model, csv);
  say(`scored ${summary.rows} rows: ${summary.predicted_positive} predicted ${summary.positive_class}`);
  say(`first scores: ${Array.from(scores.slice(0, 3), (s) => s.toFixed(4)).join(', ')}`);
  say(`recall at the saved threshold: ${summary.evaluation.recall.toFixed(4)}`);
  session.free();
  document.body.dataset.done = JSON.stringify({ auc: test.roc_auc, rows: summary.rows, first: scores[0] });
} catch (e) {
  say(`error: ${e.message ?? e}`);
  document.body.dataset.error = String(e.message ?? e);
}
