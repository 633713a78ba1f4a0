// End-to-end tests of <rareclass-demo> (www/demo_element.js) in headless
// Chromium: the example page's two elements each train on their own file
// and paint their three charts; moving one element's threshold slider
// changes its confusion counts and leaves the other's untouched; the counts
// obey what a threshold means (at 0 every row is predicted positive); a
// missing file, a label the file lacks and a setting the model refuses are
// each shown inside the element; the element works when the files are
// served from a sub-path; nothing is requested from another origin.
// Screenshots at 390 and 1440 px, light and dark, go to
// tests/e2e/artifacts/embed-*.png.
// Run: node --test tests/e2e/embed.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { openPage, ARTIFACTS } from './open_page.mjs';

const TIMEOUT = 120_000;
const EXAMPLE = 'www/examples/embed.html';

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors, viewport: { width: 1440, height: 900 } }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until element `sel` has trained and drawn at least `views` views. */
async function drawn(p, sel, views = 1) {
  await p.waitForFunction(([s, n]) => {
    const e = document.querySelector(s);
    return e?.dataset.state === 'error' || (e?.dataset.state === 'ready' && Number(e.dataset.view) >= n);
  }, [sel, views]);
  const st = await p.evaluate((s) => ({ ...document.querySelector(s).dataset }), sel);
  assert.equal(st.state, 'ready', `${sel}: ${st.error}`);
}

