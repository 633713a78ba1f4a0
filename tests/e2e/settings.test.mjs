// End-to-end test of "All settings" (www/models.js): every setting of a
// model, listed with the core's default, can be changed on the page; the
// change reaches the run (the saved report's spec holds it, the metrics
// move); a value the core refuses is said once under the form and nothing
// trains; the link carries the setting (`set.KEY=VALUE`) and reproduces the
// run in a fresh tab to the last digit; the old link forms still read.
// Run: node --test tests/e2e/settings.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, ARTIFACTS, fullEngine } from './open_page.mjs';

const TIMEOUT = 180_000;
let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors }));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for a finished run's cards, then reads them and the run's name. */
async function result(p) {
  await p.waitForFunction(() => ['done', 'train-error'].includes(document.body.dataset.train));
  assert.equal(await p.evaluate(() => document.body.dataset.train), 'done', await p.locator('#train-error').textContent());
  await p.waitForFunction(() => document.querySelector('#cards .card[data-metric=roc_auc]')?.dataset.value !== undefined);
  await fullEngine(p);
  return p.evaluate(() => ({
    // The model's name without the run's number ("#2 ").
    name: document.querySelector('#series option:checked')?.textContent.replace(/^#\d+ /, ''),
    cards: Object.fromEntries([...document.querySelectorAll('#cards .card')].map((c) => [c.dataset.metric, c.dataset.value])),
  }));
}

/** Presses Train and waits for the new run's result. */
async function train(p) {
  // The run's cards are drawn after it ends: wait for its view, not the old run's cards.
  const seen = await p.evaluate(() => { delete document.body.dataset.train; return document.body.dataset.view; });
  await p.locator('#train').click();
  await p.waitForFunction((v) => document.body.dataset.view !== v, seen);
  return result(p);
}

/** The spec of the run shown, from the report it saves. */
async function savedSpec(p, name) {
  const [d] = await Promise.all([p.waitForEvent('download'), p.locator('#save-report').click()]);
  const file = path.join(ARTIFACTS, name);
  await d.saveAs(file);
  return JSON.parse(fs.readFileSync(file, 'utf8')).config.models[0];
}

/** Sets the "All settings" field of `key` (`kind`'s) to `value`, as a person would. */
async function setSetting(p, kind, key, value) {
  if (!(await p.locator('#all-settings').evaluate((d) => d.open))) await p.locator('#all-settings > summary').click();
  const field = p.locator(`[id="set-${kind}-${key}"]`);
  if (await field.evaluate((e) => e.tagName === 'SELECT')) await field.selectOption(value);
  else { await field.fill(value); await field.dispatchEvent('change'); }
}

test('a setting changed in "All settings" reaches the run and the link, which reproduces it', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  const plain = await result(page); // the demo's own logistic regression, every setting at its default
  await page.locator('#tab-train').click();

  // Defaults come from the core: logistic regression's C 1, tol 1e-6, 1000 iterations, an intercept.
  assert.equal(Number(await page.inputValue('#c')), 1);
  assert.equal(Number(await page.inputValue('[id="set-logistic-tol"]')), 1e-6);
  assert.equal(await page.inputValue('[id="set-logistic-max_iter"]'), '1000');
  assert.equal(await page.inputValue('[id="set-logistic-fit_intercept"]'), 'true');

  // (a) Logistic regression without an intercept: in the spec, and other numbers.
  await setSetting(page, 'logistic', 'fit_intercept', 'false');
  const noIntercept = await train(page);
  assert.equal((await savedSpec(page, 'settings.logistic.report.json')).params.fit_intercept, false);
  assert.notDeepEqual(noIntercept.cards, plain.cards);
  const lrHash = await page.evaluate(() => location.hash);
  assert.match(lrHash, /&set\.fit_intercept=false/);
  await setSetting(page, 'logistic', 'fit_intercept', 'true');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /set\./, 'a setting back at its default leaves the link');

  // Boosted trees: the default run, then subsampling half the rows.
  await page.locator('#model-kind').selectOption('gbdt');
  assert.deepEqual(
    await Promise.all(['#gbdt-rounds', '#gbdt-rate', '#gbdt-leaves'].map((s) => page.inputValue(s))),
    ['300', '0.05', '31'], 'the usual fields hold the core\'s defaults');
  const gbdtPlain = await train(page);
  await setSetting(page, 'gbdt', 'subsample', '0.5');
  const half = await train(page);
  const spec = await savedSpec(page, 'settings.gbdt.report.json');
  assert.equal(spec.kind, 'gbdt');
  assert.equal(spec.params.subsample, 0.5);
  assert.notDeepEqual(half.cards, gbdtPlain.cards);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /model=gbdt/);
  assert.match(hash, /&set\.subsample=0\.5/);
  await page.locator('#train-section').screenshot({ path: path.join(ARTIFACTS, 'settings-gbdt.png') });

  // (b) A value the core refuses: said once, beside the form; Train trains nothing.
  await setSetting(page, 'gbdt', 'subsample', '2');
  await page.waitForFunction(() => !document.querySelector('#settings-error').hidden);
  const said = await page.locator('#settings-error').textContent();
  assert.match(said, /subsample/);
  assert.match(said, /2/);
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.locator('#train').click();
  // The refusal is already known, so Train stops at once; give it time to go wrong anyway.
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => document.body.dataset.train), undefined, 'nothing trained');
  assert.equal(await page.locator('#train-error').isHidden(), true);
  assert.equal(await page.locator('.error:not([hidden])').filter({ hasText: 'subsample' }).count(), 1, 'said once');
  await setSetting(page, 'gbdt', 'subsample', '0.5');
  await page.waitForFunction(() => document.querySelector('#settings-error').hidden);

  // (c) The link in a fresh tab: the same settings, the same run to the last digit.
  const other = await browser.context.newPage();
  other.on('pageerror', (e) => pageErrors.push(String(e)));
  other.setDefaultTimeout(TIMEOUT);
  await other.goto(server.url + hash);
  const again = await result(other);
  assert.equal(await other.locator('#link-error').isHidden(), true);
  assert.equal(await other.inputValue('#model-kind'), 'gbdt');
  assert.equal(await other.inputValue('[id="set-gbdt-subsample"]'), '0.5');
  assert.equal(await other.locator('#all-settings').evaluate((d) => d.open), true, 'a changed setting shows itself');
  assert.deepEqual(await savedSpec(other, 'settings.gbdt-link.report.json'), spec);
  assert.equal(again.name, half.name);
  assert.deepEqual(again.cards, half.cards);
  await other.close();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});

