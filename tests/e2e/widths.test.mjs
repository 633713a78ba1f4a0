// End-to-end test of the page at every width from a phone up (issue 13,
// item 2): after the demo trains (and Compare, Explore and Transfer have
// results), at 360, 390, 1024 and 1440 px wide, light and dark, on every
// tab: the page never scrolls sideways; every visible control is at least
// 24 × 24 CSS px (a checkbox counts with its label; WCAG 2.2's spacing
// exception otherwise); no chart reports cut text, text outside the canvas
// or text over text, no legend lies on its plot (read from the layout the
// worker's Rust returns, the canvas's data-fit: src/chart/layout.rs); ROC
// plots are square within 2 px. An uploaded CSV shows a Train button in
// view. Screenshots: tests/e2e/artifacts/widths-<tab>-<width>-<theme>.png.
// Run: node --test tests/e2e/widths.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, ARTIFACTS } from './open_page.mjs';

// Generous: the suite shares two cores with other builds.
const TIMEOUT = 240_000;
const TABS = ['train', 'score', 'compare', 'explore', 'transfer'];
const WIDTHS = [[360, 780], [390, 844], [1024, 768], [1440, 900]];

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

const state = (key) => page.evaluate((k) => document.body.dataset[k], key);

/**
 * Waits until every visible chart on screen was painted for its current CSS
 * width (its data-fit says the width the Rust layout used) and stays so for
 * half a second (a resize repaints after a 60 ms pause).
 */
async function chartsSettled() {
  const look = () => page.evaluate(() => [...document.querySelectorAll('canvas')]
    .filter((c) => c.offsetParent && c.width > 1 && c.closest('[role=tabpanel]:not([hidden])'))
    .map((c) => {
      const fit = c.dataset.fit ? JSON.parse(c.dataset.fit) : null;
      return { ok: !!fit && Math.abs(fit.width - c.getBoundingClientRect().width) <= 1, key: c.dataset.fit?.length };
    }));
  const end = Date.now() + 60_000;
  let last = '';
  while (Date.now() < end) {
    const now = await look();
    const key = JSON.stringify(now);
    if (now.every((c) => c.ok) && key === last) return;
    last = key;
    await page.waitForTimeout(500);
  }
  throw new Error(`charts not repainted at their new width: ${last}`);
}

/** Every problem on the visible tab, as strings (empty: none). */
function problems(tab) {
  return page.evaluate((tab) => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth) out.push(`page ${root.scrollWidth} px wide in a ${innerWidth} px window`);
    const visible = (e) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0' && !e.closest('[hidden], .sr-only');
    };
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.type ? '[' + e.type + ']' : ''} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`;
    // Controls: the tab's panel, the header and the tab bar.
    const scope = [document.querySelector('header'), document.querySelector('[role=tablist]'), document.querySelector(`#panel-${tab}`), document.querySelector('.train-bar')];
    const controls = scope.filter(Boolean).flatMap((s) => [...s.querySelectorAll('button, select, input, textarea, summary, a[href], [role=tab]')])
      .filter(visible);
    // A checkbox or radio is pressed through its label too: the label is its target.
    const target = (e) => (['checkbox', 'radio'].includes(e.type) && e.closest('label')) || e;
    const rects = controls.map((e) => ({ e, r: target(e).getBoundingClientRect() }));
    for (const { e, r } of rects) {
      if (r.width >= 23.5 && r.height >= 23.5) continue;
      // WCAG 2.2 2.5.8's spacing exception: a 24 px circle on its centre
      // meets no other target.
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      const clear = rects.every(({ e: o, r: q }) => o === e || target(o) === target(e)
        || Math.hypot(Math.max(q.left - cx, 0, cx - q.right), Math.max(q.top - cy, 0, cy - q.bottom)) >= 12);
      if (!clear) out.push(`control ${name(e)} is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`);
    }
    // Charts: the layout's own report.
    for (const c of document.querySelectorAll(`#panel-${tab} canvas, .main canvas`)) {
      if (!c.offsetParent || c.width <= 1 || !c.closest(`#panel-${tab}`)) continue;
      const id = c.closest('figure')?.id || c.id || 'a canvas';
      if (!c.dataset.fit) { out.push(`${id}: no fit report`); continue; }
      const fit = JSON.parse(c.dataset.fit);
      if (fit.cut.length) out.push(`${id}: cut ${JSON.stringify(fit.cut)}`);
      if (fit.outside.length) out.push(`${id}: outside the canvas ${JSON.stringify(fit.outside)}`);
      if (fit.overlaps.length) out.push(`${id}: text over text ${JSON.stringify(fit.overlaps.slice(0, 4))}`);
      if (fit.legend_on_plot) out.push(`${id}: legend on the plot`);
      if (/roc/.test(id) && Math.abs(fit.plot.w - fit.plot.h) > 2) out.push(`${id}: ROC plot ${fit.plot.w.toFixed(1)}×${fit.plot.h.toFixed(1)}, not square`);
      const r = c.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 || r.left < -0.5) out.push(`${id}: canvas out of the window (${r.left}–${r.right})`);
    }
    return out;
  }, tab);
}

