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

let choice = stored();

/** Whether the page is dark now, and who to tell when that changes: `prefers-color-scheme` with the switch applied. */
export const darkQuery = {
  get matches() { return choice === 'dark' || (choice === 'system' && system.matches); },
  addEventListener(type, fn) { if (type === 'change') listeners.add(fn); },
  removeEventListener(type, fn) { if (type === 'change') listeners.delete(fn); },
};

function tell() {
  const event = { matches: darkQuery.matches };
  for (const fn of listeners) {
    try { fn(event); } catch (e) { console.error(e); }
  }
}

system.addEventListener('change', () => { if (choice === 'system') tell(); });

/** The switch's value: 'system', 'light' or 'dark'. */
export function themeChoice() { return choice; }

/** Shows and remembers theme `value` ('system', 'light' or 'dark'). */
export function setTheme(value) {
  const next = CHOICES.includes(value) ? value : 'system';
  const wasDark = darkQuery.matches;
  choice = next;
  if (next === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = next;
  try {
    if (next === 'system') localStorage.removeItem(KEY); else localStorage.setItem(KEY, next);
  } catch { /* not remembered; still shown */ }
  if (darkQuery.matches !== wasDark) tell();
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
  select.value = choice;
  select.addEventListener('change', () => setTheme(select.value));
  onLang(() => {
    if (label) label.textContent = A11Y.theme;
    for (const o of select.options) o.textContent = A11Y.themes[o.value];
  });
}

// The main page's switch, wherever this module is first imported from.
const select = document.getElementById('theme');
if (select) initThemeSwitch(select, document.getElementById('theme-label'));
