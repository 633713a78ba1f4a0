// The page's modules keep their state in one `state` object each (issue 12
// item 5), read in Node from the source text (no browser): a module-level
// `let` is state outside that object, and a local copy of a dom.js helper
// ($, el, showError) is the same rule written twice. The modules left out
// are listed with the reason (a worker's engine instance, a module whose one
// variable is its one piece of state).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';

const WWW = path.join(ROOT, 'www');

// Not converted yet, each with why.
const LOOSE_STATE = new Map([
  // Workers: one engine instance and its session per worker, not page state.
  ['worker.js', 'the engine worker: its session per file'],
  ['pool_worker.js', 'a pool worker: its search or comparison and wasm instance'],
  // One variable each: the module's single piece of state.
  ['i18n.js', 'the current language'],
  ['keyboard.js', 'the page-wide live region'],
  ['undo.js', 'the one undo toast'],
  ['frames.js', 'the export request counter'],
  ['demo_element.js', 'the one stylesheet shared by every element'],
]);
const OWN_HELPERS = new Map([
]);

const modules = fs.readdirSync(WWW).filter((f) => f.endsWith('.js'));
const source = (f) => fs.readFileSync(path.join(WWW, f), 'utf8');

test('the split modules exist and app.js is only the wiring', () => {
  for (const f of ['engine_client.js', 'recovery.js', 'file_load.js', 'data_summary.js', 'link.js', 'train.js',
    'train_results.js', 'tabs.js', 'page_text.js']) {
    assert.ok(modules.includes(f), `www/${f} is missing`);
  }
  const lines = source('app.js').split('\n').length;
  assert.ok(lines < 200, `www/app.js has ${lines} lines; it starts things, the modules do them`);
});

test('no module-level let outside the listed modules', () => {
  const found = [];
  for (const f of modules) {
    if (LOOSE_STATE.has(f)) continue;
    source(f).split('\n').forEach((line, i) => { if (/^let\s/.test(line)) found.push(`www/${f}:${i + 1}: ${line.trim()}`); });
  }
  assert.deepEqual(found, [], 'module-level state belongs in the module\'s one `state` object');
});

test('no local copy of a dom.js helper', () => {
  const found = [];
  for (const f of modules) {
    if (f === 'dom.js' || OWN_HELPERS.has(f)) continue;
    const s = source(f);
    // An element builder under another name (views.js had `make`) is a copy too.
    const copies = [/^function el\(/m, /^function \w+\(tag, props\b/m, /^(const|let) \$ = /m, /^function showError\(id/m, /^function message\(/m];
    for (const re of copies) if (re.test(s)) found.push(`www/${f}: ${re.source}`);
  }
  assert.deepEqual(found, []);
});
