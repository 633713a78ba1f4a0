// End-to-end tests of the Compare tab and the Train tab's model picker in
// headless Chromium: the tutorial's set (three networks) trains on the demo
// data in one click, the table has one row per model and one highlighted
// winner per column, the overlaid ROC / PR and history charts are painted
// (not blank), each model's confusion matrix follows its own threshold,
// cancel works mid-run, seven models show their test curves only until the
// training curves are asked for, each model's curves hide and come back by
// keyboard, the charts are saved as readers with deuteranopia, protanopia
// or a greyscale print see them (Machado 2009), and the Train tab trains a
// network with every imbalance technique and every loss. With two workers
// (the engine and a pool worker; `?compare-workers=`, `?train-workers=`)
// the Compare table and a Train-tab forest are the same as with one, and a
// page that cannot start a pool worker (`?nopool`) trains both on the engine.
// Screenshots go to tests/e2e/artifacts/.
// Run: node --test tests/e2e/compare.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { openPage, showScheme, fullEngine } from './open_page.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const TIMEOUT = 180_000;

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors, viewport: { width: 1400, height: 1000 } }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const state = (k) => page.evaluate((key) => document.body.dataset[key] ?? null, k);

/** Distinct colours in a PNG of an element (decoded by the page itself). */
async function colours(locator) {
  const png = await locator.screenshot();
  return page.evaluate(async (bytes) => {
    const bmp = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 16) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, [...png]);
}

async function trainedOnTrainTab() {
  await page.waitForFunction(() => ['done', 'train-error'].includes(document.body.dataset.train));
  assert.equal(await state('train'), 'done', await page.locator('#train-error').textContent());
  // After the move to the full module, which replaces every chart canvas.
  await fullEngine(page);
}

