// The page starts on the first-view module and moves to the full one
// (www/engine_client.js): the first view (the demo read, its summary, the
// default logistic regression and every chart) fetches only pkg/first/'s
// wasm; the full module comes afterwards, in the background, and takes over
// with the demo's runs still there; a model the first-view module does not
// fit then trains, and the earlier run is still listed. Also: a model kind
// asked for before the move waits for it ("Loading the full engine…") and
// is then trained; a file opened before it is read by the full module once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, showScheme, ARTIFACTS } from './open_page.mjs';
import { ROOT } from './server.mjs';

const TIMEOUT = 180_000;
const foreign = [];
const pageErrors = [];
let server;
let browser;
let page;

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const wasmAsked = () => server.requests.filter((u) => u.endsWith('.wasm'));
const firstView = () => page.waitForFunction(() => document.body.dataset.view !== undefined
  && document.body.dataset.train === 'done' && !document.getElementById('results-body').hidden);

/**
 * Holds the full module's wasm back until the returned function is called:
 * the move to it waits meanwhile (end the test with page.unroute(FULL_WASM)).
 */
const FULL_WASM = '**/pkg/rareclass_bg.wasm';
async function holdFullModule() {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(FULL_WASM, async (route) => { await held; await route.continue(); });
  return release;
}

/** Trains the Train tab's model as `kind` (its defaults; 20 trees for a forest); {state, error} of the run. */
async function trainKind(kind) {
  await page.selectOption('#model-kind', kind);
  if (kind === 'forest') {
    await page.locator('#forest-trees').fill('20');
    await page.locator('#forest-trees').dispatchEvent('change');
  }
  await page.click('#train');
  await page.waitForFunction(() => ['running', 'starting'].includes(document.body.dataset.train) || document.body.dataset.engine === 'loading');
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.train));
  return page.evaluate(() => ({ state: document.body.dataset.train, error: document.getElementById('train-error').textContent }));
}

test('the first view fetches only the first-view module; the full one then takes over and trains a forest', { timeout: TIMEOUT }, async () => {
  await page.goto(`${server.url}?nosw`);
  await firstView();
  // Asked before the first view was ready: the first-view module only.
  const early = wasmAsked();
  assert.deepEqual(early.filter((u) => u !== '/pkg/first/rareclass_bg.wasm'), [], early.join('\n'));
  assert.ok(early.includes('/pkg/first/rareclass_bg.wasm'), server.requests.join('\n'));
  const cards = await page.locator('#cards').textContent();
  // Then the full module, in the background, and the move without a word.
  await page.waitForFunction(() => document.body.dataset.engine === 'full');
  assert.ok(wasmAsked().includes('/pkg/rareclass_bg.wasm'));
  assert.equal(await page.locator('#train-error').isHidden(), true);
  assert.equal(await page.locator('#engine-note').isHidden(), true);
  // The views are painted again by the full module: the same numbers.
  await page.waitForFunction(() => !document.getElementById('results-body').hidden);
  assert.equal(await page.locator('#cards').textContent(), cards);
  const runs = await page.locator('#series option').count();
  const got = await trainKind('forest');
  assert.equal(got.state, 'done', got.error);
  // The earlier run is still there, beside the forest.
  assert.equal(await page.locator('#series option').count(), runs + 1);
  assert.match(await page.locator('#series').textContent(), /logistic/i);
  assert.match(await page.locator('#series').textContent(), /forest/i);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('the move keeps every chart on screen and the keyboard on the chart it walked', { timeout: TIMEOUT }, async () => {
  const release = await holdFullModule();
  await page.goto(`${server.url}?nosw`);
  await firstView();
  await page.waitForFunction(() => document.querySelector('#chart-roc canvas').width > 1);
  await page.focus('#chart-roc canvas');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('chart-readout')?.textContent);
  // Every painted chart, checked at each animation frame until the full
  // module has painted the views again: a blank (1 × 1) canvas is a blink.
  const view = await page.evaluate(() => {
    const painted = [...document.querySelectorAll('#charts figure')]
      .filter((f) => f.id && f.querySelector('canvas')?.width > 1 && f.offsetParent !== null).map((f) => f.id);
    window.moveWatch = { painted, blank: new Set(), frames: 0, on: true };
    const tick = () => {
      const w = window.moveWatch;
      w.frames += 1;
      for (const id of w.painted) if (!(document.querySelector(`#${id} canvas`)?.width > 1)) w.blank.add(id);
      if (w.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return document.body.dataset.view;
  });
  assert.equal(await page.evaluate(() => document.body.dataset.engine), 'first');
  release();
  await page.waitForFunction((v) => document.body.dataset.engine === 'full' && document.body.dataset.view !== v, view);
  await page.waitForTimeout(300);
  const watched = await page.evaluate(() => {
    const w = window.moveWatch;
    w.on = false;
    return { painted: w.painted, blank: [...w.blank], frames: w.frames };
  });
  assert.ok(watched.painted.includes('chart-roc') && watched.painted.length >= 4, JSON.stringify(watched));
  assert.ok(watched.frames > 5, JSON.stringify(watched));
  assert.deepEqual(watched.blank, [], `charts shown blank during the move (${watched.frames} frames watched)`);
  // The focus stayed on the ROC chart, now the full module's canvas, and the
  // arrow keys go on walking it.
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('#chart-roc canvas')), true,
    await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)));
  await page.evaluate(() => { document.getElementById('chart-readout').textContent = ''; });
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('chart-readout').textContent !== '');
  await page.unroute(FULL_WASM);
  assert.deepEqual(pageErrors, []);
});

