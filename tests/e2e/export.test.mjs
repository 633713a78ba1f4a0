// End-to-end tests of chart export and of undoing "Clear runs" in headless
// Chromium, on the demo's run, with the page in the dark theme: a chart's
// SVG is well-formed XML holding one path per data series; its PNG is twice
// the chart's CSS size and light (white corner) although the page is dark;
// its CSV holds the whole curve (the trapezoid area under the ROC points is
// the ROC-AUC card's value, which a simplified curve would miss); the
// confusion matrix, which has no curve, offers no CSV; "Clear runs" then
// "Undo" brings back the same run and metrics, and a new run ends the
// offer. Downloads go to tests/e2e/artifacts/export-*.
// Run: node --test tests/e2e/export.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, ARTIFACTS, showScheme, resultsShown, viewSettled as settledOn } from './open_page.mjs';
import { decodePng } from './engines/png.mjs';

const TIMEOUT = 120_000;
let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(server.url);
  await trained();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The page shows a finished run's results (open_page.mjs). */
const trained = () => resultsShown(page);
/** The worker answered the latest view request (open_page.mjs). */
const viewSettled = () => settledOn(page);

async function cards() {
  return page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('#cards .card')].map((c) => [c.dataset.metric, Number(c.dataset.value)]),
  ));
}

/** Opens chart `id`'s Export menu, clicks `selector` in it; resolves to the saved file's {name, bytes}. */
async function exportChart(id, selector) {
  await page.locator(`#chart-${id} .chart-export > summary`).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`#chart-${id} .chart-export ${selector}`).click(),
  ]);
  const name = download.suggestedFilename();
  const file = path.join(ARTIFACTS, `export-${name}`);
  await download.saveAs(file);
  return { name, bytes: fs.readFileSync(file) };
}

test('the SVG of the ROC chart is XML with one path per curve, light, with its legend text', { timeout: TIMEOUT }, async () => {
  const { name, bytes } = await exportChart('roc', '[data-export=svg]');
  assert.equal(name, 'rareclass-roc.svg');
  const text = bytes.toString('utf8');
  const facts = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const bad = doc.querySelector('parsererror');
    const root = doc.documentElement;
    // The data curves are the plot's (clipped) paths in a palette colour, 2 px or wider.
    const palette = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#f0e442'];
    const curves = [...doc.querySelectorAll('g[clip-path] path')]
      .filter((p) => palette.includes(p.getAttribute('stroke')) && Number(p.getAttribute('stroke-width')) >= 2);
    return {
      error: bad ? bad.textContent : null,
      root: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      background: doc.querySelector('rect')?.getAttribute('fill'),
      curves: curves.length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    };
  }, text);
  assert.equal(facts.error, null);
  assert.equal(facts.root, 'svg');
  assert.equal(facts.ns, 'http://www.w3.org/2000/svg');
  assert.equal(facts.background, '#ffffff', 'light background although the page is dark');
  // One curve per entry of the "Showing" picker (one per model of the run).
  const series = await page.locator('#series option').count();
  assert.ok(series >= 1);
  assert.equal(facts.curves, series);
  const { w } = await page.evaluate(() => ({ w: document.querySelector('#chart-roc canvas').getBoundingClientRect().width }));
  assert.ok(Math.abs(facts.width - w) <= 1, `SVG width ${facts.width} vs chart ${w}`);
  // The legend names each model with its AUC, as on screen.
  const names = await page.locator('#series option').allTextContents();
  for (const n of names) assert.ok(facts.texts.some((t) => t.startsWith(n.slice(0, 8))), `${n} not in ${facts.texts.join(' | ')}`);
});