test('a network with settings only "All settings" has: the link reproduces it exactly', { timeout: TIMEOUT }, async () => {
  const page = await browser.context.newPage(); // a fresh page (the first test's has other settings)
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(server.url);
  await result(page);
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('mlp');
  for (const [id, value] of [['mlp-epochs', '5'], ['mlp-batch', '64'], ['mlp-patience', '0']]) {
    await page.locator(`#${id}`).fill(value);
    await page.locator(`#${id}`).dispatchEvent('change');
  }
  assert.equal(await page.inputValue('[id="set-mlp-activation"]'), 'relu');
  assert.equal(Number(await page.inputValue('[id="set-mlp-loss.focal.gamma"]')), 2);
  await setSetting(page, 'mlp', 'activation', 'tanh');
  await setSetting(page, 'mlp', 'loss.focal.gamma', '3');
  await setSetting(page, 'mlp', 'optimizer', 'sgd');
  await setSetting(page, 'mlp', 'momentum', '0.9');
  const first = await train(page);
  const spec = await savedSpec(page, 'settings.mlp.report.json');
  assert.equal(spec.params.hidden[0].activation, 'tanh');
  assert.deepEqual(spec.params.loss, { focal: { gamma: 3, alpha: 0.25 } });
  assert.equal(spec.params.optimizer, 'sgd');
  assert.equal(spec.params.momentum, 0.9);
  assert.equal(spec.params.early_stopping, null);
  const hash = await page.evaluate(() => location.hash);
  for (const s of ['set.activation=tanh', 'set.loss.focal.gamma=3', 'set.optimizer=sgd', 'set.momentum=0.9']) {
    assert.ok(hash.includes(s), `${s} in ${hash}`);
  }
  const other = await browser.context.newPage();
  other.on('pageerror', (e) => pageErrors.push(String(e)));
  other.setDefaultTimeout(TIMEOUT);
  await other.goto(server.url + hash);
  const second = await result(other);
  assert.equal(await other.locator('#link-error').isHidden(), true);
  assert.deepEqual(await savedSpec(other, 'settings.mlp-link.report.json'), spec);
  assert.equal(second.name, first.name);
  assert.deepEqual(second.cards, first.cards);
  await other.close();
  await page.close();
  assert.deepEqual(pageErrors, []);
});