test('the demo loads and the Compare tab trains the tutorial set', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await trainedOnTrainTab();
  await page.locator('#tab-compare').click();
  assert.equal(await page.locator('#panel-compare').isVisible(), true);
  await page.locator('#cmp-epochs').fill('8');
  const t0 = Date.now();
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => document.body.dataset.compare === 'running');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await state('compare'), 'done', await page.locator('#cmp-error').textContent());
  console.log(`# 3 networks × 8 epochs trained in ${Date.now() - t0} ms`);
  await page.waitForFunction(() => document.body.dataset.compareView !== undefined);
  await page.waitForTimeout(300);
  // One row per model, named as the tutorial's set.
  const rows = await page.locator('#cmp-table tbody tr').count();
  assert.equal(rows, 3);
  const names = await page.locator('#cmp-table tbody th').evaluateAll((ths) => ths.map((th) => th.dataset.name));
  assert.deepEqual(names, ['baseline', 'class-weighted', 'oversampled (50/50)']);
  // Table swatches in the charts' colours (Okabe–Ito blue, orange, bluish green).
  const swatches = await page.locator('#cmp-table tbody .swatch').evaluateAll((s) => s.map((x) => getComputedStyle(x).backgroundColor));
  assert.deepEqual(swatches, ['rgb(0, 114, 178)', 'rgb(230, 159, 0)', 'rgb(0, 158, 115)']);
  // At most one highlighted cell per metric column (none where every model
  // ties), and none of a threshold column in the row of a model that flags
  // nobody (or everybody) at its threshold.
  const cols = await page.evaluate(() => {
    const out = {};
    for (const td of document.querySelectorAll('#cmp-table td[data-column]')) {
      const c = (out[td.dataset.column] ??= { win: 0, values: new Set(), oneClassWins: 0 });
      c.values.add(td.textContent);
      if (td.classList.contains('win')) {
        c.win++;
        if (td.parentElement.dataset.oneClass === 'true') c.oneClassWins++;
      }
    }
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { win: v.win, distinct: v.values.size, oneClassWins: v.oneClassWins }]));
  });
  assert.deepEqual(Object.keys(cols), ['tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'roc_auc', 'pr_auc', 'ks', 'f1']);
  for (const [k, v] of Object.entries(cols)) {
    assert.ok(v.win <= 1 && (v.distinct > 1 || v.win === 0), `${k}: ${JSON.stringify(v)}`);
    if (!['roc_auc', 'pr_auc', 'ks'].includes(k)) assert.equal(v.oneClassWins, 0, `${k}: ${JSON.stringify(v)}`);
  }
  // On 5.2 % positives the models are ranked by PR-AUC, and the page says so.
  assert.match(await page.locator('#cmp-ranked').textContent(), /PR-AUC/);
  assert.equal(await page.locator('#cmp-table tbody tr[data-best="true"]').count(), 1);
  // Charts painted: many colours (curves in three palette colours, text).
  for (const id of ['cmp-roc', 'cmp-pr', 'cmp-history', 'cmp-cm-0', 'cmp-cm-1', 'cmp-cm-2']) {
    const canvas = page.locator(`#chart-${id} canvas`);
    const box = await canvas.boundingBox();
    assert.ok(box.width > 150 && box.height > 150, `${id}: ${JSON.stringify(box)}`);
    const n = await colours(canvas);
    assert.ok(n > 20, `${id}: only ${n} colours, blank?`);
    await canvas.screenshot({ path: path.join(ARTIFACTS, `compare-${id}-light.png`) });
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-light.png'), fullPage: true });
  // A model's own threshold changes its confusion matrix and its table row only.
  const before = await page.locator('#cmp-table tbody tr').nth(0).textContent();
  const other = await page.locator('#cmp-table tbody tr').nth(1).textContent();
  const seq = await state('compareView');
  await page.locator('#cmp-t-0').fill('0.05');
  await page.locator('#cmp-t-0').dispatchEvent('change');
  await page.waitForFunction((s) => document.body.dataset.compareView !== s, seq);
  assert.notEqual(await page.locator('#cmp-table tbody tr').nth(0).textContent(), before);
  assert.equal(await page.locator('#cmp-table tbody tr').nth(1).textContent(), other);
  // Best F1 on the validation rows sets a threshold in [0, 1].
  const seq2 = await state('compareView');
  await page.locator('#chart-cmp-cm-1 button', { hasText: 'Best F1' }).click();
  await page.waitForFunction((s) => document.body.dataset.compareView !== s, seq2);
  // The chosen threshold reaches the input once the worker answers, which
  // may be after a view the earlier threshold change asked for: wait for it.
  await page.waitForFunction(() => document.getElementById('cmp-t-1').value !== '0.5', null, { timeout: 20_000 })
    .catch(() => {});
  const t1 = Number(await page.locator('#cmp-t-1').inputValue());
  assert.ok(t1 >= 0 && t1 <= 1 && t1 !== 0.5, `best-F1 threshold ${t1}`);
  await showScheme(page, 'dark');
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual(pageErrors, []);
});

test('cancel stops the comparison mid-run and it trains again', { timeout: TIMEOUT }, async () => {
  await page.locator('#cmp-epochs').fill('100');
  await page.locator('#cmp-logistic').check();
  await page.locator('#cmp-train').click();
  // Wait until the second model is under way (one worker), or two models
  // fit side by side (the engine and a pool worker), then cancel: both stop.
  await page.waitForFunction(() => /Model 2 of 4/.test(document.querySelector('#cmp-status').textContent)
    || Number(document.body.dataset.compareRunning ?? 0) >= 2);
  await page.locator('#cmp-cancel').click();
  await page.waitForFunction(() => document.body.dataset.compare === 'cancelled');
  assert.match(await page.locator('#cmp-status').textContent(), /cancelled/i);
  assert.equal(await page.locator('#cmp-train').isEnabled(), true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-cancelled.png') });
  await page.locator('#cmp-epochs').fill('3');
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await state('compare'), 'done', await page.locator('#cmp-error').textContent());
  // The table follows once the worker answers the view the run asked for.
  await page.waitForFunction(() => document.querySelectorAll('#cmp-table tbody tr').length === 4);
  assert.equal(await page.locator('#cmp-table tbody th').nth(3).getAttribute('data-name'), 'logistic regression');
});

test('Compare also trains boosted trees when ticked, beside the networks', { timeout: TIMEOUT }, async () => {
  await page.locator('#tab-compare').click();
  await page.locator('#cmp-logistic').uncheck();
  await page.locator('#cmp-gbdt').check();
  await page.locator('#cmp-epochs').fill('3');
  // The previous test's comparison also ended 'done' with four rows: clear
  // the state first, and wait for this run's last row by its name.
  await page.evaluate(() => { delete document.body.dataset.compare; });
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await state('compare'), 'done', await page.locator('#cmp-error').textContent());
  await page.waitForFunction(() => document.querySelector('#cmp-table tbody tr:nth-child(4) th')?.dataset.name === 'boosted trees');
  const last = page.locator('#cmp-table tbody th').nth(3);
  assert.equal(await last.getAttribute('data-name'), 'boosted trees');
  // Its row carries real test metrics: boosted trees on the demo rank far
  // above chance (0.5); a spec the core did not read would have failed the run.
  const auc = Number(await page.locator('#cmp-table tbody tr').nth(3).locator('td[data-column=roc_auc]').textContent());
  console.log(`# compare boosted-trees test ROC-AUC ${auc}`);
  assert.ok(auc > 0.6 && auc < 1, `boosted trees ROC-AUC ${auc}`);
  await page.locator('#cmp-gbdt').uncheck();
  assert.deepEqual(pageErrors, []);
});