test('the PNG is twice the chart size and light in dark mode', { timeout: TIMEOUT }, async () => {
  const { name, bytes } = await exportChart('roc', '[data-export=png][data-scale="2"]');
  assert.equal(name, 'rareclass-roc.png');
  const png = decodePng(bytes);
  const { w, h } = await page.evaluate(() => {
    const r = document.querySelector('#chart-roc canvas').getBoundingClientRect();
    return { w: r.width, h: r.height };
  });
  assert.equal(png.width, Math.round(w) * 2);
  assert.equal(png.height, Math.round(h) * 2);
  const corner = [...png.rgba.subarray(0, 4)];
  assert.ok(corner[0] > 240 && corner[1] > 240 && corner[2] > 240 && corner[3] === 255, `corner ${corner}`);
  // While the chart on screen is dark: the export did not just copy it.
  const shot = decodePng(await page.locator('#chart-roc canvas').screenshot());
  const screen = [...shot.rgba.subarray(0, 3)];
  assert.ok(screen.every((c) => c < 60), `on-screen corner ${screen}`);
});

test('an export asked in the same moment as a resize waits for the chart at its new size', { timeout: TIMEOUT }, async () => {
  // The charts box narrows and the PNG is asked for in one task, before the
  // resized view can have been painted: the export must not be the old layout.
  // (A ROC plot is square and at most so wide: the box goes to 340 px, under
  // any width the ROC takes in the page's grid.)
  const before = await page.evaluate(() => document.querySelector('#chart-roc canvas').getBoundingClientRect().width);
  await page.locator('#chart-roc .chart-export > summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(() => {
      document.querySelector('#charts').style.width = '340px';
      document.querySelector('#chart-roc .chart-export [data-export=png][data-scale="2"]').click();
    }),
  ]);
  const file = path.join(ARTIFACTS, 'export-resized-roc.png');
  await download.saveAs(file);
  const png = decodePng(fs.readFileSync(file));
  const w = await page.evaluate(() => document.querySelector('#chart-roc canvas').getBoundingClientRect().width);
  assert.ok(w < before - 20, `the chart narrowed (${before} → ${w} px wide)`);
  assert.equal(png.width, Math.round(w) * 2);
  await page.evaluate(() => { document.querySelector('#charts').style.width = ''; });
  await page.waitForFunction(() => {
    const c = document.querySelector('#chart-roc canvas');
    return Math.abs(c.width - c.getBoundingClientRect().width * (devicePixelRatio || 1)) <= 2;
  });
});

test('the CSV holds every ROC point: its area is the ROC-AUC card', { timeout: TIMEOUT }, async () => {
  const { name, bytes } = await exportChart('roc', '[data-export=csv]');
  assert.equal(name, 'rareclass-roc.csv');
  const lines = bytes.toString('utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'series,FPR,TPR,threshold');
  const shown = await page.locator('#series option').allTextContents();
  const chosen = Number(await page.locator('#series').inputValue());
  // The rows of the series shown in the cards (its name starts the legend name).
  const rows = lines.slice(1).map((l) => {
    const m = /^("(?:[^"]|"")*"|[^,]*),(.*)$/.exec(l);
    return { name: m[1].replace(/^"|"$/g, '').replace(/""/g, '"'), values: m[2].split(',').map(Number) };
  });
  const mine = rows.filter((r) => r.name.startsWith(shown[chosen].split(' · ')[0]));
  assert.ok(mine.length > 10, `${mine.length} rows`);
  const names = new Set(rows.map((r) => r.name));
  assert.equal(names.size, shown.length, 'one series per model');
  // Trapezoids over (FPR, TPR), in file order: the area under the full curve.
  let area = 0;
  for (let i = 1; i < mine.length; i++) {
    const [x0, y0] = mine[i - 1].values, [x1, y1] = mine[i].values;
    assert.ok(x1 >= x0 && y1 >= y0, `not monotone at row ${i}`);
    area += (x1 - x0) * (y0 + y1) / 2;
  }
  assert.deepEqual(mine[0].values.slice(0, 2), [0, 0]);
  assert.deepEqual(mine[mine.length - 1].values.slice(0, 2), [1, 1]);
  const { roc_auc: auc } = await cards();
  assert.ok(Math.abs(area - auc) < 5e-4, `area ${area} vs card ${auc}`);
  // Each TPR is a count of positives over the test positives (an integer ratio).
  const positives = Number(await page.locator('#cm-line').getAttribute('data-positives'));
  for (const r of mine) {
    const k = r.values[1] * positives;
    assert.ok(Math.abs(k - Math.round(k)) < 1e-6, `TPR ${r.values[1]} × ${positives}`);
  }
  // More points than the chart draws: the CSV is not the simplified polyline.
  const svg = (await exportChart('roc', '[data-export=svg]')).bytes.toString('utf8');
  const drawn = Math.max(...[...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1].split('L').length));
  assert.ok(mine.length >= drawn, `${mine.length} rows vs ${drawn} vertices drawn`);
});

