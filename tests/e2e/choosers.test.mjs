// End-to-end test that every threshold chooser of the Train tab (best F1,
// recall ≥, precision ≥, cheapest) chooses on the validation rows, never on
// the test rows it reports, whichever rows are shown; and that without a
// validation part the choosers are disabled and say why.
//
// The generated file has a noisy feature, so the validation part's best-F1
// threshold differs from the test part's. The page's run is replayed with
// the library in Node (same config, same seed → same split and scores),
// where an exhaustive grid of thresholds gives each part's optimum
// independently of the choosers (evaluateAt only counts rows at a threshold).
// Run: node --test tests/e2e/  (after scripts/build.sh has made pkg/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { openPage, ARTIFACTS } from './open_page.mjs';

const TIMEOUT = 180_000;
let server, browser, page, lib;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
  lib = await import(path.join(ROOT, 'pkg/rareclass.js'));
  lib.initSync({ module: fs.readFileSync(path.join(ROOT, 'pkg/rareclass_bg.wasm')) });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** 1,200 rows, about 15 % "event": x carries a weak signal, z is noise. */
function noisyCsv() {
  let s = 20_261_206;
  const r = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const lines = ['x,z,outcome'];
  for (let i = 0; i < 1200; i++) {
    const event = r() < 0.15;
    const x = (event ? 0.9 : 0) + r() + r() + r();
    lines.push(`${x.toFixed(5)},${r().toFixed(5)},${event ? 'event' : 'none'}`);
  }
  return lines.join('\n') + '\n';
}

const state = (key) => page.evaluate((k) => document.body.dataset[k], key);

async function viewSettled() {
  await page.waitForFunction(() => document.body.dataset.view && document.querySelector('#cm-line').dataset.tp !== undefined);
  await page.waitForTimeout(150);
}

/** Clicks a chooser and resolves to the exact threshold it set. */
async function choose(button) {
  const before = await state('view');
  await page.locator(button).click();
  await page.waitForFunction((b) => document.body.dataset.view !== b, before);
  await viewSettled();
  return Number(await page.locator('#threshold').getAttribute('data-exact'));
}

async function trainUploaded(csv, split, drop = []) {
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', { name: 'noisy.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.body.dataset.state === 'loaded');
  await page.locator('#label-col').selectOption('outcome');
  await page.waitForFunction(() => document.querySelectorAll('#positive option').length === 2);
  await page.locator('#positive').selectOption('event');
  for (const [id, v] of Object.entries(split)) await page.locator(`#split-${id}`).fill(String(v));
  for (const c of drop) await page.locator(`#columns tbody tr[data-column="${c}"] .use`).uncheck();
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  await page.waitForFunction(() => document.body.dataset.train === 'done' && !document.querySelector('#results-body').hidden);
  await viewSettled();
}

