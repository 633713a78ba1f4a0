// End-to-end tests of live progress in headless Chromium: while a network
// trains, the Train tab's history chart grows epoch by epoch from the
// worker's structured progress (no text parsing), with its validation
// series, and the status line says the epoch count is a cap ("at most") when
// early stopping may end the fit sooner; a model that reports no loss
// (boosted trees) after a network leaves the chart empty with a note, not
// showing the network's curve. Screenshots mid-training at 1440 px
// (light) and 390 px (dark) go to tests/e2e/artifacts/.
// Run: node --test tests/e2e/live.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, ARTIFACTS } from './open_page.mjs';

const TIMEOUT = 120_000;
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

const points = () => page.evaluate(() => Number(document.querySelector('#chart-history').dataset.points ?? 0));

/**
 * Starts a 3,000-epoch network on the demo with early stopping on (patience
 * 3,000, so it runs until cancelled) and waits until `n` epochs are drawn
 * while it is still running.
 */
async function trainUntil(n) {
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('mlp');
  await page.locator('#mlp-epochs').fill('3000');
  await page.locator('#mlp-patience').fill('3000');
  await page.locator('#mlp-patience').dispatchEvent('change');
  await page.locator('#train').click();
  await page.waitForFunction((k) => document.body.dataset.train === 'running'
    && Number(document.querySelector('#chart-history').dataset.points ?? 0) >= k, n);
}

async function cancel() {
  await page.locator('#cancel').click();
  await page.waitForFunction(() => document.body.dataset.train !== 'running');
}

test('the history chart grows every epoch while a network trains, and says the epochs are a cap', { timeout: TIMEOUT }, async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url);
  // The demo trains a logistic regression by itself first.
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await trainUntil(3);
  const canvas = page.locator('#chart-history canvas');
  const first = await canvas.screenshot({ path: path.join(ARTIFACTS, 'live-history-1440.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'live-train-1440.png') });
  const status = await page.locator('#train-status').textContent();
  assert.match(status, /epoch \d+\/3000/);
  assert.match(status, /at most 3,000 epochs/, status);
  // More epochs arrive and the chart is painted again: its pixels change.
  const drawn = await points();
  await page.waitForFunction((k) => Number(document.querySelector('#chart-history').dataset.points) >= k + 3, drawn);
  await page.waitForTimeout(200); // let the frame reach the page's canvas
  const later = await canvas.screenshot();
  assert.ok(!first.equals(later), 'the history chart did not change while more epochs were drawn');
  assert.equal(await page.evaluate(() => document.body.dataset.train), 'running');
  await cancel();
  assert.equal(await page.evaluate(() => document.body.dataset.train), 'cancelled');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('boosted trees after a network: the history chart drops the network\'s curve and says why it stays empty', { timeout: TIMEOUT }, async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await trainUntil(3);
  await cancel();
  const canvas = page.locator('#chart-history canvas');
  // The network's curve is on screen (a frame bigger than the 1 × 1 "nothing yet").
  assert.ok(await canvas.evaluate((c) => c.width > 1 && c.height > 1));
  await page.locator('#model-kind').selectOption('gbdt');
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  // Boosted trees report rounds but no loss: nothing drawn, nothing of the network left.
  assert.equal(await points(), 0);
  assert.deepEqual(await canvas.evaluate((c) => [c.width, c.height]), [1, 1]);
  const note = page.locator('#history-note');
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /reports no loss as it trains/);
  await page.locator('#chart-history').screenshot({ path: path.join(ARTIFACTS, 'live-history-gbdt-1440.png') });
  // A network again: the note goes as soon as its first epoch is drawn.
  await trainUntil(1);
  assert.equal(await note.isHidden(), true);
  await cancel();
  assert.deepEqual(pageErrors, []);
});

test('the live chart at 390 px in dark mode', { timeout: TIMEOUT }, async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await trainUntil(3);
  await page.locator('#chart-history').scrollIntoViewIfNeeded();
  await page.locator('#chart-history canvas').screenshot({ path: path.join(ARTIFACTS, 'live-history-390-dark.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'live-train-390-dark.png') });
  // The page is no wider than the phone.
  const wide = await page.evaluate(() => [document.documentElement.scrollWidth,
    [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).slice(0, 5).map((e) => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)]);
  assert.ok(wide[0] <= 390, JSON.stringify(wide));
  await cancel();
  // After the run the chart follows the theme: painted again in light (it
  // stayed a dark box on a light page before).
  const history = page.locator('#chart-history canvas');
  await page.waitForTimeout(200);
  const darkShot = await history.screenshot();
  await page.evaluate(() => { delete document.querySelector('#chart-history').dataset.repainted; });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => Number(document.querySelector('#chart-history').dataset.repainted) >= 3);
  await page.waitForTimeout(200); // let the frame reach the page's canvas
  const lightShot = await history.screenshot({ path: path.join(ARTIFACTS, 'live-history-390-light-after.png') });
  assert.ok(!darkShot.equals(lightShot), 'the history chart kept its dark look on the light page');
  assert.deepEqual(pageErrors, []);
});