test('every tab at 360, 390, 1024 and 1440 px, light and dark: no sideways scroll, 24 px controls, nothing cut or overlapping', { timeout: TIMEOUT * 6 }, async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done' && document.body.dataset.view
    && document.querySelector('#cm-line').dataset.tp !== undefined);
  // Each tab with something in it: Compare trains its set (short), Explore
  // ranks the demo's columns, Transfer runs its demo pair (few steps).
  await page.locator('#tab-compare').click();
  await page.locator('#cmp-epochs').fill('4');
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await state('compare'), 'done');
  await page.locator('#tab-explore').click();
  await page.waitForFunction(() => document.querySelectorAll('#signal-table tbody tr').length > 0);
  await page.locator('#tab-transfer').click();
  await page.click('#tr-demo');
  await page.waitForFunction(() => document.body.dataset.transfer === 'ready');
  await page.locator('#tr-steps').fill('300');
  await page.click('#tr-run');
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.transfer));
  assert.equal(await state('transfer'), 'done');

  const found = [];
  for (const [width, height] of WIDTHS) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark']) {
      await page.locator('#theme').selectOption(theme);
      for (const tab of TABS) {
        await page.locator(`#tab-${tab}`).click();
        await page.evaluate(() => scrollTo(0, 0));
        await chartsSettled();
        const p = await problems(tab);
        console.log(`# ${tab} ${width} ${theme}: ${p.length ? p.join('; ') : 'ok'}`);
        found.push(...p.map((s) => `${tab} ${width} ${theme}: ${s}`));
        await page.screenshot({ path: path.join(ARTIFACTS, `widths-${tab}-${width}-${theme}.png`), fullPage: true });
      }
    }
  }
  await page.locator('#theme').selectOption('system');
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(found, []);
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

test('after a CSV is opened, a Train button is in view at 1440 × 900 and at 390 × 844', { timeout: TIMEOUT }, async () => {
  const csv = ['a,b,label', ...Array.from({ length: 200 }, (_, i) => `${i % 7},${(i * 13) % 11},${i % 10 === 0 ? 1 : 0}`)].join('\n');
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.train === 'done');
    await page.locator('#tab-train').click();
    await page.setInputFiles('#file', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => !document.querySelector('#train-section').hidden && !document.querySelector('#train').disabled);
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(300);
    // The real button or its copy at the window's bottom: one is on screen.
    const inView = await page.evaluate(() => ['#train', '#train-bar-button'].some((sel) => {
      const e = document.querySelector(sel);
      const r = e?.getBoundingClientRect();
      return e && e.offsetParent && r.top >= 0 && r.bottom <= innerHeight && r.width >= 24 && r.height >= 24;
    }));
    assert.ok(inView, `${width}×${height}: no Train button in view`);
    await page.screenshot({ path: path.join(ARTIFACTS, `widths-upload-${width}.png`) });
    if (await page.locator('#train-bar-button').isVisible()) {
      await page.locator('#train-bar-button').click();
      await page.waitForFunction(() => document.body.dataset.train === 'done');
      assert.equal(await page.locator('#train-bar-button').isVisible(), false, 'the copy goes once the file has results');
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(pageErrors, []);
});
