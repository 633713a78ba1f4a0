// End-to-end tests of the page in headless Chromium: the demo data loads and
// is summarised, nothing is requested from another origin, a bad file shows
// its error and the page keeps working, data never becomes markup.
// Run: node --test tests/e2e/  (after scripts/build.sh has made pkg/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from './server.mjs';
import { launch } from './browser.mjs';
import { showScheme } from './open_page.mjs';

const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');
const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const TIMEOUT = 60_000;

let server, browser, page;
const seen = [];        // every URL the page or its worker asked for
const foreign = [];     // those not on the test server's origin (aborted)
const pageErrors = [];  // uncaught exceptions in the page

before(async () => {
  server = await serve();
  browser = await launch();
  const origin = new URL(server.url).origin;
  await browser.context.route('**/*', (route) => {
    const url = route.request().url();
    seen.push(url);
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(TIMEOUT);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the current file has been summarised or rejected. */
async function settled(state) {
  await page.waitForFunction((s) => document.body.dataset.state === s, state);
}

/** Loads a fixture through the file picker; resolves when it settles. */
async function pick(file, state) {
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', path.join(FIXTURES, file));
  await settled(state);
}

test('the demo data loads and is summarised', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await settled('loaded');
  const line = page.locator('#summary-line');
  assert.equal(await line.getAttribute('data-rows'), '9857');
  assert.equal(await line.getAttribute('data-columns'), '23');
  assert.match(await line.textContent(), /9,857 rows × 23 columns/);
  assert.equal(await page.locator('#columns tbody tr').count(), 23);
  const first = page.locator('#columns tbody tr').first().locator('td');
  assert.equal(await first.nth(0).textContent(), 'funded_amnt');
  assert.equal(await first.nth(1).locator('select').inputValue(), 'numeric');
  const classRow = page.locator('#columns tbody tr').last().locator('td');
  assert.equal(await classRow.nth(0).textContent(), 'Class');
  // Counted with `awk -F, 'NR>1{c[$NF]++}' data/lending_club.csv`.
  assert.match(await classRow.nth(6).textContent(), /good \(9,340\).*bad \(517\)/);
  assert.match(await page.locator('#version').textContent(), /^v\d+\.\d+\.\d+/);
  assert.equal(await page.locator('#error').isHidden(), true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-light.png'), fullPage: true });
  await showScheme(page, 'dark');
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('no request leaves 127.0.0.1', async () => {
  assert.deepEqual(foreign, []);
  // The worker's requests are observed too: the wasm file is among them.
  assert.ok(seen.some((u) => u.endsWith('/pkg/rareclass_bg.wasm')), seen.join('\n'));
  assert.ok(seen.some((u) => u.endsWith('/data/lending_club.csv')));
  assert.ok(server.requests.includes('/pkg/rareclass_bg.wasm'));
});

test('a malformed CSV shows its error and the page keeps working', { timeout: TIMEOUT }, async () => {
  // The demo's own run is on screen first: its results and training history.
  await page.waitForFunction(() => document.body.dataset.train === 'done' && !document.getElementById('results-body').hidden);
  assert.equal(await page.locator('#chart-history').isVisible(), true);
  await pick('ragged_row.csv', 'error');
  const error = page.locator('#error');
  assert.equal(await error.isVisible(), true);
  // Nothing of the demo's data stays on screen: no results, cards, history or summary.
  assert.equal(await page.locator('#results-body').isHidden(), true);
  assert.equal(await page.locator('#cards .card').count(), 0);
  assert.equal(await page.locator('#chart-history').isHidden(), true);
  assert.equal(await page.locator('#summary').isHidden(), true);
  // The error is shown once: one visible element on the page says it.
  const shown = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.children.length === 0 && e.offsetParent !== null && e.textContent.includes('ragged_row.csv')).length);
  assert.equal(shown, 1);
  const text = await error.textContent();
  assert.match(text, /ragged_row\.csv/);
  assert.match(text, /line 3/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'error.png'), fullPage: true });
  // The next file reads normally and the error goes away.
  await pick('xss_header.csv', 'loaded');
  assert.equal(await error.isHidden(), true);
  assert.equal(await page.locator('#summary-line').getAttribute('data-rows'), '2');
});

test('header text is shown as text, never run as markup', { timeout: TIMEOUT }, async () => {
  await pick('xss_header.csv', 'loaded');
  const names = await page.locator('#columns tbody tr td:first-child').allTextContents();
  assert.deepEqual(names, [
    '<img src=x onerror=window.__xss=1>',
    '<script>window.__xss=2</script>',
    'plain',
  ]);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('main img, main script').count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'xss-header.png'), fullPage: true });
});

test('a file dropped on the page is read', { timeout: TIMEOUT }, async () => {
  await page.evaluate(() => { delete document.body.dataset.state; });
  const csv = 'h1,h2\n1,a\n2,b\n3,a\n';
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return d;
  }, csv);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await settled('loaded');
  assert.equal(await page.locator('#summary-line').getAttribute('data-rows'), '3');
  assert.match(await page.locator('#status').textContent(), /dropped\.csv/);
});

test('no uncaught errors in the page', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});
