// End-to-end tests of the data check in the page (headless Chromium): a
// trap corpus made here from the bundled files (a copied label, a
// post-outcome code, a row counter, an `a:b:c` case id, constant and
// near-constant columns, a duplicated column, duplicated rows, conflicting
// labels, a time-sorted file, a mostly-missing column) is uploaded one file at a time, trained on
// the Train tab, and each trap's code must show in the findings list
// beside the result (#run-warnings, with the model checks); one trap is trained on the Compare tab
// too (#cmp-warnings), and "Keep anyway" records the column in the next
// run. Screenshots (390 and 1440 px, light and dark) go to
// tests/e2e/artifacts/. Run: node --test tests/e2e/checks.test.mjs (after
// scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { openPage, ARTIFACTS, showScheme } from './open_page.mjs';

const TIMEOUT = 240_000;
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

/** A deterministic generator (an LCG), so the corpus is the same every run. */
function lcg(seed) {
  let s = BigInt(seed);
  return () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(s >> 11n) / 2 ** 53;
  };
}

/** A bundled CSV as {header, rows} (the bundled files hold no quoted fields). */
function bundled(name) {
  const lines = fs.readFileSync(path.join(ROOT, 'data', name), 'utf8').split('\n').filter((l) => l);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** `t` with column `name` inserted before the label (the last column). */
function withColumn(t, name, f) {
  const at = t.header.length - 1;
  const header = [...t.header.slice(0, at), name, t.header[at]];
  return { header, rows: t.rows.map((r, i) => [...r.slice(0, at), f(i, r), r[at]]) };
}

const csv = (t) => [t.header, ...t.rows].map((r) => r.join(',')).join('\n') + '\n';

/** The corpus: [name, csv text, label, code, column or null]. */
function traps() {
  const bc = bundled('breast_cancer.csv'); // label target, minority 0 (212 of 569)
  const lc = bundled('lending_club.csv');  // label Class, minority bad (517 of 9,857)
  const r = lcg(11);
  const pick = (n) => Math.floor(r() * n);
  const out = [];
  out.push(['copied_label', csv(withColumn(bc, 'diagnosis_code', (i, row) => (row.at(-1) === '0' ? 'M' : 'B'))),
    'target', 'possible-leakage', 'diagnosis_code']);
  // A post-outcome code: level K holds 92 % of the positives at 97 % purity.
  const pos = lc.rows.map((row, i) => [row, i]).filter(([row]) => row.at(-1) === 'bad').map(([, i]) => i);
  const neg = lc.rows.map((row, i) => [row, i]).filter(([row]) => row.at(-1) !== 'bad').map(([, i]) => i);
  const kPos = Math.round(0.92 * pos.length);
  const kNeg = Math.round((kPos * 3) / 97);
  const shuffle = (a) => { for (let i = a.length - 1; i > 0; i--) { const j = pick(i + 1); [a[i], a[j]] = [a[j], a[i]]; } return a; };
  const inK = new Set([...shuffle(pos).slice(0, kPos), ...shuffle(neg).slice(0, kNeg)]);
  out.push(['post_outcome', csv(withColumn(lc, 'severity', (i) => (inK.has(i) ? 'K' : 'ABCO'[pick(4)]))),
    'Class', 'possible-leakage', 'severity']);
  out.push(['row_counter', csv(withColumn(bc, 'row', (i) => String(i + 1))), 'target', 'id-like-column', 'row']);
  out.push(['case_id', csv(withColumn(lc, 'case_id', (i) => `${Math.floor(i / 3) % 17}:${Math.floor(i / 51) % 9}:${Math.floor(i / 459)}`)),
    'Class', 'id-like-column', 'case_id']);
  out.push(['constant', csv(withColumn(bc, 'site', () => '1')), 'target', 'constant-column', 'site']);
  out.push(['near_constant', csv(withColumn(bc, 'rare_flag', (i) => ([5, 100, 300].includes(i) ? '1' : '0'))),
    'target', 'near-constant-column', 'rare_flag']);
  out.push(['duplicate_column', csv(withColumn(bc, 'radius_copy', (i, row) => row[0])), 'target', 'duplicate-column', 'radius_copy']);
  const dup = { header: bc.header, rows: [...bc.rows] };
  for (let k = 0; k < 30; k++) dup.rows.push(bc.rows[pick(bc.rows.length)]);
  out.push(['duplicate_rows', csv(dup), 'target', 'duplicate-rows', null]);
  const conflict = { header: bc.header, rows: [...bc.rows] };
  for (let k = 0; k < 20; k++) {
    const row = [...bc.rows[pick(bc.rows.length)]];
    row[row.length - 1] = row.at(-1) === '0' ? '1' : '0';
    conflict.rows.push(row);
  }
  out.push(['conflicting_labels', csv(conflict), 'target', 'conflicting-labels', null]);
  const day = (i) => new Date(Date.UTC(2020, 0, 1 + Math.floor(i / 10))).toISOString().slice(0, 10);
  out.push(['time_sorted', csv(withColumn(lc, 'opened', day)), 'Class', 'time-ordered-rows', 'opened']);
  // An optional field filled in 40 % of rows, missing at random.
  out.push(['high_missing', csv(withColumn(lc, 'months_since_late', (i) => (r() < 0.4 ? String((i * 7) % 97) : ''))),
    'Class', 'high-missing', 'months_since_late']);
  return out;
}

async function upload(name, content, label) {
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.click('#tab-train');
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await page.waitForFunction(() => document.body.dataset.state === 'loaded');
  await page.selectOption('#label-col', label);
}

async function train() {
  await page.evaluate(() => { delete document.body.dataset.train; });
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'error', 'train-error', 'cancelled'].includes(document.body.dataset.train));
  assert.equal(await page.evaluate(() => document.body.dataset.train), 'done',
    await page.locator('#train-error').textContent());
}