test('a chart without curves offers no CSV', { timeout: TIMEOUT }, async () => {
  await page.locator('#chart-confusion .chart-export > summary').click();
  assert.equal(await page.locator('#chart-confusion [data-export=csv]').isVisible(), false);
  assert.equal(await page.locator('#chart-confusion [data-export=svg]').isVisible(), true);
  await page.locator('#chart-confusion .chart-export > summary').click();
  assert.equal(await page.locator('#chart-roc [data-export=csv]').count(), 1);
});

test('Clear runs, then Undo, brings back the same run and metrics', { timeout: TIMEOUT }, async () => {
  const before = await cards();
  const names = await page.locator('#series option').allTextContents();
  const run = await page.locator('#results-body').getAttribute('data-run');
  await page.locator('#clear-runs').click();
  assert.equal(await page.locator('#results-body').isHidden(), true);
  assert.equal(await page.locator('#no-results').isVisible(), true);
  const toast = page.locator('#undo-toast');
  assert.equal(await toast.isVisible(), true);
  assert.match(await toast.textContent(), /cleared/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-undo-toast.png') });
  const view = await page.evaluate(() => document.body.dataset.view);
  await page.locator('#undo-button').click();
  await page.waitForFunction((v) => document.body.dataset.view !== v, view);
  await viewSettled();
  assert.equal(await toast.isHidden(), true);
  assert.equal(await page.locator('#results-body').isVisible(), true);
  assert.equal(await page.locator('#results-body').getAttribute('data-run'), run);
  assert.deepEqual(await page.locator('#series option').allTextContents(), names);
  assert.deepEqual(await cards(), before);
  // The runs are really back in the engine: its model file can be saved.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#save-model').click()]);
  assert.match(download.suggestedFilename(), /\.model\.json$/);
});

test('screenshots: the Export menu and the undo notice fit at 390 and 1440 wide, light and dark', { timeout: TIMEOUT }, async () => {
  for (const [width, height] of [[390, 844], [1440, 900]]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height });
      await showScheme(page, scheme);
      await viewSettled();
      const summary = page.locator('#chart-roc .chart-export > summary');
      await summary.scrollIntoViewIfNeeded();
      await summary.click();
      const list = await page.locator('#chart-roc .chart-export-list').boundingBox();
      assert.ok(list.x >= 0 && list.x + list.width <= width, `menu ${JSON.stringify(list)} outside ${width} px`);
      await page.screenshot({ path: path.join(ARTIFACTS, `export-menu-${width}-${scheme}.png`) });
      await summary.click();
      const view = await page.evaluate(() => document.body.dataset.view);
      await page.locator('#clear-runs').click();
      const toast = await page.locator('#undo-toast').boundingBox();
      assert.ok(toast.x >= 0 && toast.x + toast.width <= width && toast.y + toast.height <= height, `notice ${JSON.stringify(toast)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `export-undo-${width}-${scheme}.png`) });
      await page.locator('#undo-button').click();
      await page.waitForFunction((v) => document.body.dataset.view !== v, view);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await viewSettled();
});

test('a new run after Clear runs ends the undo offer', { timeout: TIMEOUT }, async () => {
  await page.locator('#clear-runs').click();
  assert.equal(await page.locator('#undo-toast').isVisible(), true);
  await page.locator('#train').click();
  assert.equal(await page.locator('#undo-toast').isHidden(), true);
  await trained();
  assert.equal(await page.locator('#series option').count() >= 1, true);
});

test('no request left 127.0.0.1 and nothing threw', () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});