test('"Clear runs" made before the move can be undone after it: the runs are trained again', { timeout: TIMEOUT }, async () => {
  const release = await holdFullModule();
  await page.goto(`${server.url}?nosw`);
  await firstView();
  const cards = await page.locator('#cards').textContent();
  const runs = await page.locator('#series option').count();
  await page.click('#clear-runs');
  await page.waitForFunction(() => document.getElementById('results-body').hidden);
  assert.equal(await page.locator('#undo-toast').isVisible(), true);
  release();
  await page.waitForFunction(() => document.body.dataset.engine === 'full');
  await page.click('#undo-button');
  await page.waitForFunction(() => !document.getElementById('results-body').hidden
    || document.querySelector('#undo-toast .undo-text').textContent.includes('gone'));
  assert.equal(await page.locator('#undo-toast').isHidden(), true, await page.locator('#undo-toast').textContent());
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.waitForFunction((c) => document.getElementById('cards').textContent === c, cards);
  assert.equal(await page.locator('#series option').count(), runs);
  await page.unroute(FULL_WASM);
  assert.deepEqual(pageErrors, []);
});

test('a model kind asked for before the move waits for the full engine, then trains', { timeout: TIMEOUT }, async () => {
  const release = await holdFullModule();
  await page.goto(`${server.url}?nosw`);
  await firstView();
  const runs = await page.locator('#series option').count();
  await page.selectOption('#model-kind', 'tree');
  await page.click('#train');
  await page.waitForFunction(() => document.body.dataset.engine === 'loading');
  const note = page.locator('#engine-note');
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /Loading the full engine/);
  for (const w of [400, 1400]) {
    await page.setViewportSize({ width: w, height: 900 });
    for (const scheme of ['light', 'dark']) {
      await showScheme(page, scheme);
      await page.screenshot({ path: path.join(ARTIFACTS, `engine-loading-${w}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await showScheme(page, 'light');
  release();
  await page.waitForFunction(() => document.body.dataset.engine === 'full' && document.body.dataset.train === 'done');
  assert.equal(await note.isHidden(), true);
  assert.equal(await page.locator('#train-error').isHidden(), true, await page.locator('#train-error').textContent());
  await page.waitForFunction((n) => document.querySelectorAll('#series option').length === n + 1, runs);
  await page.unroute(FULL_WASM);
  assert.deepEqual(pageErrors, []);
});

test('a file opened before the move is read once, by the full module', { timeout: TIMEOUT }, async () => {
  const release = await holdFullModule();
  await page.goto(`${server.url}?nosw`);
  await firstView();
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', path.join(ROOT, 'data/breast_cancer.csv'));
  await page.waitForFunction(() => document.body.dataset.engine === 'loading');
  release();
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'loaded');
  assert.equal(await page.evaluate(() => document.body.dataset.engine), 'full');
  assert.match(await page.locator('#status').textContent(), /breast_cancer\.csv/);
  await page.unroute(FULL_WASM);
  assert.deepEqual(pageErrors, []);
});