test('the old link forms still read', { timeout: TIMEOUT }, async () => {
  const p = await browser.context.newPage();
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  p.setDefaultTimeout(TIMEOUT);
  await p.goto(`${server.url}#c=0.5&weight=balanced`);
  const lr = await result(p);
  assert.equal(await p.locator('#link-error').isHidden(), true);
  assert.equal(await p.inputValue('#c'), '0.5');
  assert.equal(await p.inputValue('#weight'), 'balanced');
  assert.match(lr.name, /C=0\.5, balanced/);
  await p.goto('about:blank');
  await p.goto(`${server.url}#model=mlp&mlp-hidden=8&mlp-epochs=3&mlp-patience=0`);
  const mlp = await result(p);
  assert.equal(await p.locator('#link-error').isHidden(), true);
  assert.equal(await p.inputValue('#model-kind'), 'mlp');
  assert.equal(await p.inputValue('#mlp-hidden'), '8');
  assert.match(mlp.name, /^MLP \(8/);
  await p.close();
  assert.deepEqual(pageErrors, []);
});

test('"Fit this" carries every setting of the grid cell into the Train tab and its run', { timeout: TIMEOUT }, async () => {
  const p = await browser.context.newPage();
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  p.setDefaultTimeout(TIMEOUT);
  await p.goto(server.url);
  await result(p);
  await p.locator('#tab-train').click();
  await p.locator('#model-kind').selectOption('gbdt');
  await p.locator('#gbdt-rounds').fill('30');
  await p.locator('#gbdt-rounds').dispatchEvent('change');
  await p.locator('#tab-explore').click();
  // Two settings "All settings" holds (not the usual fields): a 2-cell grid.
  await p.locator('#grid-rows .grid-key').nth(0).fill('subsample');
  await p.locator('#grid-rows .grid-values').nth(0).fill('0.5, 0.7');
  await p.locator('#grid-rows .grid-key').nth(1).fill('growth');
  await p.locator('#grid-rows .grid-values').nth(1).fill('depth_wise');
  await p.fill('#grid-folds', '2');
  await p.fill('#grid-workers', '1');
  await p.evaluate(() => { delete document.body.dataset.grid; });
  await p.click('#grid-run');
  await p.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
  assert.equal(await p.locator('#grid-error').isHidden(), true, await p.locator('#grid-error').textContent());
  // Ranked first (the table starts sorted by rank): the best cell.
  const best = p.locator('#grid-table tbody tr').first();
  assert.equal(await best.locator('td').first().textContent(), '1');
  const cell = await best.locator('td').nth(1).locator('button').textContent();
  const subsample = cell.match(/subsample=([\d.]+)/)[1];
  assert.match(cell, /growth=depth_wise/);
  const seen = await p.evaluate(() => { delete document.body.dataset.train; return document.body.dataset.view; });
  await best.locator('td').last().locator('button').click();
  await p.waitForFunction((v) => document.body.dataset.view !== v, seen);
  await result(p);
  const spec = await savedSpec(p, 'settings.fit-this.report.json');
  assert.equal(spec.params.subsample, Number(subsample));
  assert.equal(spec.params.growth, 'depth_wise');
  assert.equal(spec.params.n_rounds, 30, 'the Train tab\'s own settings stay');
  assert.equal(await p.inputValue('[id="set-gbdt-subsample"]'), subsample);
  assert.equal(await p.inputValue('[id="set-gbdt-growth"]'), 'depth_wise');
  const hash = await p.evaluate(() => location.hash);
  assert.ok(hash.includes(`set.subsample=${subsample}`) && hash.includes('set.growth=depth_wise'), hash);
  await p.close();
  assert.deepEqual(pageErrors, []);
});

test('a grid search started while the model spec is still being made waits for it', { timeout: TIMEOUT }, async () => {
  const p = await browser.context.newPage();
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  p.setDefaultTimeout(TIMEOUT);
  await p.goto(server.url);
  await result(p);
  await p.locator('#tab-explore').click();
  await p.locator('#grid-rows .grid-key').nth(0).fill('max_depth');
  await p.locator('#grid-rows .grid-values').nth(0).fill('2, 3');
  await p.locator('#grid-rows .grid-key').nth(1).fill('');
  await p.locator('#grid-rows .grid-values').nth(1).fill('');
  await p.fill('#grid-folds', '2');
  await p.fill('#grid-workers', '1');
  // Another model kind asks the core for its spec; the search is started
  // in the same task, before the answer (as after a worker was replaced).
  await p.evaluate(() => {
    delete document.body.dataset.grid;
    const kind = document.querySelector('#model-kind');
    kind.value = 'tree';
    kind.dispatchEvent(new Event('change'));
    document.querySelector('#grid-run').click();
  });
  await p.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
  assert.equal(await p.locator('#grid-error').isHidden(), true, await p.locator('#grid-error').textContent());
  assert.equal(await p.locator('#grid-table tbody tr').count(), 2);
  await p.close();
});