/** Opens Compare chart `id`'s Export menu and saves its CSV; resolves to the series names in it. */
async function exportedSeries(id) {
  await page.locator(`#chart-${id} .chart-export > summary`).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`#chart-${id} .chart-export [data-export=csv]`).click(),
  ]);
  const file = path.join(ARTIFACTS, `compare-toggles-${id}.csv`);
  await download.saveAs(file);
  const rows = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
  return [...new Set(rows.map((l) => /^("(?:[^"]|"")*"|[^,]*),/.exec(l)[1].replace(/^"|"$/g, '').replace(/""/g, '"')))];
}

/** Waits for the Compare view asked after `seq` to be answered and its frames drawn. */
async function viewAfter(seq) {
  await page.waitForFunction((s) => document.body.dataset.compareView !== s, seq);
  await page.waitForTimeout(250);
}

// Machado, Oliveira & Fernandes (2009) simulation matrices at severity 1.0,
// applied to linear RGB; greyscale is the linear luminance (Rec. 709 weights).
const SIMULATIONS = {
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881],
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  greyscale: [0.2126, 0.7152, 0.0722, 0.2126, 0.7152, 0.0722, 0.2126, 0.7152, 0.0722],
};

/** The PNG `png` as a reader with colour vision `matrix` sees it (a PNG, transformed by the page). */
async function simulate(png, matrix) {
  const out = await page.evaluate(async ([bytes, m]) => {
    const bmp = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const img = g.getImageData(0, 0, bmp.width, bmp.height);
    const d = img.data;
    const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const enc = (v) => {
      v = Math.min(1, Math.max(0, v));
      return Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
    };
    for (let i = 0; i < d.length; i += 4) {
      const r = lin(d[i]), gr = lin(d[i + 1]), b = lin(d[i + 2]);
      d[i] = enc(m[0] * r + m[1] * gr + m[2] * b);
      d[i + 1] = enc(m[3] * r + m[4] * gr + m[5] * b);
      d[i + 2] = enc(m[6] * r + m[7] * gr + m[8] * b);
    }
    g.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: 'image/png' });
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, [[...png], matrix]);
  return Buffer.from(out);
}

