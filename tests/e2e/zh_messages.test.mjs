// End-to-end test of the engine's words in 简体中文: the live progress
// sentence of a running network (the page forms it from the report's
// fields, www/progress_words.js) and a transfer run, and the error messages
// a reader hits (src/app/error_zh.rs; an untranslated one framed in
// Chinese by www/i18n.js): a malformed CSV, a bad setting, a bad model
// file. Each must be Chinese, carry its numbers, and leave no English
// sentence; a switch to English rewords the same message in place.
// Screenshots of each (390 and 1440 px, light and dark) go to
// tests/e2e/artifacts/zh-<what>-<width>-<theme>.png.
// Run: node --test tests/e2e/zh_messages.test.mjs  (after scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, ARTIFACTS } from './open_page.mjs';
import { progressText } from '../../www/progress_words.js';
import { tablesFor } from '../../www/i18n.js';

const TIMEOUT = 300_000;

let server, browser, page;
const foreign = [];
const pageErrors = [];

before(async () => {
  ({ server, browser, page } = await openPage({ timeout: TIMEOUT, foreign, pageErrors, locale: 'zh-CN', viewport: { width: 1440, height: 900 } }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const CJK = /[\u4e00-\u9fff]/;
// Latin words a Chinese sentence may hold: acronyms and names (as i18n.test.mjs
// keeps them), and the names this test's own files use.
const KEPT = new Set(['CSV', 'UTF', 'ROC', 'AUC', 'ROC-AUC', 'PR-AUC', 'MMD', 'DAN', 'CORAL', 'rareclass', 'format', 'rareclass-model', 'json']);

/** English words (3+ letters) in `text` that are neither kept nor in `names`. */
function english(text, names = []) {
  return (text.match(/[A-Za-z][A-Za-z_-]*/g) ?? []).filter((w) => w.length >= 3 && !KEPT.has(w) && !names.includes(w));
}

async function shots(name) {
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const theme of ['light', 'dark']) {
      await page.selectOption('#theme', theme);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, `zh-${name}-${width}-${theme}.png`), fullPage: width === 390 });
    }
  }
  await page.selectOption('#theme', 'system');
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('a report\'s sentence in each language, from its fields (no engine text)', () => {
  const epochEnd = { stage: 'fit', unit: 'epoch', step: 12, of: 400, at_most: true, loss: 0.09312, val: { pr_auc: 0.8125, roc_auc: 0.9 }, message: 'IGNORED' };
  // Hand-written: the words of strings.js / strings_zh.js's MSG block, the numbers to 4 decimals.
  assert.equal(progressText(epochEnd, tablesFor('zh')), '拟合：第 12/400 轮 · 损失 0.0931 · 验证 PR-AUC 0.8125');
  assert.equal(progressText(epochEnd, tablesFor('en')), 'Fitting: epoch 12/400 · loss 0.0931 · val PR-AUC 0.8125');
  const fold = { stage: 'cv', unit: 'fold', step: 2, of: 5, name: 'logistic', message: 'fold 2/5 · logistic' };
  assert.equal(progressText(fold, tablesFor('zh')), '交叉验证：逻辑回归 · 第 2/5 折');
  const dan = { stage: 'fit', unit: 'step', step: 7, of: 3000, loss: 0.5, terms: [['MMD', 0.25], ['λ', 0.125]], name: 'DAN' };
  assert.equal(progressText(dan, tablesFor('zh')), '拟合：DAN · 第 7/3000 步 · 损失 0.5000 · MMD 0.2500 · λ 0.1250');
  assert.equal(progressText({ stage: 'evaluate', task: 'baseline' }, tablesFor('zh')), '评估：为模型检查拟合逻辑回归基线');
});

