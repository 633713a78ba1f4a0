// End-to-end test of links that carry the model: a network trained with
// non-default settings writes its kind and every field into the URL
// fragment, and that link, opened in a fresh tab, sets the same fields and
// trains the same network on the demo: the same name and the same test
// metrics to the last digit (one seeded RNG: same seed, same bits).
// Run: node --test tests/e2e/links.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, fullEngine } from './open_page.mjs';

const TIMEOUT = 120_000;
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

/** Waits for a finished run's cards, then reads them and the run's name. */
async function result(p) {
  await p.waitForFunction(() => ['done', 'train-error'].includes(document.body.dataset.train));
  assert.equal(await p.evaluate(() => document.body.dataset.train), 'done', await p.locator('#train-error').textContent());
  await p.waitForFunction(() => document.querySelector('#cards .card[data-metric=roc_auc]')?.dataset.value !== undefined);
  await fullEngine(p);
  return p.evaluate(() => ({
    name: document.querySelector('#series option:checked')?.textContent,
    cards: Object.fromEntries([...document.querySelectorAll('#cards .card')].map((c) => [c.dataset.metric, c.dataset.value])),
  }));
}

const FIELDS = { 'mlp-hidden': '8,4', 'mlp-dropout': '0.2', 'mlp-epochs': '6', 'mlp-batch': '64', 'mlp-lr': '0.003', 'mlp-patience': '0' };

test('a shared link reproduces a network run exactly', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await result(page); // the demo's own logistic regression
  await page.locator('#tab-train').click();
  await page.locator('#model-kind').selectOption('mlp');
  for (const [id, value] of Object.entries(FIELDS)) {
    await page.locator(`#${id}`).fill(value);
    await page.locator(`#${id}`).dispatchEvent('change');
  }
  await page.locator('#mlp-loss').selectOption('focal');
  await page.locator('#weight').selectOption('oversample');
  await page.locator('#seed').fill('5');
  await page.locator('#seed').dispatchEvent('change');
  const seen = await page.evaluate(() => document.body.dataset.view);
  await page.locator('#train').click();
  await page.waitForFunction((v) => document.body.dataset.view !== v, seen);
  const first = await result(page);
  assert.match(first.name, /MLP \(8-4, focal/);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /model=mlp/);
  for (const [id, value] of Object.entries(FIELDS)) assert.ok(hash.includes(`${id}=${value}`), `${id} in ${hash}`);
  assert.match(hash, /mlp-loss=focal/);

  // A fresh tab with only the link: the demo trains the linked network by itself.
  const other = await browser.context.newPage();
  other.on('pageerror', (e) => pageErrors.push(String(e)));
  other.setDefaultTimeout(TIMEOUT);
  await other.goto(server.url + hash);
  const second = await result(other);
  assert.equal(await other.locator('#model-kind').inputValue(), 'mlp');
  for (const [id, value] of Object.entries(FIELDS)) assert.equal(await other.locator(`#${id}`).inputValue(), value, id);
  assert.equal(await other.locator('#mlp-loss').inputValue(), 'focal');
  assert.equal(await other.locator('#weight').inputValue(), 'oversample');
  assert.equal(await other.locator('#link-error').isHidden(), true);
  assert.equal(second.name, first.name);
  assert.deepEqual(second.cards, first.cards);
  await other.close();

  // A link naming another kind's field is refused with its reason.
  const bad = await browser.context.newPage();
  await bad.goto(`${server.url}#mlp-epochs=30`);
  await bad.waitForFunction(() => !document.querySelector('#link-error').hidden);
  assert.match(await bad.locator('#link-error').textContent(), /"mlp-epochs" is a setting of model mlp, but the link's model is logistic/);
  await bad.close();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});