const findings = (list) => page.evaluate((id) => [...document.querySelectorAll(`#${id} li.diagnostic`)]
  .map((li) => ({ code: li.dataset.code, column: li.dataset.column, text: li.textContent })), list);

const CORPUS = traps();

test('demo: the findings list sits beside the result and is empty of data traps', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  const codes = (await findings('run-warnings')).map((f) => f.code);
  for (const c of ['possible-leakage', 'id-like-column', 'no-signal']) assert.ok(!codes.includes(c), JSON.stringify(codes));
});

for (const [name, text, label, code, column] of CORPUS) {
  test(`trap ${name}: the Train tab shows ${code}`, { timeout: TIMEOUT }, async () => {
    await upload(`${name}.csv`, text, label);
    await train();
    const found = await findings('run-warnings');
    assert.ok(found.some((f) => f.code === code && (column === null || f.column === column)),
      `${name}: ${JSON.stringify(found.map((f) => [f.code, f.column]))}`);
    if (name === 'case_id') {
      // Text is never a feature: no "Keep anyway" that would do nothing, and the finding says why.
      const item = page.locator('#run-warnings li[data-code="id-like-column"][data-column="case_id"]');
      assert.equal(await item.locator('button.keep').count(), 0);
      assert.match(await item.textContent(), /text columns are never features/);
    }
  });
}

test('Keep anyway: the next run keeps the row counter and says so', { timeout: TIMEOUT }, async () => {
  const [name, text, label] = CORPUS.find(([n]) => n === 'row_counter');
  await upload(`${name}.csv`, text, label);
  await train();
  let item = page.locator('#run-warnings li[data-code="id-like-column"]');
  assert.match(await item.textContent(), /left out of the features/);
  await item.locator('button.keep').click();
  assert.equal(await page.locator('#kept-note').isVisible(), true);
  await train();
  item = page.locator('#run-warnings li[data-code="id-like-column"]');
  assert.match(await item.textContent(), /kept as a feature/);
  assert.equal(await item.locator('button.keep').count(), 0);
  for (const width of [390, 1440]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height: 900 });
      await showScheme(page, scheme);
      await page.locator('#results').screenshot({ path: path.join(ARTIFACTS, `checks-train-${width}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('Compare tab: the data check shows beside the comparison', { timeout: TIMEOUT }, async () => {
  const [name, text, label, code, column] = CORPUS.find(([n]) => n === 'copied_label');
  await upload(`${name}.csv`, text, label);
  await page.click('#tab-compare');
  await page.fill('#cmp-epochs', '2');
  await page.evaluate(() => { delete document.body.dataset.compare; });
  await page.click('#cmp-train');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  assert.equal(await page.evaluate(() => document.body.dataset.compare), 'done',
    await page.locator('#cmp-error').textContent());
  const found = await findings('cmp-warnings');
  assert.ok(found.some((f) => f.code === code && f.column === column), JSON.stringify(found));
  for (const width of [390, 1440]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height: 900 });
      await showScheme(page, scheme);
      await page.locator('#cmp-warnings').screenshot({ path: path.join(ARTIFACTS, `checks-compare-${width}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('no foreign requests and no uncaught page errors', () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});