test('Compare shows test curves by default, training curves on demand, and each model toggles by keyboard', { timeout: TIMEOUT * 2 }, async () => {
  await page.locator('#tab-compare').click();
  for (const k of ['smote', 'focal', 'soft_f1', 'logistic']) await page.locator(`#cmp-${k}`).check();
  await page.locator('#cmp-gbdt').uncheck();
  await page.locator('#cmp-epochs').fill('3');
  await page.evaluate(() => { delete document.body.dataset.compare; });
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await state('compare'), 'done', await page.locator('#cmp-error').textContent());
  await page.waitForFunction(() => document.querySelectorAll('#cmp-table tbody tr').length === 7
    && document.querySelectorAll('#cmp-toggles .cmp-sample svg').length === 7);
  await page.waitForTimeout(300);
  // One checkbox per model, all on, each with its legend sample; training curves off.
  const toggles = page.locator('#cmp-toggles input[data-model]');
  const models = await toggles.evaluateAll((xs) => xs.map((x) => [x.dataset.model, x.checked]));
  assert.equal(models.length, 7);
  assert.ok(models.every(([, on]) => on), JSON.stringify(models));
  assert.equal(await page.locator('#cmp-show-train').isChecked(), false);
  const names = models.map(([n]) => n);
  // Test curves only by default: the chart's data holds one test series per model.
  assert.deepEqual(await exportedSeries('cmp-roc'), names.map((n) => `${n} (test)`));
  const roc = page.locator('#chart-cmp-roc canvas');
  const all = await roc.screenshot();

  // Keyboard: focus a model's checkbox, Space hides its curves; Space again shows them.
  const weighted = page.locator('#cmp-toggles input[data-model="class-weighted"]');
  let seq = await state('compareView');
  await weighted.focus();
  await page.keyboard.press('Space');
  await viewAfter(seq);
  assert.equal(await weighted.isChecked(), false);
  const without = await exportedSeries('cmp-roc');
  assert.deepEqual(without, names.filter((n) => n !== 'class-weighted').map((n) => `${n} (test)`));
  assert.ok(!(await exportedSeries('cmp-pr')).some((n) => n.startsWith('class-weighted')), 'PR follows the toggle');
  const hidden = await roc.screenshot();
  assert.ok(!hidden.equals(all), 'the ROC chart changed when a model was hidden');
  seq = await state('compareView');
  await weighted.focus();
  await page.keyboard.press('Space');
  await viewAfter(seq);
  assert.equal(await weighted.isChecked(), true);
  assert.deepEqual(await exportedSeries('cmp-roc'), names.map((n) => `${n} (test)`));
  assert.ok((await roc.screenshot()).equals(all), 'the same chart again once the model is back');

  // Training curves on demand (keyboard too), then off again.
  seq = await state('compareView');
  await page.locator('#cmp-show-train').focus();
  await page.keyboard.press('Space');
  await viewAfter(seq);
  const withTrain = await exportedSeries('cmp-roc');
  assert.deepEqual(withTrain.filter((n) => n.endsWith('(train)')), names.map((n) => `${n} (train)`));
  assert.ok(!(await roc.screenshot()).equals(all), 'training curves drawn');
  await roc.screenshot({ path: path.join(ARTIFACTS, 'compare-cmp-roc-with-train.png') });
  seq = await state('compareView');
  await page.locator('#cmp-show-train').uncheck();
  await viewAfter(seq);

  // The 7-model charts as readers with deuteranopia, protanopia or a
  // greyscale print see them, at 1440 and 390 wide, light and dark: saved
  // to look at (each model must still be told apart by dash and marker).
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      seq = await state('compareView');
      await page.setViewportSize({ width, height });
      await showScheme(page, scheme);
      await viewAfter(seq);
      await page.waitForTimeout(400); // a resize's view is asked 60 ms after the last change
      await page.locator('#cmp-toggles').screenshot({ path: path.join(ARTIFACTS, `compare-toggles-${width}-${scheme}.png`) });
      for (const id of ['cmp-roc', 'cmp-pr']) {
        const canvas = page.locator(`#chart-${id} canvas`);
        await canvas.scrollIntoViewIfNeeded();
        const png = await canvas.screenshot();
        fs.writeFileSync(path.join(ARTIFACTS, `compare-${id}-${width}-${scheme}.png`), png);
        for (const [sim, matrix] of Object.entries(SIMULATIONS)) {
          const seen = await simulate(png, matrix);
          assert.ok(!seen.equals(png), `${sim} changed the picture`);
          fs.writeFileSync(path.join(ARTIFACTS, `compare-${id}-${width}-${scheme}-${sim}.png`), seen);
        }
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1400, height: 1000 });
  for (const k of ['smote', 'focal', 'soft_f1', 'logistic']) await page.locator(`#cmp-${k}`).uncheck();
  assert.deepEqual(pageErrors, []);
});

