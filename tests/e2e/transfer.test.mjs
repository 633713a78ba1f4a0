// End-to-end test of the Transfer tab in headless Chromium: the bundled
// lending-club pair (36-month → 60-month loans) loads into the two drop
// zones, a short DAN run shows live curves, then the alignment report, the
// comparison table (DAN and three baselines) and the ROC, KS and PCA charts
// are drawn; nothing is requested from another origin. A long run's live
// curves (loss / MMD / λ, target validation) show at least 3 points and
// grow while it trains (their progress says how many are drawn). Screenshots of the
// tab and of each chart go to tests/e2e/artifacts/.
// Run: node --test tests/e2e/transfer.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { openPage } from './open_page.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const CHARTS = ['history', 'validation', 'roc', 'ks', 'before', 'after'];
const TIMEOUT = 240_000;

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('transfer tab runs the lending-club pair and draws its charts', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await page.click('#tab-transfer');
  assert.equal(await page.isVisible('#panel-transfer'), true);
  assert.equal(await page.isVisible('#panel-train'), false);
  await page.click('#tr-demo');
  await page.waitForFunction(() => document.body.dataset.transfer === 'ready');
  assert.match(await page.textContent('#tr-source-name'), /lending_club_source_term36\.csv: 7,047 rows × 22 columns/);
  assert.match(await page.textContent('#tr-target-name'), /lending_club_target_term60\.csv: 2,810 rows/);
  assert.equal(await page.inputValue('#tr-label'), 'Class');
  await page.fill('#tr-positive', 'bad');
  await page.fill('#tr-steps', '90');
  await page.click('#tr-run');
  await page.waitForFunction(() => document.body.dataset.transfer === 'running');
  // The live curves are drawn while the DAN trains.
  await page.waitForFunction(() => document.querySelector('#tr-status').textContent.includes('step'));
  await page.waitForFunction(() => document.body.dataset.transfer === 'done');
  assert.equal(await page.isVisible('#tr-error'), false, await page.textContent('#tr-error'));

  const align = await page.textContent('#tr-align');
  assert.match(align, /21 columns in both files are used as features/);
  assert.match(align, /positive "bad"/);
  const rows = await page.$$eval('#tr-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const names = rows.map((r) => r[0].replace(' (chosen)', ''));
  for (const name of ['DAN', 'same network, source only', 'logistic regression, source only', 'random forest, source only',
    'DANN', 'CORAL + network', 'CORAL + logistic regression', 'importance-weighted network',
    'importance-weighted logistic regression', 'logistic regression, target only', 'logistic regression, source + target']) {
    assert.ok(names.includes(name), `${name} in ${names}`);
  }
  // Exactly one model is chosen on target validation rows, and it is not a source-only one.
  const chosen = rows.filter((r) => r[0].endsWith(' (chosen)'));
  assert.equal(chosen.length, 1, JSON.stringify(rows));
  assert.notEqual(chosen[0][1], 'source only');
  for (const r of rows) {
    const auc = Number(r[2]);
    assert.ok(auc > 0.3 && auc < 1, `ROC-AUC ${r[2]}`);
  }
  assert.match(await page.textContent('#tr-verdict'), /^(Adaptation helped|Adaptation did not help|Cannot tell whether adaptation helped|Target labels helped|Target labels did not help|Cannot tell whether target labels helped)\. .* \(chosen on target validation rows\) minus .*95 % bootstrap interval/);
  assert.equal(await page.isVisible('#tr-curve'), true);
  assert.equal(await page.$$eval('#tr-curve tbody tr', (trs) => trs.length), 3);

  for (const id of CHARTS) {
    const box = await page.$eval(`#tr-chart-${id} canvas`, (c) => [c.clientWidth, c.clientHeight]);
    assert.ok(box[0] >= 160 && box[1] >= 120, `${id} canvas ${box}`);
    const fig = await page.$(`#tr-chart-${id}`);
    await fig.screenshot({ path: path.join(ARTIFACTS, `transfer-${id}.png`) });
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'transfer-tab.png'), fullPage: true });
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

