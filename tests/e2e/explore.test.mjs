// End-to-end tests of the Explore tab in headless Chromium: on the demo the
// signal table is ranked, the explore charts are painted and hover reads a
// correlation cell, the simple-model check fills its table, the Train tab
// shows model diagnostics by its cards, a 2×2 grid search gives the same
// table with 1 and with 2 workers (the table and data check taken from the
// page's engine) and with workers that each read the file, and "Fit this"
// trains the chosen cell;
// on generated files the diagnostics say `no-signal` (labels drawn
// independently of every feature) and `possible-leakage` (a column that is
// the label plus small noise). Screenshots go to tests/e2e/artifacts/.
// Run: node --test tests/e2e/explore.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { openPage, showScheme } from './open_page.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const TIMEOUT = 240_000;
const EXPLORE_CHARTS = ['explore-hist', 'explore-box', 'explore-corr', 'explore-density'];

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors, viewport: { width: 1280, height: 900 } }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const body = (key) => page.evaluate((k) => document.body.dataset[k], key);

async function waitBody(key, value) {
  await page.waitForFunction(([k, v]) => document.body.dataset[k] === v, [key, value]);
}

/** Switches to the Explore tab and waits for its signal table and charts. */
async function openExplore() {
  await page.evaluate(() => { delete document.body.dataset.exploreView; });
  await page.click('#tab-explore');
  await waitBody('explore', 'ready');
  await page.waitForFunction(() => document.body.dataset.exploreView !== undefined);
  // The charts are asked for again once the ranking is known: wait for quiet.
  let last = await body('exploreView');
  for (;;) {
    await page.waitForTimeout(400);
    const now = await body('exploreView');
    if (now === last) break;
    last = now;
  }
}

/** A deterministic generator (an LCG), so the fixtures are the same every run. */
function lcg(seed) {
  let s = BigInt(seed);
  return () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(s >> 11n) / 2 ** 53;
  };
}

