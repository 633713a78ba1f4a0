// The glossary in headless Chromium (www/glossary.js, www/glossary_terms.js):
// after the demo trains and every tab has its results (Score's saved model
// on the demo data, Compare's set, Explore's signal table, Transfer's demo
// pair), every
// metric card, chart, finding and setting carries an ⓘ; every data-term key
// on the page is in the terms table; an ⓘ opens its definition (by mouse
// and by keyboard), Escape and a click outside close it, its link opens the
// glossary page at the term's entry, which lists every term; the words
// follow a switch to Chinese; p-values read "1.8 × 10⁻⁷⁸", not "1.8e-78";
// and axe-core finds no serious or moderate violation with the ⓘ buttons,
// a popover open, or the glossary page open. Screenshots of a popover and
// of the glossary page at 390 and 1440 px, light and dark, go to
// tests/e2e/artifacts/glossary-*.png.
// Run: node --test tests/e2e/glossary.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { openPage, ARTIFACTS } from './open_page.mjs';
import { TERMS, GROUPS } from '../../www/glossary_terms.js';

const TIMEOUT = 240_000;
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TABS = ['train', 'score', 'compare', 'explore', 'transfer'];
const BLOCKING = new Set(['critical', 'serious', 'moderate']);

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors, locale: 'en-US' }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function axe(what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })));
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  console.log(`# axe ${what}: ${blocking.length} serious/moderate, ${violations.length - blocking.length} minor`);
  assert.deepEqual(blocking, [], what);
}

/**
 * What a person sees on the shown tab that names a term, each as
 * {what, id, term, button}: `term` is the data-term of the element or of the
 * nearest element around it, `button` whether that element has its ⓘ.
 * Metric cards, chart figures, findings (by code), and settings: the
 * fields and check boxes of the side column, the grid search's settings
 * and the correlation's Spearman switch.
 */
function explained() {
  return page.evaluate(() => {
    const panel = document.querySelector('[role=tabpanel]:not([hidden])');
    const shown = (e) => e.getClientRects().length > 0;
    const items = [
      ...[...panel.querySelectorAll('.card')].map((e) => ['card', e]),
      ...[...panel.querySelectorAll('figure.chart')].map((e) => ['chart', e]),
      ...[...panel.querySelectorAll('li.diagnostic[data-code]')].map((e) => ['finding', e]),
      ...[...panel.querySelectorAll('.side .field, #grid-section .field, #grid-section fieldset, .side label.check, label:has(#explore-spearman)')]
        .filter((e) => !e.querySelector('label.check')).map((e) => ['setting', e]),
      // Chart controls: Explore's toggles, the reliability bins picker.
      ...[...panel.querySelectorAll('#explore-charts label.check, .field:has(#view-bins)')].map((e) => ['control', e]),
      // The grid's sort headers: each column's metric or meaning.
      // The grid's sort headers (each must have a term), and every table header that names one.
      ...[...panel.querySelectorAll('#grid-table thead th:has(button.sort), th[data-term]')].map((e) => ['header', e]),
    ].filter(([, e]) => shown(e));
    return items.map(([what, e]) => {
      const host = e.closest('[data-term]');
      const b = host && [...document.querySelectorAll('.term-i')].find((x) => x.dataset.termFor === host.dataset.term
        && (host.contains(x) || host.nextElementSibling === x));
      return { what, id: e.id || e.dataset.metric || e.dataset.code || e.querySelector('input, select')?.id || e.textContent.slice(0, 30), term: host?.dataset.term ?? null, button: !!b };
    });
  });
}

/** Opens the demo, trains, and fills every tab as a person would. */
async function everyTabFilled() {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done' && document.body.dataset.view
    && document.querySelector('#cm-line').dataset.tp !== undefined);
  // Score: the trained model saved, opened again and used on the demo data.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.locator('#save-model').click()]);
  const model = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rareclass-glossary-')), 'model.json');
  await saved.saveAs(model);
  await page.locator('#tab-score').click();
  await page.locator('#model-file').setInputFiles(model);
  await page.waitForFunction(() => document.body.dataset.model);
  await page.locator('#score-demo').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.score));
  assert.equal(await page.evaluate(() => document.body.dataset.score), 'done');
  fs.rmSync(path.dirname(model), { recursive: true, force: true });
  await page.locator('#tab-compare').click();
  await page.locator('#cmp-epochs').fill('4');
  await page.locator('#cmp-train').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await page.evaluate(() => document.body.dataset.compare), 'done');
  await page.locator('#tab-explore').click();
  await page.waitForFunction(() => document.querySelectorAll('#signal-table tbody tr').length > 0);
  // A 2-cell grid search, for its results table's sort headers.
  await page.locator('#grid-rows .grid-key').nth(0).fill('C');
  await page.locator('#grid-rows .grid-values').nth(0).fill('0.1, 1');
  await page.fill('#grid-folds', '2');
  await page.click('#grid-run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
  assert.equal(await page.evaluate(() => document.body.dataset.grid), 'done');
  await page.locator('#tab-transfer').click();
  await page.click('#tr-demo');
  await page.waitForFunction(() => document.body.dataset.transfer === 'ready');
  await page.fill('#tr-steps', '300');
  await page.click('#tr-run');
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.transfer));
  assert.equal(await page.evaluate(() => document.body.dataset.transfer), 'done');
}

