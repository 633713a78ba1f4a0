// The two string tables (www/strings.js, English; www/strings_zh.js, 简体中文)
// in Node: the same tables with the same keys, each function with the same
// arguments used in both, and the switch of www/i18n.js refilling the
// tables in place and back. A string added in one language only, or a
// translation that drops a number, fails here.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as EN from '../../www/strings.js';
import * as ZH from '../../www/strings_zh.js';
import { lang, setLang, onLang, tablesFor, langOf } from '../../www/i18n.js';

const isTable = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// A stand-in argument that records how a string function uses it: printed it
// reads ⟦a0⟧, a field of it ⟦a0.column⟧, called (a formatter passed in)
// ⟦a1(⟦a0.difference⟧)⟧.
function probe(path) {
  const show = () => `⟦${path}⟧`;
  return new Proxy(function () {}, {
    get(_, key) {
      if (key === Symbol.toPrimitive || key === 'toString' || key === 'valueOf') return show;
      if (typeof key === 'symbol') return undefined;
      return probe(`${path}.${String(key)}`);
    },
    apply(_, __, args) { return `⟦${path}(${args.map(String).join(',')})⟧`; },
  });
}

// The placeholders a function's text holds, sorted (a function returning an
// array: each item's).
function placeholders(fn) {
  const out = fn(...Array.from({ length: Math.max(fn.length, 1) }, (_, i) => probe(`a${i}`)));
  const text = Array.isArray(out) ? out.join('\u0000') : String(out);
  return (text.match(/⟦[^⟦⟧]*⟧/g) ?? []).sort();
}

// Every difference between English table `en` and Chinese `zh` at `path`.
function differences(en, zh, path) {
  const out = [];
  for (const k of Object.keys(en)) if (!Object.hasOwn(zh, k)) out.push(`${path}.${k}: missing in strings_zh.js`);
  for (const k of Object.keys(zh)) if (!Object.hasOwn(en, k)) out.push(`${path}.${k}: only in strings_zh.js`);
  for (const k of Object.keys(en).filter((k) => Object.hasOwn(zh, k))) {
    const [e, z, p] = [en[k], zh[k], `${path}.${k}`];
    const kind = (v) => (Array.isArray(v) ? 'array' : isTable(v) ? 'table' : typeof v);
    if (kind(e) !== kind(z)) { out.push(`${p}: ${kind(e)} in English, ${kind(z)} in Chinese`); continue; }
    if (kind(e) === 'table') out.push(...differences(e, z, p));
    else if (kind(e) === 'array' && e.length !== z.length) out.push(`${p}: ${e.length} items in English, ${z.length} in Chinese`);
    else if (kind(e) === 'function') {
      if (e.length !== z.length) out.push(`${p}: takes ${e.length} arguments in English, ${z.length} in Chinese`);
      const [pe, pz] = [placeholders(e), placeholders(z)];
      if (pe.join() !== pz.join()) out.push(`${p}: placeholders ${pe.join(' ')} in English, ${pz.join(' ')} in Chinese`);
    } else if (kind(e) === 'string' && (e === '') !== (z === '')) out.push(`${p}: empty in one language only`);
  }
  return out;
}

test('both languages have the same tables, keys and placeholders', () => {
  const tables = (ns) => Object.keys(ns).filter((k) => isTable(ns[k])).sort();
  assert.deepEqual(tables(ZH), tables(EN), 'the same exported tables');
  assert.ok(tables(EN).includes('S') && tables(EN).includes('A11Y'));
  const diffs = tables(EN).flatMap((t) => differences(EN[t], ZH[t], t));
  assert.deepEqual(diffs, []);
});