/** Waits until no element has drawn a new view for half a second (a resize or theme change redraws). */
async function settled(p) {
  let last = '';
  for (let same = 0; same < 3;) {
    await p.waitForTimeout(200);
    const now = await p.evaluate(() => [...document.querySelectorAll('rareclass-demo')].map((e) => e.dataset.view).join());
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

/** The element's shown confusion counts and the threshold they are for. */
function counts(p, sel) {
  return p.evaluate((s) => {
    const d = document.querySelector(s).shadowRoot.querySelector('.cm').dataset;
    return { tp: Number(d.tp), fp: Number(d.fp), tn: Number(d.tn), fn: Number(d.fn), threshold: Number(d.threshold) };
  }, sel);
}

/** How many distinct colours each chart canvas of the element shows (a blank canvas has 1). */
function paintedColours(p, sel) {
  return p.evaluate((s) => Object.fromEntries([...document.querySelector(s).shadowRoot.querySelectorAll('canvas')].map((c) => {
    const name = c.closest('figure').classList[1];
    if (c.width < 2 || c.height < 2) return [name, 0];
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return [name, seen.size];
  })), sel);
}

/** Moves the element's slider to `value` as a person dragging it does (input events). */
function slide(p, sel, value) {
  return p.evaluate(([s, v]) => {
    const input = document.querySelector(s).shadowRoot.querySelector('input[type=range]');
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, [sel, value]);
}

/** The number of test rows the element states ("test rows: 1,972, …"). */
async function testRows(p, sel) {
  const text = await p.evaluate((s) => document.querySelector(s).shadowRoot.querySelector('.facts').textContent, sel);
  const m = /test rows: ([\d,]+), of them ([\d,]+) positive/.exec(text);
  assert.ok(m, text);
  return { rows: Number(m[1].replace(/,/g, '')), positives: Number(m[2].replace(/,/g, '')) };
}

test('the example page: two elements train and draw, and each slider moves only its own counts', { timeout: TIMEOUT * 2 }, async () => {
  await page.goto(`${server.url}${EXAMPLE}`);
  await drawn(page, '#loans');
  await drawn(page, '#cancer');

  // Each drew its own file: the numbers of test rows are the two files' (20 % of 9,857 and of 569).
  const loansRows = await testRows(page, '#loans');
  const cancerRows = await testRows(page, '#cancer');
  assert.ok(Math.abs(loansRows.rows - 0.2 * 9857) <= 2, JSON.stringify(loansRows));
  assert.ok(Math.abs(cancerRows.rows - 0.2 * 569) <= 2, JSON.stringify(cancerRows));

  // The three charts are painted (many colours: curves, axes, text), not blank.
  for (const sel of ['#loans', '#cancer']) {
    const colours = await paintedColours(page, sel);
    for (const [chart, n] of Object.entries(colours)) assert.ok(n > 8, `${sel} ${chart}: ${n} colours`);
  }

  const loans0 = await counts(page, '#loans');
  const cancer0 = await counts(page, '#cancer');
  assert.equal(loans0.threshold, 0.5);
  // The counts cover the test rows, and the positives among them.
  assert.equal(loans0.tp + loans0.fp + loans0.tn + loans0.fn, loansRows.rows);
  assert.equal(loans0.tp + loans0.fn, loansRows.positives);
  assert.equal(cancer0.tp + cancer0.fp + cancer0.tn + cancer0.fn, cancerRows.rows);
  const cancerViews = await page.evaluate(() => document.querySelector('#cancer').dataset.view);

  // Threshold 0: every row is predicted positive (score ≥ 0), so no TN and no FN.
  const views = Number(await page.evaluate(() => document.querySelector('#loans').dataset.view));
  await slide(page, '#loans', 0);
  await drawn(page, '#loans', views + 1);
  await page.waitForFunction(() => document.querySelector('#loans').shadowRoot.querySelector('.cm').dataset.threshold === '0');
  const loansAt0 = await counts(page, '#loans');
  assert.deepEqual({ tn: loansAt0.tn, fn: loansAt0.fn }, { tn: 0, fn: 0 });
  assert.equal(loansAt0.tp, loansRows.positives);
  assert.notDeepEqual(loansAt0, loans0);
  // The other element did not redraw and its counts are as they were.
  assert.equal(await page.evaluate(() => document.querySelector('#cancer').dataset.view), cancerViews);
  assert.deepEqual(await counts(page, '#cancer'), cancer0);

  // A keyboard step moves the slider by 0.01 and the counts follow.
  await page.locator('#cancer input[type=range]').focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('#cancer').shadowRoot.querySelector('.cm').dataset.threshold === '0.49');
  assert.equal(await page.evaluate(() => document.querySelector('#cancer').shadowRoot.querySelector('output').textContent), '0.49');
  assert.deepEqual(await counts(page, '#loans'), loansAt0, 'the first element kept its counts');

  for (const [width, height] of [[1440, 900], [390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForFunction((dark) => [...document.querySelectorAll('rareclass-demo')]
        .every((e) => e.dataset.theme === (dark ? 'dark' : 'light')), scheme === 'dark');
      await settled(page);
      // No horizontal page scroll at either width.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${width}: page wider than the window`);
      await page.screenshot({ path: path.join(ARTIFACTS, `embed-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

test('what stops an element is shown inside it, in words an author can act on', { timeout: TIMEOUT }, async () => {
  await page.goto(`${server.url}${EXAMPLE}`);
  await page.evaluate(() => {
    const add = (id, attrs) => {
      const e = document.createElement('rareclass-demo');
      e.id = id;
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      document.querySelector('main').append(e);
    };
    add('missing', { src: '../../data/no_such_file.csv', label: 'Class' });
    add('badlabel', { src: '../../data/breast_cancer.csv', label: 'diagnosis' });
    add('badsetting', { src: '../../data/breast_cancer.csv', label: 'target', model: 'tree', settings: 'max_depth=0' });
    add('badmodel', { src: '../../data/breast_cancer.csv', label: 'target', model: 'svm' });
  });
  const errorOf = async (sel) => {
    await page.waitForFunction((s) => document.querySelector(s).dataset.state === 'error', sel);
    return page.evaluate((s) => {
      const box = document.querySelector(s).shadowRoot.querySelector('.error');
      return { text: box.textContent, visible: !box.hidden && box.getBoundingClientRect().height > 0, role: box.getAttribute('role') };
    }, sel);
  };
  const missing = await errorOf('#missing');
  assert.ok(missing.visible && missing.role === 'alert');
  assert.match(missing.text, /no_such_file\.csv/);
  assert.match(missing.text, /404/);
  const badLabel = await errorOf('#badlabel');
  assert.match(badLabel.text, /no column "diagnosis"/);
  assert.match(badLabel.text, /"target"/, 'lists the columns there are');
  const badSetting = await errorOf('#badsetting');
  assert.match(badSetting.text, /max_depth=0/);
  const badModel = await errorOf('#badmodel');
  assert.match(badModel.text, /"svm".*logistic, mlp, tree, forest, gbdt, majority/);
  // The example's own elements are not disturbed by their failing neighbours.
  await drawn(page, '#loans');
  await drawn(page, '#cancer');
  await page.locator('#missing').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'embed-errors.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
});

test('served from a sub-path, the element finds its worker, the wasm and its data', { timeout: TIMEOUT }, async () => {
  const prefix = '/tutorials/rareclass/';
  const sub = await serve(undefined, { prefix });
  const b = await launch();
  try {
    const p = await b.context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.setDefaultTimeout(TIMEOUT);
    await p.goto(`${sub.url}${EXAMPLE}`);
    await drawn(p, '#loans');
    await drawn(p, '#cancer');
    const colours = await paintedColours(p, '#cancer');
    assert.ok(Object.values(colours).every((n) => n > 8), JSON.stringify(colours));
    // Every file came from under the sub-path (the worker, the wasm, the data).
    for (const want of ['www/worker.js', 'pkg/rareclass_bg.wasm', 'data/lending_club.csv', 'data/breast_cancer.csv']) {
      assert.ok(sub.requests.some((u) => u.startsWith(prefix) && u.endsWith(want)), `${want}: ${sub.requests.join(' ')}`);
    }
    // (The browser's own /favicon.ico is not the page's.)
    const outside = sub.requests.filter((u) => !u.startsWith(prefix) && u !== '/favicon.ico');
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
    await sub.close();
  }
});
