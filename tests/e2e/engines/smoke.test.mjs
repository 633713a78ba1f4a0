// The page's smoke suite in Firefox and WebKit (the full suite runs in
// Chromium), each against two servers: one sending the headers
// scripts/serve.sh sends (read from that file, so they cannot drift:
// COOP/COEP make the page cross-origin isolated) and a plain static server
// (no isolation, no shared cancel flag). In each: the demo trains by itself;
// its charts are painted (their pixels, not just the absence of errors);
// hover reads out a point; a resize repaints; Export gives a painted 2× PNG
// and an SVG that parses;
// a run is cancelled and the page trains again; a dropped file is read; an
// uploaded CSV trains; its model, saved, scores a file in the Score tab;
// Compare, Explore (charts and a two-worker grid search) and Transfer (two
// uploaded files) run on small generated files; the library example runs;
// nothing threw and no error shows. An old browser (one without SIMD and
// module workers, faked) gets www/boot.js's sentence. A screenshot of each
// tab goes to tests/e2e/artifacts/engines/<engine>-<server>-<tab>.png.
// Run: node --test tests/e2e/engines/  (after scripts/build.sh; engines from
// scripts/setup.sh). E2E_ENGINES=firefox (or webkit) runs one engine.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from '../server.mjs';
import { decodePng, crop, painted } from './png.mjs';
import * as firefox from './firefox.mjs';
import * as webkit from './webkit.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts/engines');
const TIMEOUT = 240_000;
const ENGINES = { firefox, webkit };
const wanted = (process.env.E2E_ENGINES ?? 'firefox,webkit').split(',').filter(Boolean);

/** The headers scripts/serve.sh sends, read from its `send_header` lines. */
function serveShHeaders() {
  const text = fs.readFileSync(path.join(ROOT, 'scripts/serve.sh'), 'utf8');
  const headers = Object.fromEntries([...text.matchAll(/send_header\(\s*"([^"]+)",\s*"([^"]+)"\s*\)/g)].map((m) => [m[1], m[2]]));
  assert.ok(headers['Cross-Origin-Embedder-Policy'], 'scripts/serve.sh no longer sends COEP: update this suite');
  return headers;
}

const SERVERS = [
  { name: 'serve.sh', headers: serveShHeaders(), isolated: true },
  { name: 'plain', headers: {}, isolated: false },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A CSV with a learnable rare class: `n` rows, `y` = 1 for about 10 % of
 * them, far more often when x1 > 7; a noise column and a category. `shift`
 * moves x1 (a second population for Transfer). Generated (a fixed LCG), not
 * a bundled file.
 */
function rareCsv({ n = 600, seed = 12345, shift = 0 } = {}) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = ['x1,x2,kind,y'];
  for (let i = 0; i < n; i++) {
    const x1 = rand() * 10 + shift, x2 = rand();
    const y = rand() < 0.02 + 0.25 * (x1 - shift > 7 ? 1 : 0) + 0.05 * ((x1 - shift) / 10) ? 1 : 0;
    rows.push(`${x1.toFixed(3)},${x2.toFixed(3)},${['a', 'b', 'c'][i % 3]},${y}`);
  }
  return `${rows.join('\n')}\n`;
}