test('the placeholder check sees a dropped or an extra argument', () => {
  const en = { a: (n, name) => `${n} rows of ${name}`, b: { c: (l) => `label ${l.column}` } };
  assert.deepEqual(differences(en, { a: (n, name) => `${n} 行`, b: { c: (l) => `标签 ${l.column}` } }, 'T'),
    ['T.a: placeholders ⟦a0⟧ ⟦a1⟧ in English, ⟦a0⟧ in Chinese']);
  assert.deepEqual(differences(en, { a: (n, name) => `${name} 的 ${n} 行`, b: { c: (l) => `标签 ${l.positive}` } }, 'T'),
    ['T.b.c: placeholders ⟦a0.column⟧ in English, ⟦a0.positive⟧ in Chinese']);
  assert.deepEqual(differences(en, { a: (n, name) => `${name} 的 ${n} 行`, b: {} }, 'T'), ['T.b.c: missing in strings_zh.js']);
});

// Latin words a Chinese page keeps: acronyms, names of methods, people,
// products and file formats, as Chinese tutorials write them too.
export const LATIN_OK = new Set(['ROC', 'AUC', 'PR-AUC', 'ROC-AUC', 'MCC', 'SMOTE', 'DAN', 'DANN', 'CORAL', 'MMD', 'PCA',
  'MLP', 'Adam', 'Brier', 'Welch', 'TensorFlow', 'ONNX', 'Runtime', 'Spark', 'PySpark', 'Jupyter', 'scikit-learn',
  'CSV', 'JSON', 'json', 'PNG', 'SVG', 'rareclass', 'English', 'Home', 'End']);

// And, in these strings only, what a reader types or reads in a file:
// attribute and file names, a command line, a setting's name and value, max().
const CODE_OK = {
  'DEMO.noSrc': ['src', 'data', 'csv'], 'DEMO.networkError': ['http'], 'S.demoButton': ['lending_club', 'csv'],
  'S.scoreDemo': ['lending_club', 'csv'], 'S.modelHint': ['train', 'export'], 'S.transfer.demo': ['lending', 'club'],
  'X.signalCaption': ['max'], 'X.gridNoBest': ['class_weight', 'balanced'],
};

test('Chinese text is Chinese: no Latin word but acronyms and names', () => {
  const latin = [];
  const walk = (t, path) => {
    for (const [k, v] of Object.entries(t)) {
      if (isTable(v)) walk(v, `${path}.${k}`);
      const texts = typeof v === 'string' ? [v] : Array.isArray(v) ? v : typeof v === 'function' ? [] : [];
      for (const s of texts) {
        const words = (s.match(/[A-Za-z][A-Za-z_-]*[A-Za-z]/g) ?? []).filter((w) => w.length >= 3 && !LATIN_OK.has(w)
          && !CODE_OK[`${path}.${k}`]?.includes(w));
        if (words.length) latin.push(`${path}.${k}: ${words.join(' ')}`);
      }
    }
  };
  for (const t of Object.keys(ZH).filter((k) => isTable(ZH[k]))) walk(ZH[t], t);
  assert.deepEqual(latin, []);
});

test('a switch refills the tables in place, tells the listeners, and switches back', () => {
  const S = EN.S;
  const charts = S.charts; // a module may hold a nested table
  assert.equal(lang(), 'en');
  assert.equal(S.train, 'Train');
  const heard = [];
  const stop = onLang((code) => heard.push([code, S.train, charts.roc, S.duration.seconds('0.74')]));
  setLang('zh');
  assert.equal(lang(), 'zh');
  assert.equal(EN.S, S);
  assert.equal(S.train, '训练');
  assert.equal(charts.roc, 'ROC 曲线');
  assert.equal(EN.LOCALE, 'zh-CN');
  setLang('en');
  stop();
  setLang('zh');
  setLang('en');
  assert.deepEqual(heard, [['zh', '训练', 'ROC 曲线', '0.74 秒'], ['en', 'Train', 'ROC curve', '0.74 s']]);
  assert.equal(EN.LOCALE, 'en-US');
});

