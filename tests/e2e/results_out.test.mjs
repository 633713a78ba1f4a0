// End-to-end tests of getting results out of the page, in headless
// Chromium: a model saved in the page, after a reload, scores the demo CSV
// in the "Use a saved model" tab and its predictions download agrees with
// `rareclass predict` on the same model to 1e-6 (wasm → native); a model
// trained and saved by the CLI scores the same CSV in the page as the CLI
// scored it (native → wasm); damaged and foreign model files and a CSV
// without the model's columns show clear messages; the settings live in the
// URL fragment (a link reproduces a run, a bad link falls back to the
// defaults); the library example page runs. Screenshots go to
// tests/e2e/artifacts/.
// Run: node --test tests/e2e/  (after scripts/build.sh has made pkg/; the
// CLI is built here with cargo if needed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './server.mjs';
import { openPage, showScheme } from './open_page.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const DEMO = path.join(ROOT, 'data/lending_club.csv');
const DEMO_ROWS = 9857;
const TIMEOUT = 180_000;
const CLI = path.join(ROOT, 'target/debug/rareclass');

let server, browser, page, tmp;
const foreign = [];
const pageErrors = [];

before(async () => {
  // The CLI under test is this tree's: an up-to-date debug build.
  execFileSync('cargo', ['build', '--quiet', '--bin', 'rareclass'], { cwd: ROOT, stdio: 'inherit' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rareclass-out-'));
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const cli = (...args) => execFileSync(CLI, ['--quiet', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Waits for a finished run with its cards shown. */
async function trained() {
  await page.waitForFunction(() => document.body.dataset.train === 'done'
    && document.querySelectorAll('#cards .card').length > 0);
  await page.waitForTimeout(200);
}

async function cards(selector = '#cards') {
  return page.evaluate((sel) => Object.fromEntries(
    [...document.querySelectorAll(`${sel} .card`)].map((c) => [c.dataset.metric, Number(c.dataset.value)]),
  ), selector);
}

/** Clicks `selector` and saves the download it starts; resolves to {name, file}. */
async function download(selector, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const file = path.join(tmp, name);
  await d.saveAs(file);
  return { name: d.suggestedFilename(), file };
}

/** Opens the Score tab and the model file at `file`; waits for its verdict. */
async function openModel(file) {
  await page.locator('#tab-score').click();
  await page.evaluate(() => { delete document.body.dataset.model; });
  await page.locator('#model-file').setInputFiles(file);
  await page.waitForFunction(() => document.body.dataset.model);
  return page.evaluate(() => document.body.dataset.model);
}

/** Scores the demo data with the open model; waits for the result. */
async function scoreDemo() {
  await page.evaluate(() => { delete document.body.dataset.score; });
  await page.locator('#score-demo').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.score));
  return page.evaluate(() => document.body.dataset.score);
}

/** Parses a predictions CSV (no quoted fields in these files) into rows of fields. */
function parsePredictions(text) {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0], rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Asserts two predictions files agree: same rows, ids and labels, scores within 1e-6. */
function assertSamePredictions(a, b, what) {
  assert.equal(a.header, b.header, what);
  assert.equal(a.rows.length, b.rows.length, what);
  const s = a.header.split(',').indexOf('score');
  let worst = 0;
  for (let i = 0; i < a.rows.length; i++) {
    const [ra, rb] = [a.rows[i], b.rows[i]];
    assert.deepEqual(ra.filter((_, j) => j !== s), rb.filter((_, j) => j !== s), `${what}: row ${i + 1}`);
    worst = Math.max(worst, Math.abs(Number(ra[s]) - Number(rb[s])));
  }
  assert.ok(worst <= 1e-6, `${what}: scores differ by up to ${worst}`);
  return worst;
}

test('a model saved in the page scores the demo after a reload, as `rareclass predict` does', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await trained();
  // The model keeps the threshold chosen on the page (best F1 here, not 0.5).
  await page.locator('#best-f1').click();
  await page.waitForFunction(() => document.querySelector('#threshold-value').textContent !== '0.500');
  const shown = Number(await page.locator('#threshold').inputValue());
  const model = await download('#save-model', 'page.model.json');
  assert.match(model.name, /\.model\.json$/);
  const saved = JSON.parse(fs.readFileSync(model.file, 'utf8'));
  assert.equal(saved.format, 'rareclass-model');
  assert.equal(saved.label, 'Class');
  assert.equal(saved.seed, 42);
  assert.ok(saved.threshold !== 0.5 && Math.abs(saved.threshold - shown) < 1e-3, `saved ${saved.threshold}, shown ${shown}`);

  await page.reload();
  await trained();
  assert.equal(await openModel(model.file), 'ready');
  assert.match(await page.locator('#model-info').textContent(), /Class = bad/);
  // One tab's panel at a time.
  assert.equal(await page.locator('#panel-train').isHidden(), true);
  assert.equal(await page.locator('#tab-score').getAttribute('aria-selected'), 'true');
  assert.equal(await scoreDemo(), 'done');
  assert.equal(await page.locator('#scored-line').getAttribute('data-rows'), String(DEMO_ROWS));
  // The demo has the label column: metrics and charts too.
  const scoredCards = await cards('#scored-cards');
  assert.ok(scoredCards.roc_auc > 0.6 && scoredCards.roc_auc < 1, JSON.stringify(scoredCards));
  await page.waitForFunction(() => document.body.dataset.scoreView === 'done');
  const roc = await page.locator('#chart-score-roc canvas').evaluate((c) => [c.width, c.height]);
  assert.ok(roc[0] > 100 && roc[1] > 100, `ROC canvas ${roc}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'score-tab.png'), fullPage: true });

  await page.locator('#score-id').selectOption('sub_grade');
  const preds = await download('#save-predictions', 'page.predictions.csv');
  assert.equal(preds.name, 'lending_club.predictions.csv');
  const fromPage = parsePredictions(fs.readFileSync(preds.file, 'utf8'));
  assert.equal(fromPage.header, 'row,sub_grade,score,label');
  assert.equal(fromPage.rows.length, DEMO_ROWS);
  // The first demo row is "…,C4,…,good": its id and a score in [0, 1].
  assert.equal(fromPage.rows[0][0], '1');
  assert.equal(fromPage.rows[0][1], 'C4');
  for (const r of fromPage.rows) {
    const score = Number(r[2]);
    assert.ok(score >= 0 && score <= 1, r.join(','));
    assert.equal(r[3], score >= saved.threshold ? 'bad' : 'good', r.join(','));
  }
  const predicted = fromPage.rows.filter((r) => r[3] === 'bad').length;
  assert.equal(String(predicted), await page.locator('#scored-line').getAttribute('data-predicted'));

  // wasm → native: the downloaded model scored by the CLI.
  const out = path.join(tmp, 'native.predictions.csv');
  cli('predict', model.file, DEMO, '--id', 'sub_grade', '--out', out);
  const worst = assertSamePredictions(fromPage, parsePredictions(fs.readFileSync(out, 'utf8')), 'page model, CLI scores');
  console.log(`page model scored natively: largest score difference ${worst}`);
});

test('a model trained by the CLI scores the demo in the page as the CLI scored it', { timeout: TIMEOUT }, async () => {
  const modelFile = path.join(tmp, 'cli.model.json');
  const out = path.join(tmp, 'cli.predictions.csv');
  cli('train', DEMO, '--label', 'Class', '--positive', 'bad', '--class-weight', 'balanced', '--C', '0.3',
    '--seed', '5', '--export', modelFile);
  cli('predict', modelFile, DEMO, '--out', out);
  assert.equal(await openModel(modelFile), 'ready');
  assert.equal(await scoreDemo(), 'done');
  await page.locator('#score-id').selectOption('');
  const preds = await download('#save-predictions', 'page-cli.predictions.csv');
  const worst = assertSamePredictions(
    parsePredictions(fs.readFileSync(preds.file, 'utf8')),
    parsePredictions(fs.readFileSync(out, 'utf8')),
    'CLI model, page scores',
  );
  console.log(`CLI model scored in the page: largest score difference ${worst}`);
});

test('damaged, truncated, newer and foreign model files are refused clearly', { timeout: TIMEOUT }, async () => {
  const good = fs.readFileSync(path.join(tmp, 'cli.model.json'), 'utf8');
  const cases = [
    ['truncated.json', good.slice(0, good.length / 2), /cut short at line \d+/],
    ['newer.json', good.replace('"version": 1,', '"version": 9,'), /version 9 is newer than this rareclass reads \(1\); update rareclass/],
    ['foreign.json', '{"weights": [1, 2, 3]}', /not a rareclass model file/],
    ['damaged.json', good.replace('"threshold": 0.5', '"threshold": zero'), /damaged at line \d+, column \d+/],
    ['empty.json', '', /model file is empty/],
  ];
  for (const [name, text, want] of cases) {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    assert.equal(await openModel(file), 'error', name);
    const msg = await page.locator('#model-error').textContent();
    assert.match(msg, new RegExp(`^Could not use ${name.replace('.', '\\.')}: `));
    assert.match(msg, want, name);
    assert.equal(await page.locator('#score-data').isHidden(), true, `${name}: no scoring with a bad model`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'score-bad-model.png'), fullPage: true });
});

test('a CSV without the model\'s columns names them; extra columns and unseen categories are reported', { timeout: TIMEOUT }, async () => {
  assert.equal(await openModel(path.join(tmp, 'cli.model.json')), 'ready');
  const pick = async (name, text) => {
    await page.evaluate(() => { delete document.body.dataset.score; });
    await page.locator('#score-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.score));
    return page.evaluate(() => document.body.dataset.score);
  };
  assert.equal(await pick('other.csv', 'a,b\n1,2\n'), 'error');
  const msg = await page.locator('#score-error').textContent();
  assert.match(msg, /^Could not score other\.csv: the model needs columns "funded_amnt", "term"/);
  assert.match(msg, /it has none of the model's columns/);
  // Two demo rows, one with an unseen state, plus a note column; no label.
  const lines = fs.readFileSync(DEMO, 'utf8').split('\n');
  const header = lines[0].replace(',Class', '');
  const row = (l) => l.slice(0, l.lastIndexOf(','));
  const text = `note,${header}\nx,${row(lines[1])}\ny,${row(lines[2]).replace(',MN,', ',ZZ,')}\n`;
  assert.equal(await pick('new.csv', text), 'done');
  const notes = await page.locator('#scored-notes li').allTextContents();
  assert.ok(notes.some((n) => /1 columns the model does not use were ignored: note/.test(n)), notes.join('|'));
  assert.ok(notes.some((n) => /addr_state: 1 rows have a category not seen in training/.test(n)), notes.join('|'));
  assert.ok(notes.some((n) => /no Class column/.test(n)), notes.join('|'));
  assert.equal(await page.locator('#scored-metrics').isHidden(), true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'score-unlabelled.png'), fullPage: true });
});

test('on the Score tab a dropped .json is the model and a dropped CSV the data', { timeout: TIMEOUT }, async () => {
  await page.locator('#tab-score').click();
  const drop = async (name, text, type) => {
    const dt = await page.evaluateHandle(([n, t, ty]) => {
      const d = new DataTransfer();
      d.items.add(new File([t], n, { type: ty }));
      return d;
    }, [name, text, type]);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  };
  await page.evaluate(() => { delete document.body.dataset.model; delete document.body.dataset.score; });
  await drop('dropped.model.json', fs.readFileSync(path.join(tmp, 'cli.model.json'), 'utf8'), 'application/json');
  await page.waitForFunction(() => document.body.dataset.model === 'ready');
  await drop('few.csv', fs.readFileSync(DEMO, 'utf8').split('\n').slice(0, 4).join('\n') + '\n', 'text/csv');
  await page.waitForFunction(() => document.body.dataset.score === 'done');
  assert.equal(await page.locator('#scored-line').getAttribute('data-rows'), '3');
  assert.match(await page.locator('#score-status').textContent(), /few\.csv/);
  // The training side did not read the dropped files.
  assert.doesNotMatch(await page.locator('#status').textContent(), /few\.csv|dropped/);
  await showScheme(page, 'dark');
  await page.screenshot({ path: path.join(ARTIFACTS, 'score-tab-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('the settings are in the URL fragment: a link reproduces a run', { timeout: TIMEOUT }, async () => {
  const link = `${server.url}#label=Class&positive=bad&c=0.5&weight=balanced&split=70,10,20&seed=7`;
  const runOnce = async () => {
    await page.goto('about:blank');
    await page.goto(link);
    await trained();
    return cards();
  };
  const first = await runOnce();
  assert.equal(await page.locator('#seed').inputValue(), '7');
  assert.equal(await page.locator('#c').inputValue(), '0.5');
  assert.equal(await page.locator('#weight').inputValue(), 'balanced');
  assert.equal(await page.locator('#split-train').inputValue(), '70');
  assert.equal(await page.locator('#link-error').isHidden(), true);
  const [report] = [JSON.parse(fs.readFileSync((await download('#save-report', 'link.report.json')).file, 'utf8'))];
  assert.equal(report.config.seed, 7);
  // One spec shape (issue 12 item 7): the page's flat logistic form is written back nested.
  assert.equal(report.config.models[0].params.class_weight, 'balanced');
  assert.equal(report.split.train + report.split.val + report.split.test, DEMO_ROWS);
  assert.ok(report.view.at_threshold.roc_auc > 0.5);
  // The same settings natively: the same split and the same model, so the
  // same test metrics (to rounding of the solver's last step).
  const cliReport = path.join(tmp, 'cli.report.json');
  cli('train', DEMO, '--label', 'Class', '--positive', 'bad', '--C', '0.5', '--class-weight', 'balanced',
    '--split', '0.7,0.1,0.2', '--seed', '7', '--report', cliReport);
  const native = JSON.parse(fs.readFileSync(cliReport, 'utf8'));
  assert.deepEqual(native.split, report.split);
  const [a, b] = [native.models[0].test, report.models[0].test];
  for (const k of ['tp', 'fp', 'tn', 'fn']) assert.equal(a[k], b[k], k);
  for (const k of ['roc_auc', 'pr_auc', 'ks', 'log_loss']) assert.ok(Math.abs(a[k] - b[k]) < 1e-9, `${k}: CLI ${a[k]}, page ${b[k]}`);
  // Same link, same numbers.
  assert.deepEqual(await runOnce(), first);
  // Changing a setting rewrites the fragment in place.
  await page.locator('#seed').fill('11');
  await page.locator('#seed').dispatchEvent('change');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /seed=11/);
  assert.match(hash, /label=Class/);
  assert.match(hash, /weight=balanced/);
});

test('a bad link says so and falls back to the defaults', { timeout: TIMEOUT }, async () => {
  for (const [hash, want] of [
    ['#seed=abc', /"seed" must be a whole number from 0 to 9007199254740991, not "abc"/],
    ['#colour=blue', /unknown setting "colour"/],
    ['#label=nope&seed=3', /"label" names column "nope"/],
  ]) {
    await page.goto('about:blank');
    await page.goto(server.url + hash);
    await trained();
    const msg = await page.locator('#link-error').textContent();
    assert.match(msg, want, hash);
    assert.match(msg, /the defaults are shown instead/);
    assert.equal(await page.locator('#seed').inputValue(), '42', hash);
    assert.equal(await page.locator('#label-col').inputValue(), 'Class', hash);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'bad-link.png') });
});

test('a boosted model trained in the page exports as ONNX and as scripts, as the CLI exports its saved file', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await trained();
  await page.locator('#model-kind').selectOption('gbdt');
  await page.locator('#gbdt-rounds').fill('40');
  await page.evaluate(() => { document.body.dataset.train = ''; });
  await page.locator('#train').click();
  await trained();
  assert.match(await page.locator('#series option:checked').textContent(), /gbdt \(40 rounds/);
  const model = await download('#save-model', 'gbdt.model.json');
  assert.equal(JSON.parse(fs.readFileSync(model.file, 'utf8')).model.kind, 'gbdt');

  // ONNX: the page's bytes are the ones `rareclass export` writes from the
  // saved JSON (the graph itself is checked against ONNX Runtime by
  // tests/python); a protobuf ModelProto opens with field 1 (ir_version).
  await page.locator('#export-format').selectOption('onnx');
  const onnx = await download('#export-model', 'page.onnx');
  assert.match(onnx.name, /^gbdt-40-rounds.*\.onnx$/);
  const bytes = fs.readFileSync(onnx.file);
  assert.equal(bytes[0], 0x08, 'ModelProto starts with ir_version');
  const cliOnnx = path.join(tmp, 'cli.onnx');
  cli('export', model.file, '--onnx', cliOnnx);
  assert.ok(bytes.equals(fs.readFileSync(cliOnnx)), 'page and CLI ONNX bytes differ');

  // The scikit-learn script refits the same kind of model on the split.
  await page.locator('#export-format').selectOption('sklearn');
  const script = await download('#export-model', 'page.py');
  assert.match(script.name, /\.sklearn\.py$/);
  const text = fs.readFileSync(script.file, 'utf8');
  assert.match(text, /HistGradientBoostingClassifier/);
  assert.match(text, /lending_club\.csv/);

  // A notebook is JSON with cells; PySpark has no boosted trees, so that
  // export is refused with a message, shown once, and nothing is downloaded.
  await page.locator('#export-format').selectOption('notebook');
  const nb = await download('#export-model', 'page.ipynb');
  assert.ok(Array.isArray(JSON.parse(fs.readFileSync(nb.file, 'utf8')).cells));
  await page.locator('#export-format').selectOption('pyspark');
  await page.locator('#export-model').click();
  await page.waitForFunction(() => document.querySelector('#view-error')?.textContent.trim());
  console.log(`# pyspark export of gbdt: ${await page.locator('#view-error').textContent()}`);
  assert.match(await page.locator('#view-error').textContent(), /export/i);
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-refused.png'), fullPage: true });
  await page.locator('#model-kind').selectOption('logistic');
});

test('the library example page trains and scores', { timeout: TIMEOUT }, async () => {
  await page.goto(`${server.url}www/examples/`);
  await page.waitForFunction(() => document.body.dataset.done || document.body.dataset.error);
  const error = await page.evaluate(() => document.body.dataset.error);
  assert.equal(error, undefined, error);
  const done = JSON.parse(await page.evaluate(() => document.body.dataset.done));
  assert.equal(done.rows, DEMO_ROWS);
  assert.ok(done.auc > 0.6 && done.auc < 1, JSON.stringify(done));
  assert.ok(done.first > 0 && done.first < 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'example.png'), fullPage: true });
});

test('pkg/ is an npm package with types', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'pkg/package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.name, 'rareclass');
  assert.equal(pkg.version, /^version = "(.*)"$/m.exec(cargo)[1]);
  assert.equal(pkg.type, 'module');
  for (const f of [pkg.main, pkg.types, ...pkg.files]) assert.ok(fs.existsSync(path.join(ROOT, 'pkg', f)), f);
  const dts = fs.readFileSync(path.join(ROOT, 'pkg', pkg.types), 'utf8');
  for (const name of ['export interface TrainConfig', 'export interface ScoreResult', 'train(config: TrainConfig', 'static fromCsv', 'modelJson', 'scoreModel', 'predictionsCsv', 'export function scoreCsv', 'export function readModel']) {
    assert.ok(dts.includes(name), name);
  }
});

test('no uncaught errors and nothing requested from another origin', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});