/** Waits until the Train results stop being redrawn (a theme or width change repaints them, cards included). */
async function settled() {
  let was = null;
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(400);
    const now = await page.evaluate(() => `${document.body.dataset.view}|${document.querySelector('#cards').childElementCount}`);
    if (now === was) return;
    was = now;
  }
}

test('every card, chart, finding and setting on every tab has an ⓘ whose term is in the table; axe stays clean', { timeout: TIMEOUT * 3 }, async () => {
  await everyTabFilled();
  const seen = {};
  const perTab = {};
  for (const tab of TABS) {
    await page.locator(`#tab-${tab}`).click();
    await page.waitForTimeout(300);
    const items = await explained();
    const missing = items.filter((i) => !i.term || !i.button);
    assert.deepEqual(missing, [], `${tab}: elements without an ⓘ`);
    for (const i of items) seen[i.what] = (seen[i.what] ?? 0) + 1;
    perTab[tab] = [...new Set(items.map((i) => i.what))];
    console.log(`# ${tab}: ${items.length} explained (${[...new Set(items.map((i) => i.what))].join(', ')})`);
    await axe(`${tab} with its ⓘ buttons`);
  }
  // The walk met each kind on the tabs that show it (the demo's run has findings).
  for (const what of ['card', 'chart', 'finding', 'setting', 'control', 'header']) assert.ok(seen[what] > 0, `no ${what} seen: ${JSON.stringify(seen)}`);
  for (const [tab, whats] of Object.entries(perTab)) {
    for (const what of { train: ['card', 'chart', 'finding', 'setting'], score: ['card', 'chart'], compare: ['chart', 'setting'], explore: ['chart', 'setting', 'control', 'header'], transfer: ['chart', 'setting'] }[tab]) {
      assert.ok(whats.includes(what), `${tab}: no ${what} seen (${whats.join(', ')})`);
    }
  }
  // Every key any element names is in the table, and each ⓘ is named for its term.
  const named = await page.evaluate(() => ({
    keys: [...new Set([...document.querySelectorAll('[data-term]')].map((e) => e.dataset.term))],
    labels: [...document.querySelectorAll('.term-i')].map((b) => [b.dataset.termFor, b.getAttribute('aria-label')]),
  }));
  assert.deepEqual(named.keys.filter((k) => !Object.hasOwn(TERMS, k)), [], 'data-term keys missing from the table');
  for (const [key, label] of named.labels) assert.equal(label, `What is ${TERMS[key].en[0]}?`);
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

test('an ⓘ opens its definition, closes on Escape and outside clicks, and links to its glossary entry', { timeout: TIMEOUT }, async () => {
  if (!(await page.evaluate(() => document.body.dataset.view))) await everyTabFilled();
  await page.locator('#tab-train').click();
  await settled(); // a redraw takes the ⓘ away and closes its popover
  const info = page.locator('#cards .card[data-metric=pr_auc] .term-i');
  const pop = page.locator('#term-pop');
  await info.click();
  await assert.doesNotReject(pop.waitFor({ state: 'visible' }));
  const [name, definition, good] = TERMS.pr_auc.en;
  assert.equal(await pop.locator('#term-pop-name').textContent(), name);
  assert.equal(await pop.locator('.term-def').textContent(), definition);
  assert.equal(await pop.locator('.term-good').textContent(), `Good: ${good}`);
  assert.equal(await info.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'term-pop');
  await axe('train with a popover open');
  // Escape closes and gives the focus back to the ⓘ.
  await page.keyboard.press('Escape');
  assert.equal(await pop.isHidden(), true);
  assert.equal(await info.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.card')?.dataset.metric), 'pr_auc');
  // The keyboard opens it too; a click elsewhere closes it.
  await page.keyboard.press('Enter');
  await pop.waitFor({ state: 'visible' });
  await page.mouse.click(5, 5);
  assert.equal(await pop.isHidden(), true);
  // A finding's ⓘ says what its code means.
  const code = await page.locator('#run-warnings li.diagnostic[data-code]').first().getAttribute('data-code');
  await page.locator(`#run-warnings li.diagnostic[data-code="${code}"] .term-i`).first().click();
  assert.equal(await pop.locator('.term-def').textContent(), TERMS[code].en[1]);
  // Its link opens the glossary page at the entry.
  await pop.locator('a.term-more').click();
  const dialog = page.locator('dialog#glossary');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await pop.isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), `term-${code}`);
  assert.ok(await page.locator(`[id="term-${code}"]`).isVisible());
  // The page lists every term, each under its group, with its anchor.
  const listed = await page.evaluate(() => [...document.querySelectorAll('#glossary .term-entry')].map((e) => e.id.replace(/^term-/, '')));
  assert.deepEqual(listed.sort(), Object.keys(TERMS).sort());
  assert.equal(await page.locator('#glossary h3').count(), GROUPS.length);
  await axe('the glossary page open');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // The header's link opens it too.
  await page.locator('#glossary-open').click();
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#glossary .glossary-close').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(pageErrors, []);
});

test('the words follow the page\'s language', { timeout: TIMEOUT }, async () => {
  if (!(await page.evaluate(() => document.body.dataset.view))) await everyTabFilled();
  await page.locator('#tab-train').click();
  await settled();
  await page.evaluate(async () => (await import('./www/i18n.js')).setLang('zh'));
  await settled(); // the tabs redraw in Chinese
  const info = page.locator('#cards .card[data-metric=ks] .term-i');
  await info.click();
  const pop = page.locator('#term-pop');
  await pop.waitFor({ state: 'visible' });
  assert.equal(await pop.locator('.term-def').textContent(), TERMS.ks.zh[1]);
  assert.equal(await info.getAttribute('aria-label'), `什么是 ${TERMS.ks.zh[0]}？`);
  assert.equal(await page.locator('#glossary-open').textContent(), '术语表');
  await page.screenshot({ path: path.join(ARTIFACTS, 'glossary-popover-zh.png') });
  await page.keyboard.press('Escape');
  await page.evaluate(async () => (await import('./www/i18n.js')).setLang('en'));
  await settled();
  assert.equal(await info.getAttribute('aria-label'), 'What is KS?');
});

test('p-values read as powers of ten, never raw exponents', { timeout: TIMEOUT }, async () => {
  if (!(await page.evaluate(() => document.body.dataset.view))) await everyTabFilled();
  const seen = await page.evaluate(async () => {
    const { fmtP } = await import('./www/explore.js');
    return [fmtP(1.8e-78), fmtP(0), fmtP(0.0004), fmtP(0.0123), fmtP(null)];
  });
  assert.deepEqual(seen, ['1.8 × 10⁻⁷⁸', '< 10⁻³⁰⁰', '4.0 × 10⁻⁴', '0.012', '—']);
  await page.locator('#tab-explore').click();
  const cells = await page.evaluate(() => [...document.querySelectorAll('#signal-table tbody tr')].map((tr) => tr.cells[9].textContent));
  assert.ok(cells.length > 0);
  for (const c of cells) assert.doesNotMatch(c, /\de-?\d/, `raw exponent: ${c}`);
  // Each p-value cell is described (for a screen reader) by the p-value's definition.
  const described = await page.evaluate(() => [...document.querySelectorAll('#signal-table tbody tr')].map((tr) => {
    const id = tr.cells[9].getAttribute('aria-describedby');
    return (id && document.getElementById(id)?.textContent) || '';
  }));
  for (const d of described) assert.match(d, /^p-value: ./i);
});

test('screenshots: a popover and the glossary page at 390 and 1440 px, light and dark', { timeout: TIMEOUT }, async () => {
  if (!(await page.evaluate(() => document.body.dataset.view))) await everyTabFilled();
  await page.locator('#tab-train').click();
  for (const theme of ['light', 'dark']) {
    await page.locator('#theme').selectOption(theme);
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await settled();
      const info = page.locator('#cards .card[data-metric=pr_auc] .term-i');
      await info.click();
      await page.locator('#term-pop').waitFor({ state: 'visible' });
      // The popover stays inside the viewport's width.
      const box = await page.locator('#term-pop').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, JSON.stringify(box));
      await page.screenshot({ path: path.join(ARTIFACTS, `glossary-popover-${width}-${theme}.png`) });
      await page.locator('#term-pop a.term-more').click();
      await page.locator('dialog#glossary').waitFor({ state: 'visible' });
      await page.screenshot({ path: path.join(ARTIFACTS, `glossary-page-${width}-${theme}.png`) });
      await page.keyboard.press('Escape');
    }
  }
  await page.locator('#theme').selectOption('system');
  await page.setViewportSize({ width: 1280, height: 900 });
});
