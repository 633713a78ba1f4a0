// The page's shared DOM and formatting helpers, so every tab builds
// elements, shows errors and writes numbers and durations the same way:
// element creation (data reaches the DOM through textContent only), an
// error line shown or hidden, downloads through Blob URLs, and the number
// formats (their units in the page's language, www/strings.js's
// S.duration; the digits are the same in en-US and zh-CN). Knows nothing of
// any tab.
import { S, LOCALE } from './strings.js';
import { onLang } from './i18n.js';

// Text that follows the page's language: element → the function that
// writes it (www/i18n.js). A text given as a function, `() => S.loaded(name,
// took)`, is written now and again after every switch of language, for as
// long as its element is on the page and no other text replaced it.
const live = new Map();

/** Sets `e`'s text to `text`: a string, or a function of no arguments returning one (rewritten after a language switch). */
export function putText(e, text) {
  if (typeof text === 'function') {
    live.set(e, text);
    e.textContent = text();
  } else {
    live.delete(e);
    e.textContent = text ?? '';
  }
}

onLang(() => {
  for (const [e, text] of live) {
    if (e.isConnected) e.textContent = text();
    else live.delete(e);
  }
});

/** The element with id `id`. */
export const $ = (id) => document.getElementById(id);

/**
 * A DOM element: `text` as textContent (a function: text that follows the
 * language, see putText), `data` as dataset, hyphenated keys
 * and `role` as attributes, any other key as a property; then `children`.
 */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') putText(e, v);
    else if (k === 'data') Object.assign(e.dataset, v);
    else if (k.includes('-') || k === 'role') e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children);
  return e;
}

/** An <option> of a <select>. */
export const option = (value, text) => el('option', { value, text });

/** Refills <select> `select` with `entries` ([value, text] pairs), keeping its value when it is still offered. */
export function setOptions(select, entries) {
  const value = select.value;
  select.replaceChildren(...entries.map(([v, t]) => option(v, t)));
  if ([...select.options].some((o) => o.value === value)) select.value = value;
}

/**
 * Shows the page's hover read-out (#tooltip) with `text` beside the pointer
 * at `at` ({x, y} in client pixels), or hides it when either is missing.
 */
export function showTooltip(text, at) {
  const tip = $('tooltip');
  if (!text || !at) { tip.hidden = true; return; }
  tip.textContent = text;
  tip.style.left = `${at.x + window.scrollX + 14}px`;
  tip.style.top = `${at.y + window.scrollY + 14}px`;
  tip.hidden = false;
}

/** Rewrites the texts of <select> `select`'s options from `table` (value → text), keeping them and the choice. */
export function relabel(select, table) {
  for (const o of select.options) if (table[o.value] !== undefined) o.textContent = table[o.value];
}

/** Sets element `id`'s text: a string, or a function that rewrites it after a language switch (putText). */
export function setText(id, text) { putText($(id), text); }

/** Shows `message` (or a function returning it, see putText) in error line `id` (an element or its id), or hides the line when empty. */
export function showError(id, message) {
  const e = typeof id === 'string' ? $(id) : id;
  putText(e, message);
  e.hidden = !e.textContent;
}

// ---------------------------------------------------------------- numbers

export const num = new Intl.NumberFormat(LOCALE);
/** Four significant digits: a statistic, a size. */
export const dec = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4 });
export const sci = new Intl.NumberFormat(LOCALE, { notation: 'scientific', maximumSignificantDigits: 3 });
export const fix2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const fix3 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const pct1 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const twoSig = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 2 });
const oneDec = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** One decimal ("5.2"), two below 1 % so a 0.17 % minority is not "0.2". */
export const fmtPercent = (p) => (p < 1 ? pct2 : pct1).format(p);

/**
 * A duration of `seconds` with its unit, as precise as a person reads it:
 * two significant digits below 1 s ("0.74 s", "0.013 s"), one decimal below
 * 10 s ("3.2 s"), whole seconds below a minute ("42 s"), then minutes and
 * seconds ("2 min 05 s"). Never "0.7389 s".
 */
export function fmtDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return S.none;
  const { seconds: secs, minutes } = S.duration; // "0.74 s" / "0.74 秒"
  if (seconds < 1) return secs(twoSig.format(seconds));
  if (seconds < 10) return secs(oneDec.format(seconds));
  if (seconds < 59.5) return secs(whole.format(seconds));
  const total = Math.round(seconds);
  return minutes(num.format(Math.floor(total / 60)), String(total % 60).padStart(2, '0'));
}

/** A byte count: "512 B", "3.4 KB", "150.8 MB". */
export function fmtBytes(n) {
  if (n < 1024) return `${num.format(n)} B`;
  if (n < 1024 * 1024) return `${dec.format(n / 1024)} KB`;
  return `${dec.format(n / 1024 / 1024)} MB`;
}

/** A summary statistic: thousands separators for large integers, scientific near zero, else four digits. */
export function fmtNumber(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return S.none;
  if (Math.abs(x) >= 1000 && Number.isInteger(x)) return num.format(x);
  // A standardised column's mean is ~1e-16: "3.92E-15", not eighteen zeros.
  return x !== 0 && Math.abs(x) < 1e-3 ? sci.format(x) : dec.format(x);
}

/** A metric with three decimals, or "—" when undefined. */
export const fmt3 = (v) => (v === null || v === undefined || Number.isNaN(v) ? S.none : fix3.format(v));

// ---------------------------------------------------------------- files

/** Saves `data` (text, bytes or a Blob) as file `name` through a Blob URL; nothing is uploaded. */
export function download(name, data, type) {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe form of a model or file name. */
export function slug(name) {
  return String(name).replace(/\.[a-z]+$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'rareclass';
}
