// End-to-end test of the result views under the Train tab's charts
// (www/views.js): the demo trains by itself, and its reliability curve,
// cumulative gain, lift, permutation importance and (logistic regression)
// coefficients are painted with their captions; the lift at the top 1 %
// is written; the bins picker redraws the reliability curve. Screenshots
// of the views at 390 and 1440 px wide, light and dark, go to
// tests/e2e/artifacts/views-*.png; at each, no caption is cut and the page
// has no horizontal scroll.
// Run: node --test tests/e2e/views.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, ARTIFACTS, showScheme, fullEngine } from './open_page.mjs';

// Generous: the suite shares two cores with other builds.
const TIMEOUT = 240_000;
const VIEWS = ['calibration', 'gain', 'lift', 'importance', 'coefficients'];

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

/** Waits until the worker has answered the latest view, captions written
 * and no newer view asked for (polled from here, every 250 ms). */
async function settled() {
  await fullEngine(page);
  const look = () => page.evaluate(() => ({
    done: document.body.dataset.train === 'done' && document.querySelector('#view-caption-lift')?.dataset.lift1 !== undefined,
    view: document.body.dataset.view,
  }));
  const end = Date.now() + TIMEOUT / 2;
  let last = null;
  while (Date.now() < end) {
    const now = await look();
    if (now.done && last?.done && now.view === last.view) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the views did not settle: ${JSON.stringify(last)}`);
}

/** Bytes of a PNG screenshot of `locator`: a blank canvas compresses to a
 * few hundred bytes, axes, text and curves or bars to tens of kilobytes. */
async function inkBytes(locator) {
  return (await locator.screenshot()).length;
}

test('the demo run shows the views drawn, with captions and the lift at the top 1 %', { timeout: TIMEOUT }, async () => {
  const t0 = Date.now();
  await page.goto(server.url);
  await settled();
  console.log(`# demo trained and its views written in ${Date.now() - t0} ms`);
  for (const id of VIEWS) {
    const canvas = page.locator(`#chart-${id} canvas`);
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    assert.ok(box.width > 300 && box.height > 200, `${id}: ${JSON.stringify(box)}`);
    const n = await inkBytes(canvas);
    assert.ok(n > 8000, `${id}: a ${n}-byte screenshot, nearly blank`);
  }
  const caption = (id) => page.locator(`#view-caption-${id}`).textContent();
  assert.match(await caption('calibration'), /^Brier score 0\.\d{4} = reliability 0\.\d{4} − resolution 0\.\d{4} \+ uncertainty 0\.\d{4} \(test rows\)/);
  assert.match(await caption('gain'), /^The top 1 % of scores holds \d+(\.\d)? % of the positives; the top 5 %, \d+(\.\d)? %; the top 10 %, \d+(\.\d)? %\.$/);
  // The lift at the top 1 % is the number Rust computed, as the page writes it.
  const lift1 = Number(await page.locator('#view-caption-lift').getAttribute('data-lift1'));
  assert.ok(Number.isFinite(lift1) && lift1 >= 0, `lift ${lift1}`);
  const shown = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(lift1);
  assert.ok((await caption('lift')).startsWith(`Lift at the top 1 %: ${shown}× the overall rate of 5.2 %`), await caption('lift'));
  // Lending club: 5.2 % positives, so PR-AUC, and the page says why.
  assert.match(await caption('importance'), /^Drop in PR-AUC when one column is shuffled on 1,577 validation rows, 5 times; whiskers ±1 sd\. PR-AUC because positives are 5\.\d % of these rows \(under 20 %\)\.$/);
  assert.equal(await page.locator('#view-caption-importance').getAttribute('data-scoring'), 'average_precision');
  // The demo's model is a logistic regression: its coefficients are shown.
  assert.equal(await page.locator('#chart-coefficients').isVisible(), true);
  assert.match(await caption('coefficients'), /change in log-odds per standard deviation/);
  // Another binning redraws the curve with the same Brier score.
  const brier = await page.locator('#view-caption-calibration').getAttribute('data-brier');
  const before = await page.locator('#chart-calibration canvas').screenshot();
  await page.locator('#view-bins').selectOption('quantile-10');
  await new Promise((r) => setTimeout(r, 500));
  await settled();
  const after = await page.locator('#chart-calibration canvas').screenshot();
  assert.ok(Buffer.compare(after, before) !== 0, 'equal-count bins draw another curve');
  assert.equal(await page.locator('#view-caption-calibration').getAttribute('data-brier'), brier);
  await page.locator('#view-bins').selectOption('uniform-10');
  await settled();
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

test('the views at 390 and 1440 px, light and dark: nothing cut, no sideways scroll', { timeout: TIMEOUT }, async () => {
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark']) {
      await showScheme(page, scheme);
      await new Promise((r) => setTimeout(r, 300));
      await settled();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${width} ${scheme}: the page scrolls sideways by ${overflow} px`);
      const cut = await page.evaluate((ids) => ids.filter((id) => {
        const c = document.querySelector(`#view-caption-${id}`);
        return c.offsetParent && (c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > innerWidth);
      }), VIEWS);
      assert.deepEqual(cut, [], `${width} ${scheme}: captions cut`);
      // Each figure inside the viewport's width, none over another.
      const boxes = await page.evaluate((ids) => ids.map((id) => document.querySelector(`#chart-${id}`))
        .filter((f) => f.offsetParent).map((f) => f.getBoundingClientRect().toJSON()), VIEWS);
      for (const b of boxes) assert.ok(b.left >= 0 && b.right <= width + 0.5, `${width}: ${JSON.stringify(b)}`);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
          assert.ok(apart, `${width}: figures ${i} and ${j} overlap`);
        }
      }
      const section = page.locator('#views');
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: path.join(ARTIFACTS, `views-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
});
