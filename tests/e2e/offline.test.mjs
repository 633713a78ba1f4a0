// End-to-end tests of a page served statically, in headless Chromium:
// opened from disk (file://) it says what to run instead of showing an
// empty skeleton; served from a sub-path, its service worker (scoped to that
// folder) stores the page, the wasm, the modules and the demo data, so with
// the network gone (offline, and the server stopped) a reload still loads
// and trains the demo; and from a plain
// static server without the cross-origin isolation headers (no shared
// cancel flag), a cancelled run keeps the results shown before it.
// The Transfer tab likewise brings back its earlier results after a
// cancel, with the shared flag (the worker still holds that run) and
// without (a restarted worker runs it again from the same files and seed).
// Screenshots go to tests/e2e/artifacts/offline-*.png.
// Run: node --test tests/e2e/offline.test.mjs  (after scripts/build.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from './server.mjs';
import { launch } from './browser.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const TIMEOUT = 180_000;
fs.mkdirSync(ARTIFACTS, { recursive: true });

/** A fresh browser and page; every uncaught page error lands in `errors`. */
async function open(errors) {
  const browser = await launch();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { browser, page };
}

async function trained(page) {
  await page.waitForFunction(() => document.body.dataset.train === 'done' && !document.querySelector('#results-body').hidden
    && document.querySelector('#cm-line').dataset.tp !== undefined && document.querySelector('#cards .card'));
  await page.waitForTimeout(150);
}

const cards = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('#cards .card')].map((c) => [c.dataset.metric, Number(c.dataset.value)]),
));