test('every chooser reads the validation rows, whichever rows are shown', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => ['done', 'train-error'].includes(document.body.dataset.train));
  const csv = noisyCsv();
  await trainUploaded(csv, { train: 50, val: 25, test: 25 });
  assert.match(await page.locator('#best-f1').textContent(), /validation/);
  assert.match(await page.locator('#chooser-note').textContent(), /validation/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#save-report').click()]);
  const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));

  // The same run in Node: same config and seed, so the same scores.
  const session = lib.Session.fromCsv(csv);
  const replay = session.train(report.config);
  assert.deepEqual(replay.report.split, report.split);
  const at = (part, t) => session.evaluateAt(0, part, Math.min(1, Math.max(0, t)));
  const grid = Array.from({ length: 4001 }, (_, i) => i / 4000);
  const f1 = (part, t) => at(part, t).f1;
  const bestOn = (part) => Math.max(...grid.map((t) => f1(part, t)));
  const [valBest, testBest] = [bestOn('val'), bestOn('test')];

  for (const part of ['test', 'val', 'train']) {
    await page.locator('#part').selectOption(part);
    await viewSettled();
    // Best F1: optimal on the validation rows; on these data the test rows'
    // own optimum is clearly higher than the test F1 at this threshold, so a
    // chooser reading the test rows would have picked another one.
    const tF1 = await choose('#best-f1');
    assert.ok(f1('val', tF1) >= valBest - 1e-12, `${part}: val F1 ${f1('val', tF1)} at ${tF1} < grid best ${valBest}`);
    assert.ok(f1('test', tF1) < testBest - 0.01, `${part}: the test rows agree (${f1('test', tF1)} vs ${testBest}); the data do not tell the parts apart`);
    // Recall ≥ 0.8: reached on the validation rows, and not just above t.
    await page.locator('#recall-target').fill('0.8');
    const tRecall = await choose('#recall-go');
    assert.ok(at('val', tRecall).recall >= 0.8, `${part}: val recall ${at('val', tRecall).recall}`);
    assert.ok(at('val', tRecall + 1e-9).recall < 0.8, `${part}: a higher threshold also reaches 0.8 on val`);
    // Precision ≥ 0.4: reached on the validation rows, by no lower threshold.
    await page.locator('#precision-target').fill('0.4');
    const tPrec = await choose('#precision-go');
    assert.ok(at('val', tPrec).precision >= 0.4, `${part}: val precision ${at('val', tPrec).precision}`);
    // (A lower grid point flagging the same rows is the same rule.)
    const flagged = (e) => e.tp + e.fp;
    const atT = flagged(at('val', tPrec));
    for (const g of grid.filter((g) => g < tPrec && flagged(at('val', g)) > atT)) {
      assert.ok(at('val', g).precision < 0.4, `${part}: lower threshold ${g} also reaches precision 0.4 on val`);
    }
    // Cheapest at 10 per miss, 1 per false alarm: no grid threshold is cheaper on val.
    await page.locator('#cost-fn').fill('10');
    await page.locator('#cost-fp').fill('1');
    const tCost = await choose('#cost-go');
    const cost = (t) => { const e = at('val', t); return 10 * e.fn + e.fp; };
    const cheapest = Math.min(...grid.map(cost));
    assert.ok(cost(tCost) <= cheapest, `${part}: val cost ${cost(tCost)} at ${tCost} > ${cheapest}`);
  }
  await page.locator('#part').selectOption('test');
  await viewSettled();
  await page.locator('#results').screenshot({ path: path.join(ARTIFACTS, 'choosers-validation.png') });
  session.free();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('without a validation part the choosers are disabled and say why', { timeout: TIMEOUT }, async () => {
  // Only the noise column z: the model is at chance and, at threshold 0.5
  // on 15 % positives, flags nobody; the run's findings say both.
  await trainUploaded(noisyCsv(), { train: 80, val: 0, test: 20 }, ['x']);
  for (const id of ['best-f1', 'recall-go', 'precision-go', 'cost-go']) {
    assert.equal(await page.locator(`#${id}`).isDisabled(), true, id);
    assert.match(await page.locator(`#${id}`).getAttribute('title'), /validation/, id);
  }
  assert.match(await page.locator('#chooser-note').textContent(), /has none/);
  const codes = await page.locator('#run-warnings').getAttribute('data-codes');
  assert.match(codes, /model-at-chance/);
  assert.match(codes, /no-positive-predicted/);
  // Said once: the run's check (at its threshold) and the shown threshold's
  // re-check are the same fact, and a flagging-nobody model is not also
  // called single-class (its scores vary).
  assert.equal(codes.split(' ').filter((c) => c === 'no-positive-predicted').length, 1, codes);
  assert.doesNotMatch(codes, /single-class-predictions/);
  // The data check's findings come first (no-signal on this noise); the model's follow.
  assert.match(codes, /no-signal/);
  assert.match(await page.locator('#run-warnings li[data-code="model-at-chance"]').textContent(), /logistic/);
  await page.locator('#results').screenshot({ path: path.join(ARTIFACTS, 'choosers-no-validation.png') });
  assert.deepEqual(pageErrors, []);
});