test('the Train tab trains a network with each imbalance technique and each loss', { timeout: TIMEOUT }, async () => {
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('mlp');
  await page.locator('#mlp-epochs').fill('3');
  const options = await page.locator('#weight option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(options, ['none', 'balanced', 'oversample', 'undersample', 'smote', 'balanced_batches']);
  const runs = [...options.map((w) => ['bce', w]), ['focal', 'none'], ['soft_f1', 'none']];
  for (const [loss, weight] of runs) {
    await page.locator('#mlp-loss').selectOption(loss);
    await page.locator('#weight').selectOption(weight);
    const view = await state('view');
    await page.locator('#train').click();
    await trainedOnTrainTab();
    // The cards follow the new run once its first view is painted.
    await page.waitForFunction((v) => document.body.dataset.view !== v, view);
    await page.waitForTimeout(100);
    const auc = Number(await page.locator('#cards .card[data-metric=roc_auc]').getAttribute('data-value'));
    const name = await page.locator('#series option:checked').textContent();
    console.log(`# ${loss} ${weight}: ${name} test ROC-AUC ${auc.toFixed(3)}`);
    // Three epochs barely move the weights: the AUC is only defined here,
    // not good; the model's name says the settings were used.
    assert.ok(auc >= 0 && auc <= 1, `${loss}/${weight}: ROC-AUC ${auc}`);
    const expected = { none: /MLP \(16/, balanced: /balanced\)/, oversample: /oversampled/, undersample: /undersampled/,
      smote: /SMOTE k=5/, balanced_batches: /balanced batches/ }[weight];
    assert.match(name, expected);
    if (loss === 'focal') assert.match(name, /focal γ=2 α=0.25/);
    if (loss === 'soft_f1') assert.match(name, /soft-F1/);
  }
  assert.match(await page.locator('#train-status').textContent(), /Trained/);
  await page.locator('#chart-history canvas').screenshot({ path: path.join(ARTIFACTS, 'train-mlp-history.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'train-mlp.png'), fullPage: true });
  // The logistic kind offers no balanced batches; the majority baseline no technique.
  await page.locator('#model-kind').selectOption('logistic');
  assert.ok(!(await page.locator('#weight option').evaluateAll((o) => o.map((x) => x.value))).includes('balanced_batches'));
  await page.locator('#model-kind').selectOption('majority');
  assert.deepEqual(await page.locator('#weight option').evaluateAll((o) => o.map((x) => x.value)), ['none']);
  await page.locator('#model-kind').selectOption('logistic');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('the Train tab trains gradient-boosted trees with the settings given', { timeout: TIMEOUT }, async () => {
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('gbdt');
  await page.locator('#gbdt-rounds').fill('60');
  await page.locator('#gbdt-rate').fill('0.1');
  await page.locator('#weight').selectOption('balanced');
  const view = await state('view');
  await page.locator('#train').click();
  await trainedOnTrainTab();
  await page.waitForFunction((v) => document.body.dataset.view !== v, view);
  await page.waitForTimeout(100);
  const name = await page.locator('#series option:checked').textContent();
  assert.match(name, /gbdt \(60 rounds, rate 0\.1.*balanced/);
  // The demo's test rows hold ~100 positives, so chance ranking gives
  // 0.5 ± ~0.03; logistic regression reaches ~0.72 on them. Boosted trees
  // that learned anything clear 0.6; a spec the core did not read (or a
  // model scoring constants) would not.
  const auc = Number(await page.locator('#cards .card[data-metric=roc_auc]').getAttribute('data-value'));
  console.log(`# gbdt test ROC-AUC ${auc.toFixed(3)}`);
  assert.ok(auc > 0.6, `gbdt test ROC-AUC ${auc}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'train-gbdt.png'), fullPage: true });
  await page.locator('#model-kind').selectOption('logistic');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('two workers train the same comparison and the same forest as one worker', { timeout: TIMEOUT * 2 }, async () => {
  const trainBoth = async (query) => {
    await page.goto(`${server.url}?${query}`);
    await trainedOnTrainTab();
    await page.locator('#tab-compare').click();
    await page.locator('#cmp-epochs').fill('6');
    await page.locator('#cmp-train').click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
    assert.equal(await state('compare'), 'done', await page.locator('#cmp-error').textContent());
    await page.waitForFunction(() => document.querySelectorAll('#cmp-table tbody tr').length === 3);
    const table = await page.locator('#cmp-table tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent));
    const fits = JSON.parse(await state('compareFit')).map((f) => [f.name, f.epochs]);
    const compareWorkers = await state('compareWorkers');
    await page.locator('#tab-train').click();
    await page.locator('#model-kind').selectOption('forest');
    await page.locator('#forest-trees').fill('12');
    await page.locator('#forest-trees').dispatchEvent('change');
    // The core makes the spec from the controls (www/models.js): train once it holds the trees asked for.
    await page.waitForFunction(async (n) => (await import(new URL('www/train.js', document.baseURI).href)).readConfig().models[0]?.params?.n_trees === n, 12);
    const view = await state('view');
    await page.locator('#train').click();
    await trainedOnTrainTab();
    await page.waitForFunction((v) => document.body.dataset.view !== v, view);
    // The cards of the forest's own series (a view of the previous run may answer first).
    await page.waitForFunction(() => document.getElementById('cards').dataset.series === document.getElementById('series').value && !document.body.dataset.viewBusy);
    const cards = await page.locator('#cards .card').evaluateAll((cs) => cs.map((c) => `${c.dataset.metric}=${c.dataset.value}`));
    cards.push(await page.locator('#series option:checked').textContent());
    // What the forest relies on: its permutation importance, measured feature by feature on both workers.
    const inspection = await page.evaluate(async () => {
      const { ask } = await import(new URL('www/engine_client.js', document.baseURI).href);
      const series = Number(document.getElementById('series').value);
      const r = await ask('view', { charts: [], evaluate: { series, part: 'test', threshold: 0.5 }, views: { series, part: 'test', bins: 10, strategy: 'uniform' } });
      return r.views?.inspection ?? r.viewsError;
    });
    await page.locator('#model-kind').selectOption('logistic');
    const stages = JSON.parse(await state('trainStages'));
    return { table, fits, cards, inspection, stages, compareWorkers, trainWorkers: await state('trainWorkers') };
  };
  const one = await trainBoth('compare-workers=1&train-workers=1');
  const two = await trainBoth('compare-workers=2&train-workers=2');
  assert.deepEqual([one.compareWorkers, one.trainWorkers], ['1', '1']);
  assert.deepEqual([two.compareWorkers, two.trainWorkers], ['2', '2']);
  assert.equal(one.table.length, 3);
  assert.deepEqual(two.table, one.table);
  assert.deepEqual(two.fits, one.fits);
  assert.ok(one.cards.length > 3, JSON.stringify(one.cards));
  assert.deepEqual(two.cards, one.cards);
  assert.ok(one.inspection?.importance?.features?.length > 3, JSON.stringify(one.inspection));
  assert.deepEqual(two.inspection, one.inspection);
  // The pool worker measured some of the features (the engine the others, after evaluating the run).
  assert.ok(two.stages.importanceRan?.[0] > 0, JSON.stringify(two.stages));
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('a page that cannot start a pool worker trains Compare and a forest on the engine alone', { timeout: TIMEOUT }, async () => {
  await page.goto(`${server.url}?nopool`);
  await trainedOnTrainTab();
  await page.locator('#tab-compare').click();
  await page.locator('#cmp-epochs').fill('3');
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await state('compare'), 'done', await page.locator('#cmp-error').textContent());
  assert.equal(await state('compareWorkers'), '1');
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('forest');
  await page.locator('#forest-trees').fill('6');
  await page.locator('#forest-trees').dispatchEvent('change');
  await page.waitForFunction(async () => (await import(new URL('www/train.js', document.baseURI).href)).readConfig().models[0]?.params?.n_trees === 6);
  await page.locator('#train').click();
  await trainedOnTrainTab();
  assert.equal(await state('trainWorkers'), '1');
  assert.equal(await page.locator('#train-error').isVisible(), false);
  await page.locator('#model-kind').selectOption('logistic');
  assert.deepEqual(pageErrors, []);
});
