// The page's language: 'en' or 'zh' (简体中文). By default it follows the
// browser's (navigator.languages: zh* → zh); a choice in the header's switch
// (#lang) is remembered in localStorage ('rareclass-lang'). Switching copies
// the language's table (www/strings.js for English, www/strings_zh.js for
// Chinese) into strings.js's exported objects IN PLACE, so every module that
// imported S, X, DEMO, VIEWS or A11Y reads the new words at once; then the
// onLang listeners re-render what is on screen (labels, results, charts)
// without touching the user's file or runs. Sets <html lang>.
//
// Import this module before anything reads a string at load time (app.js
// imports it first): on the page with the switch, the detected language is
// applied when it loads. Works in Node too (no DOM, no storage: English
// unless told).
import * as EN from './strings.js';
import * as ZH from './strings_zh.js';
import { RpcError } from './rpc.js';

const KEY = 'rareclass-lang';
/** The languages the page has, each named in its own language (the switch's options). */
export const LANGS = { en: 'English', zh: '简体中文' };
const HTML_LANG = { en: 'en', zh: 'zh-CN' };

const isTable = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// The tables are strings.js's exported objects (S, X, DEMO, VIEWS, A11Y, and
// any a later block exports): whatever both languages export.
const TABLE_NAMES = Object.keys(EN).filter((k) => isTable(EN[k]));

// A copy of a table's structure: nested tables copied, strings, arrays and
// functions shared (they are never mutated).
function copy(t) {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, isTable(v) ? copy(v) : v]));
}
// English as it was loaded: switching back to English copies from here.
const english = Object.fromEntries(TABLE_NAMES.map((n) => [n, copy(EN[n])]));

/**
 * Fills `target` in place from `words`, falling back to `fallback` (English)
 * for a key the language lacks, so a string added in English only shows in
 * English rather than as nothing. Nested tables are filled in place too
 * (modules may hold S.charts or S.transfer).
 */
function fill(target, words, fallback) {
  for (const [k, en] of Object.entries(fallback)) {
    const w = words && Object.hasOwn(words, k) ? words[k] : undefined;
    if (isTable(en)) {
      if (!isTable(target[k])) target[k] = {};
      fill(target[k], isTable(w) ? w : undefined, en);
    } else {
      target[k] = w ?? en;
    }
  }
}

/** A table set of language `code` without changing the page's: {S, X, DEMO, VIEWS, A11Y, LOCALE} (for an embed with its own `lang`). */
export function tablesFor(code) {
  const out = { LOCALE: code === 'zh' ? ZH.LOCALE : 'en-US' };
  for (const n of TABLE_NAMES) {
    out[n] = {};
    fill(out[n], code === 'zh' ? ZH[n] : english[n], english[n]);
  }
  return out;
}

/** 'zh' for a Chinese language tag (zh, zh-CN, zh-Hans-SG, zh-TW…), else 'en'. */
export function langOf(tag) {
  return /^zh\b/i.test(String(tag ?? '')) ? 'zh' : 'en';
}

function remembered() {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return Object.hasOwn(LANGS, v ?? '') ? v : null;
  } catch {
    return null;
  }
}

function browserLang() {
  // Node (tests) has a navigator too: only a page follows it.
  if (!globalThis.document) return 'en';
  const nav = globalThis.navigator;
  return langOf(nav?.languages?.[0] ?? nav?.language);
}

let current = 'en';
const listeners = new Set();

/** The page's language now: 'en' or 'zh'. */
export function lang() { return current; }

/** The BCP 47 tag of the page's language ('en' or 'zh-CN'), for `lang` attributes and Intl. */
export function langTag() { return HTML_LANG[current]; }

/**
 * Calls `fn(code)` after every switch of language, once the tables hold the
 * new words; returns a function that stops it. A module re-renders its
 * labels and re-requests its charts here.
 */
export function onLang(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function apply(code) {
  current = code;
  for (const n of TABLE_NAMES) fill(EN[n], code === 'zh' ? ZH[n] : english[n], english[n]);
  EN.setLocale(code === 'zh' ? ZH.LOCALE : 'en-US');
  if (globalThis.document) document.documentElement.lang = HTML_LANG[code];
}

/** Shows the page in language `code` ('en' or 'zh'; anything else is English) and remembers the choice. */
export function setLang(code) {
  const next = Object.hasOwn(LANGS, code) ? code : 'en';
  try { globalThis.localStorage?.setItem(KEY, next); } catch { /* not remembered; still shown */ }
  if (next === current) return;
  apply(next);
  for (const fn of [...listeners]) {
    try { fn(next); } catch (e) { console.error(e); }
  }
}

/** Fills the <select> `select` with the languages and keeps it and the page in step. */
export function initLangSwitch(select, label) {
  const labelIt = () => { if (label) label.textContent = EN.A11Y.language; };
  labelIt();
  select.replaceChildren(...Object.entries(LANGS).map(([code, name]) => {
    const o = document.createElement('option');
    o.value = code;
    o.textContent = name;
    o.lang = HTML_LANG[code]; // a screen reader says each name in its own language
    return o;
  }));
  select.value = current;
  select.addEventListener('change', () => setLang(select.value));
  onLang(() => { labelIt(); select.value = current; });
}

// The engine's error messages (www/rpc.js): in Chinese, the error's own
// Chinese wording when it has one (src/app/error_zh.rs), else its English
// framed in a Chinese sentence, never a bare English one. Read at the time
// a message is shown, so the page's language of that moment.
const CHINESE = /[\u4e00-\u9fff]/; // a message the page wrote in Chinese already needs no frame
RpcError.say = (e) => (current !== 'zh' || CHINESE.test(e.en) ? e.en : e.zh ?? EN.MSG.engineSaid(e.en));
/** An engine message passed on as text (a worker's per-chart errors), worded as RpcError's are. */
export const engineText = (en, zh) => RpcError.say({ en: String(en ?? ''), zh });

// The main page (the one with the switch): the detected or remembered
// language, applied before any module reads a string. Elsewhere (a page
// that embeds <rareclass-demo>, Node) the host's <html lang> is left alone
// and the tables stay English; the element picks its own (tablesFor).
const select = globalThis.document?.getElementById('lang');
if (select) {
  apply(remembered() ?? browserLang());
  initLangSwitch(select, document.getElementById('lang-label'));
}