test('progress sentences in Chinese: a network fitting, a transfer run', { timeout: TIMEOUT * 2 }, async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.selectOption('#lang', 'zh');
  // A network set on Compare: every status line it shows while it runs (early stopping may end it in a second).
  await page.click('#tab-compare');
  await page.evaluate(() => {
    window.seenStatus = [];
    const s = document.querySelector('#cmp-status');
    new MutationObserver(() => window.seenStatus.push(s.textContent)).observe(s, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#cmp-epochs').fill('400');
  await page.click('#cmp-train');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.compare));
  const seen = await page.evaluate(() => window.seenStatus);
  // One worker: "拟合：第 N/400 轮 · …"; on the engine and a pool worker
  // (www/shared_run.js) each running model is named: "拟合：基线 · 第 N/400 轮 · …".
  const fitting = seen.filter((t) => /拟合：(?:[^·；;]+ · )?第 \d+\/400 轮 · 损失 \d\.\d{4}/.test(t));
  console.log(`# compare: ${seen.length} lines, e.g. ${fitting[0]}`);
  assert.ok(fitting.length > 0, seen.join('\n'));
  for (const t of seen) assert.deepEqual(english(t), [], t);

  await page.click('#tab-transfer');
  await page.click('#tr-demo');
  await page.waitForFunction(() => document.body.dataset.transfer === 'ready');
  await page.fill('#tr-positive', 'bad');
  await page.fill('#tr-steps', '3000');
  await page.click('#tr-run');
  await page.waitForFunction(() => /第 \d+\/3000 步/.test(document.querySelector('#tr-status').textContent));
  const tr = await page.textContent('#tr-status');
  console.log(`# transfer: ${tr}`);
  assert.match(tr, /拟合：/, tr);
  assert.deepEqual(english(tr), [], tr);
  await shots('progress-transfer');
  await page.click('#tr-cancel');
  await page.waitForFunction(() => ['cancelled', 'error', 'done'].includes(document.body.dataset.transfer));
  assert.deepEqual(pageErrors, []);
});

test('a malformed CSV: the line, the counts, in Chinese; English after a switch', { timeout: TIMEOUT }, async () => {
  await page.selectOption('#lang', 'zh');
  await page.click('#tab-train');
  // Row 4 (line 4) has 2 fields where the header has 3.
  const csv = 'a,b,Class\n1,2,0\n3,4,1\n5,6\n7,8,0\n';
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const zh = await page.textContent('#error');
  console.log(`# ragged: ${zh}`);
  assert.ok(CJK.test(zh), zh);
  // The line, the fields found and the header's count (a hand count of the CSV above).
  assert.match(zh, /第 4 行/, zh);
  assert.match(zh, /2 个字段/, zh);
  assert.match(zh, /3 个/, zh);
  assert.deepEqual(english(zh, ['ragged.csv', 'ragged', 'csv']), [], zh);
  await shots('error-csv');
  await page.selectOption('#lang', 'en');
  const en = await page.textContent('#error');
  assert.match(en, /CSV line 4: found 2 fields, but the header has 3/, en);
  await page.selectOption('#lang', 'zh');
  assert.equal(await page.textContent('#error'), zh);
});

test('a bad setting: the value refused, in a Chinese sentence with its number', { timeout: TIMEOUT }, async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.selectOption('#lang', 'zh');
  await page.locator('#model-kind').selectOption('logistic');
  await page.fill('#c', '-7.5');
  await page.locator('#c').dispatchEvent('change');
  // The settings are checked by the engine as they change (or when Train is pressed): its refusal is shown.
  await page.click('#train', { trial: false, timeout: 5000 }).catch(() => {});
  await page.waitForFunction(() => [...document.querySelectorAll('.error:not([hidden])')].some((e) => e.textContent.includes('-7.5')), null, { timeout: 60_000 });
  const zh = await page.evaluate(() => [...document.querySelectorAll('.error:not([hidden])')].find((e) => e.textContent.includes('-7.5')).textContent);
  console.log(`# bad setting: ${zh}`);
  assert.ok(CJK.test(zh), zh);
  assert.match(zh, /-7\.5/, zh);
  assert.match(zh, /必须是有限正数/, zh);
  assert.deepEqual(english(zh), [], zh);
  await shots('error-setting');
});

test('a bad model file on Score: Chinese, with its version numbers', { timeout: TIMEOUT }, async () => {
  await page.selectOption('#lang', 'zh');
  await page.click('#tab-score');
  const json = JSON.stringify({ format: 'rareclass-model', version: 97 });
  await page.evaluate(() => { delete document.body.dataset.model; });
  await page.locator('#model-file').setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.waitForFunction(() => document.body.dataset.model);
  const zh = await page.textContent('#model-error');
  console.log(`# model file: ${zh}`);
  assert.ok(CJK.test(zh), zh);
  assert.match(zh, /97/, zh);
  assert.deepEqual(english(zh, ['future.json', 'future']), [], zh);
  await shots('error-model');
  // Cut short: the line and column where the JSON ends.
  await page.evaluate(() => { delete document.body.dataset.model; });
  await page.locator('#model-file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "format": "rareclass-model",\n  "version": 1,\n  "model": {') });
  await page.waitForFunction(() => document.body.dataset.model);
  const cut = await page.textContent('#model-error');
  console.log(`# cut model file: ${cut}`);
  assert.match(cut, /第 4 行第 \d+ 列/, cut);
  assert.deepEqual(english(cut, ['cut.json', 'cut']), [], cut);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreign, []);
});
