// End-to-end test of the page at every width from a phone up (issue 13,
// item 2 and its Done-when screenshot set): the demo trains, its model is
// saved and scored on the Score tab, Compare trains its set, Explore ranks
// the columns and Transfer runs its demo pair — on one page; then, in
// English and in Chinese (the header's language switch, in place), at 360,
// 390, 1024 and 1440 px wide, light and dark, on every tab:
// - the page never scrolls sideways;
// - every visible control is at least 24 × 24 CSS px (a checkbox counts
//   with its label; WCAG 2.2's spacing exception otherwise);
// - no chart reports cut text, text outside the canvas or text over text,
//   no legend lies on its plot (read from the layout the worker's Rust
//   returns, the canvas's data-fit: src/chart/layout.rs); ROC plots are
//   square within 2 px;
// - the Train tab is checked with its "All settings" area open;
// - no element's content is wider than its box unless the box scrolls on
//   purpose (a table in its scroll box, the tab bar), no word is broken
//   across lines where it would fit on one, no table column is squeezed
//   to wrapping under 4 em, and every ⓘ sits on the line of the words it
//   explains.
// Screenshots (full page):
// tests/e2e/artifacts/widths-<tab>-<width>-<theme>-<lang>.png.
// CI runs the checks (and shoots) English at all four widths in the light
// theme and Chinese at 360 and 1024 in the dark (30 views; a theme changes
// colours, not layout); WIDTHS_ALL=1 runs and shoots every combination (80,
// the set; about 45 s longer).
// An uploaded CSV shows a Train button in view.
// Run: node --test tests/e2e/widths.test.mjs  (after scripts/build.sh);
//      WIDTHS_ALL=1 node --test tests/e2e/widths.test.mjs  for the whole set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPage, ARTIFACTS } from './open_page.mjs';