/** 600 rows: three uniform features and a label drawn independently (20 % positive); with `leak`, a column that is the label plus noise. */
function fixture(seed, leak) {
  const r = lcg(seed);
  const lines = [leak ? 'a,b,c,leak,Class' : 'a,b,c,Class'];
  for (let i = 0; i < 600; i++) {
    const y = r() < 0.2 ? 1 : 0;
    const cells = [r(), r(), r()].map((v) => (10 * v).toFixed(4));
    if (leak) cells.push((y + 0.05 * r()).toFixed(4));
    lines.push([...cells, y ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n') + '\n';
}

async function upload(name, content) {
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.click('#tab-train');
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await waitBody('state', 'loaded');
  await page.selectOption('#label-col', 'Class');
  await page.waitForFunction(() => document.querySelector('#positive').options.length === 2);
}

/** The grid table as {cell: means} (every metric's mean at full precision). */
function gridTable() {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#grid-table tbody tr')]
    .map((tr) => [tr.dataset.cell, tr.dataset.means])));
}

async function runGrid(workers) {
  await page.fill('#grid-workers', String(workers));
  await page.evaluate(() => { delete document.body.dataset.grid; });
  await page.click('#grid-run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
  assert.equal(await page.locator('#grid-error').isHidden(), true, await page.locator('#grid-error').textContent());
  assert.equal(await body('gridWorkers'), String(workers));
  return gridTable();
}

test('demo: model diagnostics sit by the metric cards, in the run\'s findings list', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await waitBody('train', 'done');
  await page.waitForFunction(() => document.querySelector('#run-warnings')?.dataset.threshold === 'checked');
  // Logistic regression, C = 1, no class weight on 5.2 % positives: at
  // threshold 0.5 it flags (almost) nothing, so accuracy is no better than
  // always saying "good" — the accuracy paradox the diagnostics name.
  const codes = await page.locator('#run-warnings').getAttribute('data-codes');
  assert.match(codes, /accuracy-paradox/);
  const item = page.locator('#run-warnings li').first();
  assert.ok((await item.locator('.code').textContent()).length > 0);
  assert.match(await item.locator('.next').textContent(), /^What to do: /);
  await page.locator('#results').screenshot({ path: path.join(ARTIFACTS, 'model-diagnostics.png') });
});

test('demo: the signal table is ranked and the explore charts are drawn', { timeout: TIMEOUT }, async () => {
  await openExplore();
  const rows = page.locator('#signal-table tbody tr');
  // 23 columns less the label; no text column in the demo.
  assert.equal(await rows.count(), 22);
  const seps = await page.evaluate(() => [...document.querySelectorAll('#signal-table tbody tr')]
    .map((tr) => Number(tr.dataset.separation)).filter((v) => v > 0));
  for (let i = 1; i < seps.length; i++) assert.ok(seps[i - 1] >= seps[i], `rank ${i}: ${seps[i - 1]} < ${seps[i]}`);
  assert.match(await page.locator('#chance-note').textContent(), /shuffled 30 times \(9,857 rows\)/);
  // p-values read as numbers, never "NaN" or "undefined".
  const table = await page.locator('#signal-table').textContent();
  assert.doesNotMatch(table, /NaN|undefined/);
  assert.equal(await page.locator('#explore-view-error').isHidden(), true, await page.locator('#explore-view-error').textContent());
  for (const id of EXPLORE_CHARTS) {
    const canvas = page.locator(`#chart-${id} canvas`);
    const box = await canvas.boundingBox();
    assert.ok(box.width > 300 && box.height > 200, `${id}: ${JSON.stringify(box)}`);
    const png = await canvas.screenshot({ path: path.join(ARTIFACTS, `${id}-light.png`) });
    assert.ok(png.length > 5000, `${id} looks blank (${png.length} bytes)`);
  }
  // The feature picker follows the ranking: the top numeric feature first.
  const first = await rows.first().getAttribute('data-column');
  const numericTop = await page.locator('#explore-feature').inputValue();
  assert.ok(numericTop.length > 0 && first.length > 0);
  // Hover over the heat map's middle reads out a cell's r.
  const corr = page.locator('#chart-explore-corr canvas');
  const cb = await corr.boundingBox();
  await page.mouse.move(cb.x + cb.width * 0.5, cb.y + cb.height * 0.5);
  await page.waitForFunction(() => !document.querySelector('#tooltip').hidden);
  assert.match(await page.locator('#tooltip').textContent(), /r = |−?\d\.\d+/);
  await page.mouse.move(0, 0);
  // Spearman and log count redraw without error.
  await page.check('#explore-spearman');
  await page.check('#explore-log');
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#explore-view-error').isHidden(), true);
  await page.locator('#chart-explore-hist canvas').screenshot({ path: path.join(ARTIFACTS, 'explore-hist-log.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'explore-light.png'), fullPage: true });
  await showScheme(page, 'dark');
  await page.uncheck('#explore-log');
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(ARTIFACTS, 'explore-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.uncheck('#explore-spearman');
});

test('demo: the simple-model check compares three models on one split', { timeout: TIMEOUT }, async () => {
  await page.click('#simple-run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.simple));
  assert.equal(await page.locator('#simple-error').isHidden(), true, await page.locator('#simple-error').textContent());
  const rows = await page.evaluate(() => [...document.querySelectorAll('#simple-table tbody tr')]
    .map((tr) => ({ kind: tr.dataset.kind, roc: Number(tr.dataset.rocAuc), pr: Number(tr.dataset.prAuc) })));
  assert.deepEqual(rows.map((r) => r.kind), ['majority', 'logistic', 'tree']);
  // One constant score ranks nothing: ROC-AUC exactly 0.5, PR-AUC the
  // positive share of the test rows (103 of 1,971 = 0.0523, by average precision).
  assert.equal(rows[0].roc, 0.5);
  assert.ok(Math.abs(rows[0].pr - 103 / 1971) < 1e-9, String(rows[0].pr));
  assert.ok(rows[1].roc > 0.6 && rows[2].roc > 0.55, JSON.stringify(rows));
  await page.locator('#explore-simple').screenshot({ path: path.join(ARTIFACTS, 'simple-check.png') });
});

test('demo: a 2×2 grid gives the same table with 1 and with 2 workers', { timeout: TIMEOUT }, async () => {
  // The editor: C × class_weight, two values each.
  const keys = page.locator('#grid-rows .grid-key');
  const values = page.locator('#grid-rows .grid-values');
  await keys.nth(0).fill('C');
  await values.nth(0).fill('0.01, 1');
  await keys.nth(1).fill('class_weight');
  await values.nth(1).fill('none, balanced');
  await page.fill('#grid-folds', '3');
  assert.equal(await page.locator('#grid-cells').textContent(), '4 combinations');
  const one = await runGrid(1);
  const two = await runGrid(2);
  assert.equal(Object.keys(one).length, 4);
  assert.deepEqual(two, one);
  // The pool took the table and the data check from the page's engine;
  // workers that each read the file and check it themselves agree.
  const setMode = (m) => page.evaluate(async (mode) => {
    const { gridBenchMode } = await import(new URL('www/grid.js', document.baseURI).href);
    gridBenchMode(mode);
  }, m);
  await setMode({ source: 'each', schedule: 'cells', warm: false, checks: 'each' });
  assert.deepEqual(await runGrid(2), one);
  assert.equal(JSON.parse(await body('gridStages')).source, 'each');
  await setMode({});
  // Ranked by ROC-AUC: the best row is marked and its fold curves drawn.
  assert.equal(await page.locator('#grid-table tr.best').count(), 1);
  await waitBody('gridRoc', 'painted');
  // Sorting by a column reorders the rows; the data stay the same.
  await page.locator('#grid-table thead button.sort').nth(5).click();
  assert.deepEqual(await gridTable(), one);
  // A second click on the same column reverses its order.
  const sorted = page.locator('#grid-table thead th').nth(5);
  const once = await sorted.getAttribute('aria-sort');
  assert.ok(['ascending', 'descending'].includes(once), once);
  await page.locator('#grid-table thead button.sort').nth(5).click();
  assert.equal(await sorted.getAttribute('aria-sort'), once === 'ascending' ? 'descending' : 'ascending');
  await page.locator('#grid-section').screenshot({ path: path.join(ARTIFACTS, 'grid-2x2.png') });
  await page.locator('#chart-grid-roc canvas').screenshot({ path: path.join(ARTIFACTS, 'grid-fold-roc.png') });
  // "Fit this" puts the best cell's settings in the Train tab and trains.
  const best = page.locator('#grid-table tr.best');
  const settings = await best.locator('td').nth(1).locator('button').textContent();
  await page.evaluate(() => { delete document.body.dataset.train; });
  await best.locator('td').last().locator('button').click();
  await waitBody('tab', 'train');
  await waitBody('train', 'done');
  const c = settings.match(/C=([\d.]+)/)[1];
  assert.equal(Number(await page.inputValue('#c')), Number(c));
  assert.equal(await page.inputValue('#weight'), settings.match(/class_weight=(\w+)/)[1]);
});

test('demo: Cancel stops a grid search and the panel can run again', { timeout: TIMEOUT }, async () => {
  await page.click('#tab-explore');
  await page.locator('#grid-rows .grid-values').nth(0).fill('0.001, 0.01, 0.1, 1, 10, 100');
  await page.fill('#grid-folds', '5');
  await page.fill('#grid-workers', '2');
  await page.evaluate(() => { delete document.body.dataset.grid; });
  await page.click('#grid-run');
  await waitBody('grid', 'running');
  await page.click('#grid-cancel');
  await waitBody('grid', 'cancelled');
  assert.equal(await page.locator('#grid-status').textContent(), 'Grid search cancelled.');
  assert.equal(await page.locator('#grid-run').isEnabled(), true);
  assert.equal(await page.locator('#grid-progress').isHidden(), true);
});

test('demo: the grid follows the Train tab\'s model kind, and a boosted-trees grid runs', { timeout: TIMEOUT }, async () => {
  const keys = () => page.locator('#grid-rows .grid-key').evaluateAll((els) => els.map((e) => e.value));
  await page.click('#tab-train');
  await page.selectOption('#model-kind', 'logistic');
  await page.click('#tab-explore');
  // The previous test edited the rows: a kind change keeps a user's rows.
  await page.click('#tab-train');
  await page.selectOption('#model-kind', 'gbdt');
  await page.click('#tab-explore');
  assert.deepEqual(await keys(), ['C', 'class_weight']);
  assert.match(await page.locator('#grid-key-hint').textContent(), /boosted trees: n_rounds, learning_rate/);
  // Untouched defaults follow the kind: put logistic's back, then switch.
  await page.locator('#grid-rows .grid-values').nth(0).fill('0.001, 0.01, 1, 10, 100');
  await page.click('#tab-train');
  await page.selectOption('#model-kind', 'logistic');
  await page.selectOption('#model-kind', 'gbdt');
  await page.click('#tab-explore');
  assert.deepEqual(await keys(), ['learning_rate', 'max_leaves']);
  await page.locator('#grid-rows .grid-values').nth(0).fill('0.1');
  await page.locator('#grid-rows .grid-values').nth(1).fill('7, 15');
  await page.fill('#grid-folds', '3');
  const table = await runGrid(1);
  assert.equal(Object.keys(table).length, 2, JSON.stringify(table));
  // means are "metric=value;…" per cell.
  for (const [cell, means] of Object.entries(table)) {
    const auc = Number(/roc_auc=([\d.]+)/.exec(means)?.[1]);
    assert.ok(auc > 0.6 && auc < 1, `${cell}: ${means}`);
  }
  await page.locator('#grid-section').screenshot({ path: path.join(ARTIFACTS, 'grid-gbdt.png') });
  // Rows the user edited stay when the kind changes back; the hint follows.
  await page.click('#tab-train');
  await page.selectOption('#model-kind', 'logistic');
  await page.click('#tab-explore');
  assert.deepEqual(await keys(), ['learning_rate', 'max_leaves']);
  assert.match(await page.locator('#grid-key-hint').textContent(), /logistic regression: C, class_weight/);
});

test('noise labels: the diagnostics say there is no signal', { timeout: TIMEOUT }, async () => {
  await upload('noise.csv', fixture(7, false));
  await openExplore();
  const codes = await page.evaluate(() => [...document.querySelectorAll('#data-diagnostics li')].map((li) => li.dataset.code));
  assert.ok(codes.includes('no-signal'), JSON.stringify(codes));
  await page.locator('#explore-diagnostics').screenshot({ path: path.join(ARTIFACTS, 'diagnostics-noise.png') });
});

test('a leaking column: the diagnostics name it', { timeout: TIMEOUT }, async () => {
  await upload('leak.csv', fixture(11, true));
  await openExplore();
  const found = await page.evaluate(() => [...document.querySelectorAll('#data-diagnostics li')]
    .map((li) => [li.dataset.code, li.textContent]));
  const leak = found.find(([code]) => code === 'possible-leakage');
  assert.ok(leak, JSON.stringify(found));
  assert.match(leak[1], /"leak"/);
  assert.equal(await page.locator('#signal-table tbody tr').first().getAttribute('data-column'), 'leak');
  await page.locator('#explore-diagnostics').screenshot({ path: path.join(ARTIFACTS, 'diagnostics-leak.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'explore-leak.png'), fullPage: true });
});

test('no uncaught page errors and nothing asked of another origin', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});