test('opened from disk, the page says what to run to serve it', { timeout: TIMEOUT }, async () => {
  const errors = [];
  const { browser, page } = await open(errors);
  try {
    await page.goto(`file://${path.join(ROOT, 'index.html')}`);
    const box = page.locator('#served-from-file');
    await box.waitFor();
    const text = await box.textContent();
    assert.match(text, /file:\/\//);
    assert.match(text, /bash scripts\/serve\.sh/);
    assert.match(text, /application\/wasm/);
    assert.equal(await page.locator('#panel-train').isVisible(), false, 'no empty tools under the message');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.unsupported), 'file');
    for (const [width, height] of [[390, 844], [1440, 900]]) {
      for (const scheme of ['light', 'dark']) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        // The message fits: no horizontal scroll at a phone's width.
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `page wider than ${width}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `offline-file-url-${width}-${scheme}.png`) });
      }
    }
  } finally {
    await browser.close();
  }
});

test('after one visit, the page loads and trains the demo offline (served from a sub-path)', { timeout: TIMEOUT }, async () => {
  const errors = [];
  // In a folder of a larger site: the worker's scope is that folder.
  const server = await serve(ROOT, { prefix: '/tools/rareclass/' });
  const { browser, page } = await open(errors);
  try {
    await page.goto(server.url);
    await trained(page);
    const online = await cards(page);
    // The worker has stored this build's files once it is active.
    await page.waitForFunction(() => document.documentElement.dataset.sw === 'ready');
    const stored = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('rareclass-')));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    // Both modules: the page starts on the first-view one and moves to the full one (www/engine_client.js).
    for (const f of ['', 'pkg/rareclass_bg.wasm', 'pkg/rareclass.js', 'pkg/first/rareclass_bg.wasm', 'pkg/first/rareclass.js', 'www/app.js', 'www/worker.js', 'data/lending_club.csv']) {
      assert.ok(stored.includes(`/tools/rareclass/${f}`), `${f} not stored: ${stored.join(' ')}`);
    }
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), server.url);
    // No network at all: the browser is offline and the server is gone.
    await browser.context.setOffline(true);
    await server.close();
    await page.reload();
    await trained(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
    assert.equal(await page.locator('#summary-line').getAttribute('data-rows'), '9857');
    assert.deepEqual(await cards(page), online, 'the same run as online (same seed, same data)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-reloaded.png') });
    // Offline too, the full module takes over after the first view.
    await page.waitForFunction(() => document.body.dataset.engine === 'full');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close().catch(() => {});
  }
});

test('without cross-origin isolation, a cancelled run keeps the earlier results', { timeout: TIMEOUT }, async () => {
  const errors = [];
  // A plain static server: no COOP/COEP, so no SharedArrayBuffer and no shared cancel flag.
  const server = await serve(ROOT, { headers: {} });
  const { browser, page } = await open(errors);
  try {
    await page.goto(`${server.url}?nosw`);
    await trained(page);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    const before = await cards(page);
    const run = await page.locator('#results-body').getAttribute('data-run');
    // A slower model, cancelled at once: the worker is stopped and replaced.
    await page.locator('#model-kind').selectOption('forest');
    // Cancel as the run begins: at once, or from a mutation observer a
    // microtask after data-train turns "running" (Train may first wait for
    // the model spec, and a Cancel then stops nothing that ran).
    await page.evaluate(() => {
      const cancelIfRunning = () => {
        if (document.body.dataset.train !== 'running') return false;
        document.querySelector('#cancel').click();
        return true;
      };
      document.querySelector('#train').click();
      if (cancelIfRunning()) return;
      const watch = new MutationObserver(() => { if (cancelIfRunning()) watch.disconnect(); });
      watch.observe(document.body, { attributes: true, attributeFilter: ['data-train'] });
    });
    await page.waitForFunction(() => document.body.dataset.train === 'cancelled');
    // The results shown before the cancel are still (or again) the ones shown.
    await page.waitForFunction(() => !document.querySelector('#results-body').hidden && document.querySelector('#cards .card')
      && !document.querySelector('#train').disabled);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#results-body').getAttribute('data-run'), run);
    assert.deepEqual(await cards(page), before);
    // Re-read and replayed by the new worker (www/train.js, restoreRuns): the page says so.
    assert.match(await page.locator('#train-status').textContent(), /restored/i);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-cancel-kept.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

for (const { name, headers } of [
  { name: 'without cross-origin isolation (the worker is restarted)', headers: {} },
  { name: 'with the shared cancel flag', headers: undefined },
]) {
  test(`Transfer: a cancelled run brings back the earlier results, ${name}`, { timeout: TIMEOUT }, async () => {
    const errors = [];
    const server = await serve(ROOT, headers ? { headers } : {});
    const { browser, page } = await open(errors);
    try {
      await page.goto(`${server.url}?nosw`);
      await page.click('#tab-transfer');
      await page.click('#tr-demo');
      await page.waitForFunction(() => document.body.dataset.transfer === 'ready');
      await page.fill('#tr-positive', 'bad');
      await page.fill('#tr-steps', '40');
      await page.click('#tr-run');
      await page.waitForFunction(() => document.body.dataset.transfer === 'done');
      const table = () => page.$$eval('#tr-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, -1).map((c) => c.textContent)));
      const before = await table();
      const verdict = await page.textContent('#tr-verdict');
      // A longer run, cancelled while it trains.
      await page.fill('#tr-steps', '3000');
      await page.click('#tr-run');
      await page.waitForFunction(() => document.querySelector('#tr-status').textContent.includes('step'));
      await page.click('#tr-cancel');
      await page.waitForFunction(() => document.body.dataset.transfer === 'done' && !document.querySelector('#tr-results').hidden);
      // The same models and numbers (fit seconds aside: the last column), the same verdict.
      assert.deepEqual(await table(), before);
      assert.equal(await page.textContent('#tr-verdict'), verdict);
      assert.match(await page.textContent('#tr-status'), /cancel/i);
      assert.equal(await page.isVisible('#tr-error'), false, await page.textContent('#tr-error'));
      await page.locator('#tr-chart-roc').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `offline-transfer-cancel-${headers ? 'plain' : 'isolated'}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