for (const engineName of wanted) {
  const engine = ENGINES[engineName];
  if (!engine) throw new Error(`E2E_ENGINES: unknown engine ${engineName} (firefox, webkit)`);

  for (const srv of SERVERS.filter((s) => !process.env.E2E_SERVERS || process.env.E2E_SERVERS.split(',').includes(s.name))) {
    describe(`${engineName} · ${srv.name} server`, { timeout: TIMEOUT * 6 }, () => {
      let server, page;
      const shotName = (what) => path.join(ARTIFACTS, `${engineName}-${srv.name.replace('.sh', '')}-${what}.png`);

      before(async () => {
        assert.ok(engine.available(), `${engineName} is not installed: run scripts/setup.sh`);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        server = await serve(ROOT, {
          headers: srv.headers,
          beforeScripts: '<script src="tests/e2e/engines/record_errors.js"></script>',
        });
        page = await engine.launch({ width: 1280, height: 900 });
      });

      after(async () => {
        await page?.close();
        await server?.close();
      });

      /** Polls `fn(arg)` in the page until it is truthy; fails with the page's state. */
      async function waitFor(fn, arg = null, what = String(fn), timeout = TIMEOUT / 2) {
        const end = Date.now() + timeout;
        for (;;) {
          const v = await page.evaluate(fn, arg);
          if (v) return v;
          if (Date.now() > end) {
            const st = await page.evaluate(() => JSON.stringify({
              ...document.body.dataset, errors: window.__pageErrors,
              shown: [...document.querySelectorAll('.error')].filter((e) => !e.hidden && e.textContent.trim()).map((e) => e.textContent),
            }));
            throw new Error(`timed out waiting for ${what}; page: ${st}`);
          }
          await sleep(150);
        }
      }

      const body = (key) => page.evaluate((k) => document.body.dataset[k] ?? null, key);
      const click = (sel) => page.evaluate((s) => { document.querySelector(s).click(); }, sel);
      /** Sets a field's value as a person would (input + change events). */
      const setValue = (sel, value) => page.evaluate(([s, v]) => {
        const e = document.querySelector(s);
        e.value = v;
        e.dispatchEvent(new Event('input', { bubbles: true }));
        e.dispatchEvent(new Event('change', { bubbles: true }));
      }, [sel, value]);
      /** Hands `text` to a file input as file `name`, as a file picker does. */
      const pickFile = (sel, name, text, type) => page.evaluate(([s, n, t, ty]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], n, { type: ty }));
        const input = document.querySelector(s);
        input.files = dt.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, [sel, name, text, type]);

      /** Asserts the element (a chart's canvas) shows a drawn chart, from a screenshot of it. */
      /** `sel` is a selector, or [host, selector] for a canvas in host's shadow root. */
      async function assertPainted(sel) {
        // WebKit shows a worker-painted canvas once it is in view and a frame
        // has been drawn: scroll to it and let two frames pass first.
        // (Cropped from a viewport screenshot: WebKit's element screenshots
        // were sometimes of the wrong place.)
        const t0 = Date.now();
        let p;
        for (let i = 0; i < 20; i++) {
          const rect = await page.evaluate(async (s) => {
            const e = Array.isArray(s) ? document.querySelector(s[0]).shadowRoot.querySelector(s[1]) : document.querySelector(s);
            e.scrollIntoView({ block: 'center' });
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            const r = e.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height, dpr: devicePixelRatio };
          }, sel);
          await sleep(250);
          const image = decodePng(await page.screenshot());
          const k = image.width / (await page.evaluate(() => innerWidth));
          p = painted(crop(image, { x: rect.x * k, y: rect.y * k, width: rect.width * k, height: rect.height * k }));
          if (p.share > 0.01 && p.colours >= 3) break;
        }
        if (process.env.E2E_DEBUG) console.log(`DEBUG ${engineName} ${srv.name} ${sel} ${Date.now() - t0} ms ${JSON.stringify(p)}`);
        if (!(p.share > 0.01 && p.colours >= 3)) await page.screenshot(shotName(`FAILED-${String(sel).replace(/[^a-z0-9-]+/gi, '_')}`));
        assert.ok(p.width > 100 && p.height > 80, `${sel}: ${JSON.stringify(p)}`);
        // A blank canvas shows the page's background only (share 0, one colour);
        // a chart has axes, labels and curves in several colours.
        assert.ok(p.share > 0.01 && p.colours >= 3, `${sel} is not painted: ${JSON.stringify(p)}`);
        return p;
      }

      async function noErrors() {
        const shown = await page.evaluate(() => [...document.querySelectorAll('.error')]
          .filter((e) => !e.hidden && e.textContent.trim()).map((e) => `${e.id}: ${e.textContent}`));
        assert.deepEqual(shown, []);
        assert.deepEqual(await page.evaluate(() => window.__pageErrors), []);
        assert.deepEqual(page.errors ?? [], []);
      }

      /**
       * Waits for a finished Train-tab run and the view the page asks for
       * after it (`view`: the page's view counter before the run started).
       */
      async function trained(view) {
        await waitFor((v) => document.body.dataset.train === 'done' && !document.querySelector('#results-body').hidden
          && document.body.dataset.view !== undefined && document.body.dataset.view !== v
          && document.querySelector('#cm-line').dataset.tp !== undefined, view, 'a trained run');
        await sleep(200);
      }

      const cards = () => page.evaluate(() => Object.fromEntries(
        [...document.querySelectorAll('#cards .card')].map((c) => [c.dataset.metric, Number(c.dataset.value)])));

      /** Records downloads (Blob URLs clicked through a download link) instead of saving them. */
      const catchDownloads = () => page.evaluate(() => {
        if (window.__downloads) return;
        window.__downloads = [];
        const blobs = new Map();
        const create = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (b) => { const u = create(b); blobs.set(u, b); return u; };
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          if (this.download && blobs.has(this.href)) { window.__downloads.push({ name: this.download, blob: blobs.get(this.href) }); return; }
          click.call(this);
        };
      });
      /** The last download as {name, type, size, text | base64}. */
      const lastDownload = () => page.evaluate(async () => {
        const d = window.__downloads.at(-1);
        if (!d) return null;
        const bytes = new Uint8Array(await d.blob.arrayBuffer());
        let bin = '';
        for (const b of bytes) bin += String.fromCharCode(b);
        return { name: d.name, type: d.blob.type, size: bytes.length, base64: btoa(bin) };
      });
      const downloads = () => page.evaluate(() => window.__downloads.length);

      async function tabShot(tab) {
        await page.evaluate(async () => {
          window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        });
        await sleep(400);
        await page.screenshot(shotName(tab));
      }

      test('the demo trains by itself and its charts are painted', { timeout: TIMEOUT }, async (t) => {
        await page.goto(server.url);
        await trained(null);
        assert.equal(await page.evaluate(() => self.crossOriginIsolated), srv.isolated);
        // The service worker (sw.js) settles either way: 'ready' (stored for
        // offline) or 'off' (refused, as WebKit's automation may): the page
        // works online regardless, as the tests below show.
        const sw = await waitFor(() => document.documentElement.dataset.sw, null, 'the service worker settled');
        assert.ok(['ready', 'off'].includes(sw), sw);
        if (engineName === 'firefox') assert.equal(sw, 'ready');
        t.diagnostic(`${engineName}: service worker ${sw}`);
        const c = await cards();
        assert.ok(c.roc_auc > 0.6 && c.roc_auc < 1, `ROC-AUC ${c.roc_auc}`);
        for (const id of ['roc', 'pr', 'confusion', 'scores', 'threshold', 'ks']) await assertPainted(`#chart-${id} canvas`);
        await assertPainted('#chart-history canvas');
        await tabShot('train');
        await noErrors();
      });

      test('hover reads out a point; a resize repaints; Export gives a painted 2× PNG and an SVG', { timeout: TIMEOUT }, async () => {
        // Sweep the ROC chart from its top (where the curve ends at (1, 1)).
        const text = await page.evaluate(async () => {
          const canvas = document.querySelector('#chart-roc canvas');
          canvas.scrollIntoView({ block: 'center' });
          const tip = document.querySelector('#tooltip');
          const r = canvas.getBoundingClientRect();
          for (let y = 8; y < r.height; y += 12) {
            for (let x = 8; x < r.width; x += 12) {
              canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: r.left + x, clientY: r.top + y, bubbles: true }));
              await new Promise((done) => setTimeout(done, 25));
              if (!tip.hidden && tip.textContent) {
                canvas.dispatchEvent(new PointerEvent('pointerleave'));
                return tip.textContent;
              }
            }
          }
          return '';
        });
        assert.match(text, /AUC 0\.\d{3}: FPR [\d.]+, TPR [\d.]+, threshold /);

        const before = await page.evaluate(() => document.querySelector('#chart-roc canvas').getBoundingClientRect().width);
        const view = await body('view');
        await page.setViewport(900, 900);
        await waitFor((w) => Math.abs(document.querySelector('#chart-roc canvas').getBoundingClientRect().width - w) > 20, before, 'a resized chart');
        await waitFor((v) => document.body.dataset.view !== v, view, 'a new view');
        await sleep(300);
        await assertPainted('#chart-roc canvas');
        // Back to the wide layout, and its view painted: an export repaints the chart as last painted.
        const narrow = await page.evaluate(() => document.querySelector('#chart-roc canvas').getBoundingClientRect().width);
        const narrowView = await body('view');
        await page.setViewport(1280, 900);
        await waitFor((w) => Math.abs(document.querySelector('#chart-roc canvas').getBoundingClientRect().width - w) > 20, narrow, 'the chart wide again');
        await waitFor((v) => document.body.dataset.view !== v, narrowView, 'the wide view');
        await sleep(300);

        await catchDownloads();
        const n = await downloads();
        await click('#chart-roc [data-export=png][data-scale="2"]');
        await waitFor((k) => window.__downloads.length > k, n, 'the PNG download');
        const png = await lastDownload();
        assert.equal(png.name, 'rareclass-roc.png');
        assert.equal(png.type, 'image/png');
        const image = decodePng(Buffer.from(png.base64, 'base64'));
        const p = painted(image);
        assert.ok(p.share > 0.01 && p.colours >= 3, `downloaded PNG is not painted: ${JSON.stringify(p)}`);
        // Twice the chart's CSS size, whatever the screen's pixel ratio (www/export.js).
        const cssWidth = await page.evaluate(() => Math.round(document.querySelector('#chart-roc canvas').getBoundingClientRect().width));
        assert.equal(image.width, 2 * cssWidth);
        // The SVG export parses in this engine and names the chart.
        await click('#chart-roc [data-export=svg]');
        await waitFor((k) => window.__downloads.length > k, n + 1, 'the SVG download');
        const svg = await lastDownload();
        assert.equal(svg.name, 'rareclass-roc.svg');
        const parsed = await page.evaluate((b64) => {
          const doc = new DOMParser().parseFromString(atob(b64), 'image/svg+xml');
          return { error: doc.querySelector('parsererror')?.textContent ?? null, texts: [...doc.querySelectorAll('text')].length };
        }, svg.base64);
        assert.equal(parsed.error, null);
        assert.ok(parsed.texts > 5, `${parsed.texts} texts`);
        await noErrors();
      });

      test('a run is cancelled and the page trains again', { timeout: TIMEOUT }, async () => {
        // Clicked in one go: the run is stopped before it can finish, by the
        // shared flag when isolated and by restarting the worker otherwise.
        const sharedFlag = await page.evaluate(() => self.crossOriginIsolated && typeof SharedArrayBuffer === 'function');
        // Firefox shares memory once isolated; WebKitGTK 2.50 is isolated but
        // has no SharedArrayBuffer, so it cancels by restarting, as without headers.
        if (engineName === 'firefox') assert.equal(sharedFlag, srv.isolated);
        // A restarted worker reads the file again and says so.
        if (!sharedFlag) await page.evaluate(() => { delete document.body.dataset.state; });
        // Cancel as the run begins: at once, or (when Train first waits for
        // the model spec, data-train "starting") from a mutation observer a
        // microtask after data-train turns "running", before the worker can
        // answer. A Cancel while "starting" stops nothing that ran.
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
        await waitFor(() => document.body.dataset.train === 'cancelled', null, 'cancelled');
        await waitFor(() => document.body.dataset.state === 'loaded', null, 'the file, read again');
        const view = await body('view');
        await click('#train');
        await trained(view);
        assert.ok(Number.isFinite((await cards()).roc_auc));
        await assertPainted('#chart-roc canvas');
        await noErrors();
      });

      test('a dropped CSV is read, and an uploaded CSV trains', { timeout: TIMEOUT }, async () => {
        await page.evaluate(() => { delete document.body.dataset.state; });
        await page.evaluate((text) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
          for (const type of ['dragenter', 'dragover', 'drop']) {
            document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
          }
        }, 'h1,h2\n1,a\n2,b\n3,a\n');
        await waitFor(() => document.body.dataset.state === 'loaded', null, 'dropped.csv read');
        assert.equal(await page.evaluate(() => document.querySelector('#summary-line').dataset.rows), '3');

        await page.evaluate(() => { delete document.body.dataset.state; });
        await pickFile('#file', 'rare.csv', rareCsv(), 'text/csv');
        await waitFor(() => document.body.dataset.state === 'loaded', null, 'rare.csv read');
        assert.equal(await page.evaluate(() => document.querySelector('#summary-line').dataset.rows), '600');
        await setValue('#label-col', 'y');
        await waitFor(() => [...document.querySelector('#positive').options].some((o) => o.value === '1'), null, 'positive class 1');
        await setValue('#positive', '1');
        const view = await body('view');
        await click('#train');
        await trained(view);
        const c = await cards();
        // x1 > 7 carries most positives: well above chance.
        assert.ok(c.roc_auc > 0.7, `ROC-AUC ${c.roc_auc}`);
        await assertPainted('#chart-pr canvas');
        await noErrors();
        // rare.csv stays loaded: the tabs below work on it (small, so quick).
      });

      test('a saved model scores a file', { timeout: TIMEOUT }, async () => {
        await catchDownloads();
        const n = await downloads();
        await click('#save-model');
        await waitFor((k) => window.__downloads.length > k, n, 'the model download');
        const model = await lastDownload();
        assert.match(model.name, /\.model\.json$/);
        const json = Buffer.from(model.base64, 'base64').toString('utf8');
        assert.ok(JSON.parse(json).name, 'a model file with a name');
        await click('#tab-score');
        await page.evaluate(() => { delete document.body.dataset.model; delete document.body.dataset.score; delete document.body.dataset.scoreView; });
        await pickFile('#model-file', model.name, json, 'application/json');
        await waitFor(() => document.body.dataset.model === 'ready', null, 'the model read');
        // The model was trained on rare.csv's columns: score that file.
        await pickFile('#score-file', 'rare.csv', rareCsv(), 'text/csv');
        await waitFor(() => document.body.dataset.score === 'done' && document.body.dataset.scoreView === 'done', null, 'scored');
        await assertPainted('#chart-score-roc canvas');
        await tabShot('score');
        await noErrors();
      });

      test('Compare trains its models and draws them', { timeout: TIMEOUT }, async () => {
        await click('#tab-compare');
        await setValue('#cmp-epochs', '3');
        await click('#cmp-train');
        await waitFor(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.compare), null, 'compare done', TIMEOUT);
        assert.equal(await body('compare'), 'done');
        await waitFor(() => document.body.dataset.compareView !== undefined, null, 'the compare view');
        await sleep(300);
        await assertPainted('#cmp-charts canvas');
        await tabShot('compare');
        await noErrors();
      });

      test('Explore draws its charts and runs a two-worker grid search', { timeout: TIMEOUT }, async () => {
        await click('#tab-explore');
        await waitFor(() => document.body.dataset.explore === 'ready' && document.body.dataset.exploreView !== undefined, null, 'explore ready');
        await sleep(500);
        await assertPainted('#chart-explore-hist canvas');
        await tabShot('explore');
        await setValue('#grid-folds', '3');
        await setValue('#grid-workers', '2');
        await page.evaluate(() => {
          const v = document.querySelector('#grid-rows .grid-values');
          v.value = '0.1, 1';
          v.dispatchEvent(new Event('input', { bubbles: true }));
        });
        await click('#grid-run');
        await waitFor(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.grid), null, 'grid done', TIMEOUT);
        assert.equal(await body('grid'), 'done');
        assert.equal(await body('gridWorkers'), '2');
        await waitFor(() => document.body.dataset.gridRoc === 'painted', null, 'the grid ROC');
        await assertPainted('#chart-grid-roc canvas');
        await noErrors();
      });

      test('Transfer runs on two uploaded files and draws its charts', { timeout: TIMEOUT }, async () => {
        await click('#tab-transfer');
        await pickFile('#tr-file-source', 'source.csv', rareCsv({ n: 500, seed: 7 }), 'text/csv');
        await pickFile('#tr-file-target', 'target.csv', rareCsv({ n: 500, seed: 99, shift: 1.5 }), 'text/csv');
        await waitFor(() => document.body.dataset.transfer === 'ready', null, 'transfer files read');
        assert.equal(await page.evaluate(() => document.querySelector('#tr-label').value), 'y');
        await setValue('#tr-positive', '1');
        await setValue('#tr-steps', '40');
        await click('#tr-run');
        await waitFor(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.transfer), null, 'transfer done', TIMEOUT);
        assert.equal(await body('transfer'), 'done');
        await sleep(300);
        for (const id of ['history', 'roc', 'after']) await assertPainted(`#tr-chart-${id} canvas`);
        await tabShot('transfer');
        await noErrors();
      });

      test('the library example page trains and scores', { timeout: TIMEOUT }, async () => {
        await page.goto(`${server.url}www/examples/`);
        await waitFor(() => document.body.dataset.done || document.body.dataset.error, null, 'the example');
        assert.equal(await body('error'), null);
        const done = JSON.parse(await body('done'));
        assert.equal(done.rows, 9857);
        assert.ok(done.auc > 0.6 && done.auc < 1, JSON.stringify(done));
        await tabShot('example');
      });

      test('the <rareclass-demo> example: two elements train and paint, a slider moves only its own counts', { timeout: TIMEOUT }, async () => {
        await page.goto(`${server.url}www/examples/embed.html`);
        const states = () => page.evaluate(() => [...document.querySelectorAll('rareclass-demo')]
          .map((e) => ({ id: e.id, state: e.dataset.state, view: e.dataset.view, error: e.dataset.error })));
        await waitFor(() => [...document.querySelectorAll('rareclass-demo')]
          .every((e) => e.dataset.state === 'error' || (e.dataset.state === 'ready' && e.dataset.view)), null, 'both elements drawn');
        for (const st of await states()) assert.equal(st.state, 'ready', JSON.stringify(st));
        for (const id of ['loans', 'cancer']) {
          for (const chart of ['roc', 'pr', 'confusion']) await assertPainted([`#${id}`, `figure.${chart} canvas`]);
        }
        const cm = (id) => page.evaluate((i) => ({ ...document.querySelector(`#${i}`).shadowRoot.querySelector('.cm').dataset }), id);
        const loans = await cm('loans');
        const cancer = await cm('cancer');
        await page.evaluate(() => {
          const input = document.querySelector('#loans').shadowRoot.querySelector('input[type=range]');
          input.value = '0';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
        await waitFor(() => document.querySelector('#loans').shadowRoot.querySelector('.cm').dataset.threshold === '0', null, 'the slider\'s view');
        const moved = await cm('loans');
        // Threshold 0 predicts every row positive: no TN, no FN.
        assert.deepEqual([moved.tn, moved.fn], ['0', '0']);
        assert.notEqual(moved.fp, loans.fp);
        assert.deepEqual(await cm('cancer'), cancer);
        await tabShot('embed');
      });
    });
  }

  describe(`${engineName} · an old browser`, { timeout: TIMEOUT }, () => {
    let server, page;
    before(async () => {
      server = await serve(ROOT, {
        headers: {},
        beforeScripts: '<script src="tests/e2e/engines/record_errors.js"></script>\n  <script src="tests/e2e/engines/old_browser.js"></script>',
      });
      page = await engine.launch({ width: 1280, height: 900 });
    });
    after(async () => {
      await page?.close();
      await server?.close();
    });

    test('gets a sentence naming what it lacks, and nothing starts', { timeout: TIMEOUT }, async () => {
      await page.goto(server.url);
      await sleep(1500);
      const seen = await page.evaluate(() => ({
        marked: document.documentElement.dataset.unsupported,
        text: document.querySelector('.unsupported')?.textContent ?? '',
        tabsShown: document.querySelector('#tabs').getClientRects().length > 0,
        errors: window.__pageErrors,
      }));
      assert.equal(seen.marked, 'simd worker');
      assert.match(seen.text, /cannot run in this browser/);
      assert.match(seen.text, /WebAssembly SIMD/);
      assert.match(seen.text, /module workers/);
      assert.doesNotMatch(seen.text, /JavaScript modules|OffscreenCanvas/);
      assert.match(seen.text, /Firefox \(114 or later\).*Safari \(16\.4 or later\)/);
      assert.equal(seen.tabsShown, false);
      assert.deepEqual(seen.errors, []);
      // No engine was started: neither the wasm nor the demo was asked for.
      assert.ok(!server.requests.some((u) => u.includes('.wasm') || u.includes('lending_club')), server.requests.join(' '));
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot(path.join(ARTIFACTS, `${engineName}-old-browser.png`));
    });
  });
}