test('an embed can have its own language without changing the page', () => {
  const zh = tablesFor('zh');
  assert.equal(zh.DEMO.threshold, '阈值');
  assert.equal(zh.A11Y.theme, '主题');
  assert.equal(EN.DEMO.threshold, 'Threshold');
  assert.equal(tablesFor('en').DEMO.threshold, 'Threshold');
  assert.deepEqual(['zh', 'zh-CN', 'zh-Hant-TW', 'ZH', 'en-US', 'fr', '', undefined].map(langOf),
    ['zh', 'zh', 'zh', 'zh', 'en', 'en', 'en', 'en']);
});

test('model names read in Chinese as src/chart/words.rs writes them', () => {
  const zh = tablesFor('zh').S;
  // The same cases as words.rs's model_names_are_translated_word_by_word.
  assert.equal(zh.shownModelName('#1 logistic (C=1)'), '#1 逻辑回归（C=1）');
  assert.equal(zh.shownModelName('logistic (C=0.5, balanced, SMOTE k=5)'), '逻辑回归（C=0.5，平衡类别权重，SMOTE k=5）');
  assert.equal(zh.shownModelName('forest (300 trees, oversampled)'), '随机森林（300 棵树，过采样）');
  assert.equal(zh.shownModelName('gbdt (300 rounds, rate 0.1)'), '梯度提升树（300 轮，学习率 0.1）');
  assert.equal(zh.shownModelName('logistic regression, source only'), '逻辑回归，仅源域');
  assert.equal(tablesFor('en').S.shownModelName('tree (depth 5)'), 'tree (depth 5)');
});

test('findings in Chinese keep the code and every number the core wrote', () => {
  const { FINDINGS } = tablesFor('zh');
  // Sentences written as the core formats them (src/explore/diagnostics.rs, src/checks/).
  const found = [
    { code: 'accuracy-paradox', message: 'accuracy 0.9480 (always predicting the majority class gives 0.9480) hides that the model finds no positive row: recall 0.0000, balanced accuracy 0.5000',
      next_step: 'judge the model by recall, precision and PR-AUC instead: on imbalanced data accuracy rewards ignoring the rare class' },
    { code: 'no-positive-predicted', message: '#1 logistic (C=1): no test row is predicted positive at threshold 0.5 (the highest score is 0.4123), so precision, recall and F1 there are 0 and its accuracy is the majority\'s',
      next_step: 'choose the threshold on the validation rows (best F1, a recall target or costs) or train with class weight "balanced" so the rare class counts' },
    { code: 'high-missing', message: 'column "open_il_6m" is missing in 5,123 of 9,857 rows (52 %)',
      next_step: 'it is kept with missing cells filled; ask why it is missing (missingness that depends on the outcome leaks it), add a "was missing" feature, or drop it' },
    { code: 'model-at-chance', message: 'baseline: ROC-AUC 0.5120 on the 1971 test rows is within noise of chance (0.5; standard error 0.0290, so anything below 0.5568 is not clearly better than guessing)',
      next_step: 'look for signal first (Explore\'s signal table); for a network, more training steps (a smaller batch, more epochs or patience) or a larger learning rate; compare with logistic regression on the same split' },
  ];
  for (const d of found) {
    const zh = FINDINGS.say(d);
    assert.ok(zh, d.code);
    for (const n of d.message.match(/\d[\d,.]*\d|\d/g)) assert.ok(zh.message.includes(n), `${d.code}: ${n} kept in ${zh.message}`);
    assert.doesNotMatch(zh.message + zh.next, /\b(?!ROC|AUC|PR|F1|C)[A-Za-z]{3,}\b(?<!open_il_6m)/, `${d.code}: ${zh.message} ${zh.next}`);
  }
  // A sentence it cannot read is shown as the core wrote it.
  assert.equal(FINDINGS.say({ code: 'new-code', message: 'something new', next_step: 'do a thing' }), null);
  assert.equal(tablesFor('en').FINDINGS.say(found[0]), null);
});