/** Points the live chart `id` ('history' | 'validation') shows, from the run's progress. */
const livePoints = (id) => page.evaluate((i) => Number(document.querySelector(`#tr-chart-${i}`).dataset.points ?? 0), id);

/** Starts a long DAN run on the loaded pair and waits until both live charts show `n` points mid-run. */
async function runUntil(n) {
  await page.fill('#tr-steps', '3000');
  await page.click('#tr-run');
  await page.waitForFunction((k) => document.body.dataset.transfer === 'running'
    && Number(document.querySelector('#tr-chart-history').dataset.points ?? 0) >= k
    && Number(document.querySelector('#tr-chart-validation').dataset.points ?? 0) >= k, n);
}

/** Cancels the run unless early stopping ended it already; waits until it is over and its charts painted. */
async function cancelRun() {
  if (await page.evaluate(() => document.body.dataset.transfer === 'running')) await page.click('#tr-cancel').catch(() => {});
  await page.waitForFunction(() => !['running', 'ready'].includes(document.body.dataset.transfer));
}

test('the loss / MMD / λ and target validation curves grow while the DAN trains', { timeout: TIMEOUT }, async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await runUntil(3);
  const history = page.locator('#tr-chart-history canvas');
  const validation = page.locator('#tr-chart-validation canvas');
  await page.waitForTimeout(300); // the frame of those points reaches the page's canvas
  const first = [await history.screenshot(), await validation.screenshot()];
  await page.locator('#tr-train-section').screenshot({ path: path.join(ARTIFACTS, 'transfer-live-1440.png') });
  // Not blank: the drawn frame is bigger than the 1 × 1 "nothing yet" and has more than one colour.
  for (const id of ['history', 'validation']) {
    const colours = await page.evaluate((i) => {
      const c = document.querySelector(`#tr-chart-${i} canvas`);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let k = 0; k < d.length && seen.size < 50; k += 4 * 7) seen.add(`${d[k]},${d[k + 1]},${d[k + 2]}`);
      return seen.size;
    }, id);
    assert.ok(colours > 3, `${id}: ${colours} colours`);
  }
  // More points arrive (mid-run, or up to the end if early stopping ends the
  // run first), and both charts are painted again.
  const h = await livePoints('history'), v = await livePoints('validation');
  await page.waitForFunction(([a, b]) => document.body.dataset.transfer !== 'running'
    || (Number(document.querySelector('#tr-chart-history').dataset.points) > a
      && Number(document.querySelector('#tr-chart-validation').dataset.points) > b), [h, v]);
  await page.waitForTimeout(300);
  assert.ok(!first[0].equals(await history.screenshot()), 'the loss / MMD / λ chart did not change');
  assert.ok(!first[1].equals(await validation.screenshot()), 'the validation chart did not change');
  await cancelRun();
  assert.match(await page.evaluate(() => document.body.dataset.transfer), /^(cancelled|done)$/);
  assert.deepEqual(pageErrors, []);
});

test('the live transfer curves at 390 px in dark mode, and at 1440 px in dark mode', { timeout: TIMEOUT }, async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await runUntil(3);
  await page.locator('#tr-train-section').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.locator('#tr-train-section').screenshot({ path: path.join(ARTIFACTS, 'transfer-live-390-dark.png') });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
  await cancelRun();
  await page.setViewportSize({ width: 1440, height: 900 });
  await runUntil(3);
  await page.waitForTimeout(300);
  await page.locator('#tr-train-section').screenshot({ path: path.join(ARTIFACTS, 'transfer-live-1440-dark.png') });
  await cancelRun();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await runUntil(3);
  await page.waitForTimeout(300);
  await page.locator('#tr-train-section').screenshot({ path: path.join(ARTIFACTS, 'transfer-live-390.png') });
  await cancelRun();
  assert.deepEqual(pageErrors, []);
});