// Generous: the suite shares two cores with other builds.
const TIMEOUT = 240_000;
const TABS = ['train', 'score', 'compare', 'explore', 'transfer'];
const WIDTHS = [[360, 780], [390, 844], [1024, 768], [1440, 900]];
const ALL = Boolean(process.env.WIDTHS_ALL);
// What CI runs (the suite's time is shared): English at every width in the
// light theme, Chinese in the dark at the narrowest and at 1024 (where
// cards, headings and tables are tightest); WIDTHS_ALL=1: everything.
const THEMES = { en: ALL ? ['light', 'dark'] : ['light'], zh: ALL ? ['light', 'dark'] : ['dark'] };
const LANG_WIDTHS = { en: WIDTHS, zh: ALL ? WIDTHS : WIDTHS.filter(([w]) => w === 360 || w === 1024) };

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
  // Each canvas the page paints is stamped with a running count, so the
  // test can wait for every chart to be painted again after a switch of
  // language, theme or width (the page draws the worker's bitmaps with
  // drawImage: www/frames.js).
  await page.addInitScript(() => {
    window.__painted = 0;
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
      this.canvas.dataset.painted = String(++window.__painted);
      return draw.apply(this, args);
    };
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const state = (key) => page.evaluate((k) => document.body.dataset[k], key);
const paintCount = () => page.evaluate(() => window.__painted);

/**
 * Waits until every visible chart of the tab shown was painted after
 * `since` (the paint count when language, theme or width last changed) for
 * its current CSS width (its data-fit says the width the Rust layout used),
 * and stays so for half a second (a resize repaints after a 60 ms pause).
 */
async function chartsSettled(since) {
  const look = () => page.evaluate((since) => [...document.querySelectorAll('[role=tabpanel]:not([hidden]) canvas')]
    .filter((c) => c.offsetParent && c.width > 1)
    .map((c) => {
      const fit = c.dataset.fit ? JSON.parse(c.dataset.fit) : null;
      // The Train tab's live history chart is drawn while its run goes, at
      // the width its figure had then (www/train.js), and not again.
      const live = Boolean(c.closest('#chart-history'));
      return {
        id: c.closest('figure')?.id || c.id,
        ok: !!fit && (live || (Math.abs(fit.width - c.getBoundingClientRect().width) <= 1 && Number(c.dataset.painted) > since)),
        painted: c.dataset.painted,
      };
    }), since);
  const end = Date.now() + 60_000;
  let last = '';
  while (Date.now() < end) {
    const now = await look();
    const key = JSON.stringify(now);
    if (now.every((c) => c.ok) && key === last) return;
    last = key;
    await page.waitForTimeout(400);
  }
  throw new Error(`charts not painted again at their width after ${since}: ${last}`);
}

/** Every problem on the visible tab, as strings (empty: none). */
function problems(tab) {
  return page.evaluate((tab) => {
    const out = [];
    const scroller = document.scrollingElement;
    if (scroller.scrollWidth > innerWidth) out.push(`page ${scroller.scrollWidth} px wide in a ${innerWidth} px window`);
    const visible = (e) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0' && !e.closest('[hidden], .sr-only');
    };
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`;
    // What a person sees of this tab: the header, the tab bar, the tab's
    // panel and the Train bar.
    const scope = [document.querySelector('header'), document.querySelector('[role=tablist]'), document.querySelector(`#panel-${tab}`), document.querySelector('.train-bar')]
      .filter((s) => s && visible(s));
    const all = scope.flatMap((s) => [s, ...s.querySelectorAll('*')]).filter(visible);

    // Controls.
    const controls = all.filter((e) => e.matches('button, select, input, textarea, summary, a[href], [role=tab]'));
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

    // Boxes: content wider than its box is cut or spills, unless the box
    // scrolls on purpose (overflow-x auto or scroll: the tab bar, a table's
    // scroll box). Inline boxes have no width of their own to overflow.
    for (const e of all) {
      const s = getComputedStyle(e);
      if (s.display === 'inline' || s.display === 'contents' || e.matches('canvas, svg, svg *, input, select, textarea, img, progress')) continue;
      if (['auto', 'scroll'].includes(s.overflowX)) continue;
      if (e.scrollWidth > e.clientWidth + 1) out.push(`${name(e)}: content ${e.scrollWidth} px in a ${e.clientWidth} px box`);
      if (['hidden', 'clip'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1) out.push(`${name(e)}: content ${e.scrollHeight} px high in a ${e.clientHeight} px box`);
    }

    // Words: a Latin word broken across lines though it fits the line (a
    // squeezed column's "netwo|rk"), and table cells squeezed so that their
    // text wraps in under 4 em (Chinese "模|型" one character a line).
    const measure = document.createElement('canvas').getContext('2d');
    const lineTops = (range) => {
      const tops = [];
      for (const r of range.getClientRects()) if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < 3)) tops.push(r.top);
      return tops.length;
    };
    for (const e of all) {
      for (const n of e.childNodes) {
        if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) continue;
        const s = getComputedStyle(e);
        measure.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        // The width a line may take: the nearest block box's content width.
        let box = e;
        while (box.parentElement && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
        const bs = getComputedStyle(box);
        const room = box.clientWidth - parseFloat(bs.paddingLeft) - parseFloat(bs.paddingRight);
        for (const m of n.textContent.matchAll(/[A-Za-z0-9][A-Za-z0-9_.,%()']*[A-Za-z0-9)%]/g)) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          if (lineTops(range) > 1 && measure.measureText(m[0]).width < room - 1) out.push(`"${m[0]}" broken across lines in ${name(e)} (${room.toFixed(0)} px of room)`);
        }
      }
      if (e.matches('td, th')) {
        const text = e.textContent.trim();
        const em = parseFloat(getComputedStyle(e).fontSize);
        const s = getComputedStyle(e);
        const inner = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        const range = document.createRange();
        range.selectNodeContents(e);
        if (text.length > 3 && inner < 4 * em && lineTops(range) > 1) out.push(`column squeezed: ${name(e)} wraps in ${inner.toFixed(0)} px`);
      }
    }

    // An ⓘ sits on the line where the words it explains end (a label, a
    // heading, a name). One after a block (a paragraph, a table) explains
    // the box it ends, and one after prose that wraps may start the next
    // line, as a word would.
    for (const b of all.filter((e) => e.matches('.term-i'))) {
      let before = b.previousSibling;
      while (before && before.nodeType === Node.TEXT_NODE && !before.textContent.trim()) before = before.previousSibling;
      if (!before || (before.nodeType === Node.ELEMENT_NODE && (!visible(before) || before.matches('.term-i')))) continue;
      if (before.nodeType === Node.ELEMENT_NODE && !getComputedStyle(before).display.startsWith('inline')) continue;
      let rects = before.nodeType === Node.TEXT_NODE ? null : before.getClientRects();
      if (!rects) {
        const range = document.createRange();
        range.selectNode(before);
        rects = range.getClientRects();
      }
      const rs = [...rects].filter((r) => r.width > 0);
      if (!rs.length) continue;
      const last = rs.at(-1);
      const r = b.getBoundingClientRect();
      const prose = new Set(rs.map((q) => Math.round(q.top / 4))).size > 1;
      // Starting a line: its border box sits its own left margin in from the line's edge.
      const startsLine = r.left - parseFloat(getComputedStyle(b).marginLeft) <= rs[0].left + 2;
      if (prose && r.top >= last.bottom - 2 && startsLine) continue;
      const sameLine = r.top < last.bottom - 2 && r.bottom > last.top + 2;
      if (!sameLine || r.left < last.right - 2) out.push(`ⓘ of ${name(b.parentElement)} "${(before.textContent || '').trim().slice(0, 24)}" is not beside its words`);
    }

    // Charts: the layout's own report.
    for (const c of all.filter((e) => e.matches('canvas'))) {
      if (c.width <= 1) continue;
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
    return [...new Set(out)];
  }, tab);
}

/** The demo trained, its model scored, Compare, Explore and Transfer run: every tab has results. */
async function everyTabFilled() {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done' && document.body.dataset.view
    && document.querySelector('#cm-line').dataset.tp !== undefined);
  const [saved] = await Promise.all([page.waitForEvent('download'), page.locator('#save-model').click()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rareclass-widths-'));
  const model = path.join(dir, 'model.json');
  await saved.saveAs(model);
  await page.locator('#tab-score').click();
  await page.locator('#model-file').setInputFiles(model);
  await page.waitForFunction(() => document.body.dataset.model);
  await page.locator('#score-demo').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.score));
  assert.equal(await state('score'), 'done');
  fs.rmSync(dir, { recursive: true, force: true });
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
  // The Train tab's folded parts (its "All settings" area) are checked open.
  await page.evaluate(() => { for (const d of document.querySelectorAll('#panel-train .side details:not(.chart-export)')) d.open = true; });
}

test(`every tab at 360, 390, 1024 and 1440 px in English${ALL ? ' and Chinese, light and dark' : ', 360 and 1024 in Chinese'}: no sideways scroll, 24 px controls, nothing cut, squeezed or overlapping`, { timeout: TIMEOUT * (ALL ? 8 : 5) }, async () => {
  await everyTabFilled();
  const found = [];
  for (const lang of ['en', 'zh']) {
    let since = await paintCount();
    await page.selectOption('#lang', lang);
    await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
    for (const [width, height] of LANG_WIDTHS[lang]) {
      if (width !== page.viewportSize().width) {
        since = await paintCount();
        await page.setViewportSize({ width, height });
      }
      for (const theme of THEMES[lang]) {
        if (await page.inputValue('#theme') !== theme) {
          since = await paintCount();
          await page.selectOption('#theme', theme);
        }
        for (const tab of TABS) {
          await page.locator(`#tab-${tab}`).click();
          await page.evaluate(() => scrollTo(0, 0));
          await chartsSettled(since);
          const p = await problems(tab);
          const where = `${tab} ${width} ${theme} ${lang}`;
          console.log(`# ${where}: ${p.length ? p.join('; ') : 'ok'}`);
          found.push(...p.map((s) => `${where}: ${s}`));
          await page.screenshot({ path: path.join(ARTIFACTS, `widths-${tab}-${width}-${theme}-${lang}.png`), fullPage: true });
        }
      }
    }
  }
  await page.selectOption('#theme', 'system');
  await page.selectOption('#lang', 'en');
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
