// The page's theme: "system" (follows prefers-color-scheme), "light" or
// "dark", chosen in the header's switch (#theme) and remembered in
// localStorage ('rareclass-theme'; www/theme_boot.js applies it before the
// first paint). The stylesheet reads <html data-theme>; the chart painters
// read `darkQuery.matches`, a stand-in for the prefers-color-scheme
// MediaQueryList that also follows the switch, whose 'change' listeners hear
// every change of the theme shown. Knows nothing of what is drawn.
import { A11Y } from './strings.js';
import { onLang } from './i18n.js';

const KEY = 'rareclass-theme';
const CHOICES = ['system', 'light', 'dark'];
const system = matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set();

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return CHOICES.includes(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

const state = {
  choice: stored(), // 'system', 'light' or 'dark'
  told: false,      // whether the listeners were last told "dark"
};

const isDark = () => state.choice === 'dark' || (state.choice === 'system' && system.matches);
state.told = isDark();

/**
 * Whether the page is dark now, and who to tell when that changes:
 * `prefers-color-scheme` with the switch applied. Reading it also tells the
 * listeners of a change not yet told: Chromium updates a MediaQueryList's
 * state when its `matches` is read, and a read between a system change and
 * the next rendering update swallows that change's 'change' event (seen in
 * the tests: every chart repainted dark by a read, the history chart never
 * told).
 */
export const darkQuery = {
  get matches() {
    const dark = isDark();
    if (dark !== state.told) queueMicrotask(tellIfChanged);
    return dark;
  },
  addEventListener(type, fn) { if (type === 'change') listeners.add(fn); },
  removeEventListener(type, fn) { if (type === 'change') listeners.delete(fn); },
};

function tellIfChanged() {
  const dark = isDark();
  if (dark === state.told) return;
  state.told = dark;
  const event = { matches: dark };
  for (const fn of listeners) {
    try { fn(event); } catch (e) { console.error(e); }
  }
}

system.addEventListener('change', tellIfChanged);

/** The switch's value: 'system', 'light' or 'dark'. */
export function themeChoice() { return state.choice; }

/** Shows and remembers theme `value` ('system', 'light' or 'dark'). */
export function setTheme(value) {
  const next = CHOICES.includes(value) ? value : 'system';
  state.choice = next;
  // (Node, in the tests, has no document.)
  const html = globalThis.document?.documentElement;
  if (html && next === 'system') delete html.dataset.theme;
  else if (html) html.dataset.theme = next;
  try {
    if (next === 'system') localStorage.removeItem(KEY); else localStorage.setItem(KEY, next);
  } catch { /* not remembered; still shown */ }
  tellIfChanged();
}

/** Fills the <select> `select` with the three choices and keeps it and the page in step. */
export function initThemeSwitch(select, label) {
  if (label) label.textContent = A11Y.theme;
  select.replaceChildren(...CHOICES.map((c) => {
    const o = document.createElement('option');
    o.value = c;
    o.textContent = A11Y.themes[c];
    return o;
  }));
  select.value = state.choice;
  select.addEventListener('change', () => setTheme(select.value));
  onLang(() => {
    if (label) label.textContent = A11Y.theme;
    for (const o of select.options) o.textContent = A11Y.themes[o.value];
  });
}

// The main page's switch, wherever this module is first imported from.
const select = globalThis.document?.getElementById('theme');
if (select) initThemeSwitch(select, document.getElementById('theme-label'));
