// Explains every term where it appears: any element with data-term="key"
// (a metric card, a chart's figure, a diagnostic, a setting's field, a
// table header) gets an ⓘ button that opens a small popover with the
// term's two-line definition, what a good value looks like, and a link to
// its entry on the glossary page (a dialog opened from the header too).
// Elements are found as they appear (a MutationObserver, as www/export.js
// finds charts), so a tab only adds the attribute. The words come from the
// one table in www/glossary_terms.js, in the page's language. Knows nothing
// of what a tab computes.
import { S } from './strings.js';
import { lang, onLang } from './i18n.js';
import { TERMS, GROUPS } from './glossary_terms.js';
import { el } from './dom.js';

const buttons = new WeakMap(); // host element -> its ⓘ button
const live = new Set();        // the ⓘ buttons made, to relabel on a language switch
const state = {
  pop: null,     // the one popover
  openFor: null, // the ⓘ button whose popover is open
  dialog: null,  // the glossary page
};

/** [name, definition, good value] of term `key` in the page's language, or null for an unknown key. */
export function termText(key) {
  const t = TERMS[key];
  return t ? (t[lang()] ?? t.en) : null;
}

/** The id of term `key`'s entry on the glossary page. */
export const anchorOf = (key) => `term-${key}`;


/** Starts the glossary: the header's link, the popover, the page, and the ⓘ of every data-term element now and later. */
export function initGlossary() {
  if (state.dialog) return;
  const main = document.getElementById('main') ?? document.body;
  state.pop = el('div', { id: 'term-pop', className: 'term-pop', role: 'dialog', 'aria-labelledby': 'term-pop-name', tabIndex: -1, hidden: true });
  state.pop.addEventListener('keydown', onPopKey);
  state.dialog = el('dialog', { id: 'glossary', className: 'glossary', 'aria-labelledby': 'glossary-heading' });
  state.dialog.addEventListener('click', (e) => { if (e.target === state.dialog) state.dialog.close(); }); // the backdrop
  main.append(state.pop, state.dialog);
  const opener = el('button', { id: 'glossary-open', type: 'button', className: 'link glossary-open' });
  opener.addEventListener('click', () => openGlossary());
  const header = document.querySelector('header.top');
  const theme = header?.querySelector('.theme-switch');
  if (theme) theme.before(opener); else header?.append(opener);
  document.addEventListener('pointerdown', (e) => {
    if (state.openFor && !state.pop.contains(e.target) && !state.openFor.contains(e.target)) closePop(false);
  }, true);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.openFor) { e.preventDefault(); e.stopPropagation(); closePop(true); }
  }, true);
  window.addEventListener('resize', () => { if (state.openFor) place(state.openFor); });
  // A language switch (www/i18n.js): relabel everything the glossary wrote.
  onLang(relabel);
  relabel();
  scan(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') ensure(r.target);
      else {
        for (const n of r.addedNodes) if (n.nodeType === 1) scan(n);
        // A host whose contents were replaced (a header's text, a card's name) lost its ⓘ.
        const host = r.target.closest?.('[data-term]');
        if (host) ensure(host);
      }
    }
    // A tab that redrew (new cards, a new table) took the open popover's ⓘ away.
    if (state.openFor && !state.openFor.isConnected) closePop(false);
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-term'] });
}

/** Every data-term element in `root` (itself included) gets its ⓘ. */
function scan(root) {
  if (root.matches?.('[data-term]')) ensure(root);
  for (const host of root.querySelectorAll?.('[data-term]') ?? []) ensure(host);
}

/** Gives `host` its ⓘ button, or fixes the one it has (key changed, contents replaced). */
function ensure(host) {
  const key = host.dataset?.term;
  if (!key) return;
  let b = buttons.get(host);
  if (!b) {
    b = el('button', { type: 'button', className: 'term-i', 'aria-expanded': 'false', 'aria-controls': 'term-pop' });
    b.addEventListener('click', (e) => { e.stopPropagation(); if (state.openFor === b) closePop(true); else openPop(b); });
    buttons.set(host, b);
    live.add(b);
  }
  if (b.dataset.termFor !== key) {
    b.dataset.termFor = key;
    label(b);
  }
  if (!b.isConnected || !(host.contains(b) || host.nextElementSibling === b)) put(host, b);
}

/**
 * Where a host's ⓘ goes: into its [data-term-slot] if it has one; a chart's
 * into the tool row under its canvas (made when missing, like the export
 * menu's); a label's or control's just after it (a button inside a label
 * would join the control's name); a field's after its label (into its
 * legend); a card's or a finding's into its name or code; otherwise at the
 * host's end.
 */
function put(host, b) {
  const slot = host.querySelector('[data-term-slot]');
  if (slot) { slot.append(b); return; }
  if (host.matches('figure')) {
    let tools = host.querySelector(':scope > .chart-tools');
    if (!tools) {
      tools = el('div', { className: 'chart-tools' });
      host.append(tools);
    }
    tools.prepend(b);
    return;
  }
  if (host.matches('label, input, select, button')) { host.after(b); return; }
  const inner = host.matches('.field') ? host.querySelector(':scope > label, :scope > legend')
    : host.querySelector(':scope > .card-name, :scope > .code');
  if (inner?.matches('label')) inner.after(b);
  else (inner ?? host).append(b);
}

function label(b) {
  const t = termText(b.dataset.termFor);
  b.setAttribute('aria-label', S.glossary.about(t ? t[0] : b.dataset.termFor));
}

// ---------------------------------------------------------------- the popover

function openPop(b) {
  closePop(false);
  const key = b.dataset.termFor;
  const t = termText(key) ?? [key, S.glossary.unknown, ''];
  const link = el('a', { href: `#${anchorOf(key)}`, className: 'term-more', text: S.glossary.more });
  link.addEventListener('click', (e) => { e.preventDefault(); closePop(false); openGlossary(key); });
  const close = el('button', { type: 'button', className: 'term-close', 'aria-label': S.glossary.close, text: '×' });
  close.addEventListener('click', () => closePop(true));
  state.pop.replaceChildren(
    el('div', { className: 'term-head' }, el('strong', { id: 'term-pop-name', text: t[0] }), close),
    el('p', { className: 'term-def', text: t[1] }),
    el('p', { className: 'term-good', text: t[2] ? S.glossary.good + t[2] : '' }),
    link);
  state.pop.dataset.showing = key;
  state.pop.hidden = false;
  b.setAttribute('aria-expanded', 'true');
  state.openFor = b;
  place(b);
  state.pop.focus();
}

/** Closes the popover; `refocus` puts the focus back on its ⓘ (Escape, ×, Tab out). */
function closePop(refocus) {
  if (!state.openFor) return;
  const b = state.openFor;
  state.openFor = null;
  state.pop.hidden = true;
  delete state.pop.dataset.showing;
  b.setAttribute('aria-expanded', 'false');
  if (refocus && b.isConnected) b.focus();
}

/** Below the ⓘ, inside the viewport's width. */
function place(b) {
  const r = b.getBoundingClientRect();
  const view = document.documentElement.clientWidth;
  const width = Math.min(352, view - 16);
  state.pop.style.width = `${width}px`;
  const left = Math.max(8, Math.min(r.left, view - width - 8));
  state.pop.style.left = `${left + window.scrollX}px`;
  state.pop.style.top = `${r.bottom + window.scrollY + 6}px`;
}

/** Tab past the popover's last control (or Shift+Tab before its first) goes back to its ⓘ. */
function onPopKey(e) {
  if (e.key !== 'Tab') return;
  const focusable = [...state.pop.querySelectorAll('button, a')];
  const at = document.activeElement;
  if ((!e.shiftKey && at === focusable.at(-1)) || (e.shiftKey && (at === state.pop || at === focusable[0]))) {
    e.preventDefault();
    closePop(true);
  }
}

// ---------------------------------------------------------------- the glossary page

/** Opens the glossary page, at term `key`'s entry when given. */
export function openGlossary(key) {
  if (!state.dialog.open) state.dialog.showModal();
  const entry = key ? document.getElementById(anchorOf(key)) : null;
  for (const e of state.dialog.querySelectorAll('.term-entry.current')) e.classList.remove('current');
  if (entry) {
    entry.classList.add('current');
    entry.scrollIntoView({ block: 'start' });
    entry.focus();
  } else {
    state.dialog.querySelector('.glossary-close')?.focus();
  }
}

/** Writes the glossary page and every ⓘ's name in the page's language. */
function relabel() {
  const g = S.glossary;
  const opener = document.getElementById('glossary-open');
  if (opener) opener.textContent = g.open;
  for (const b of live) if (b.isConnected) label(b);
  if (state.dialog) buildPage();
  if (state.openFor) openPop(state.openFor);
}

function buildPage() {
  const g = S.glossary;
  const close = el('button', { type: 'button', className: 'glossary-close', text: g.close });
  close.addEventListener('click', () => state.dialog.close());
  const sections = GROUPS.map((group) => el('section', { className: 'glossary-group', 'aria-labelledby': `glossary-${group}` },
    el('h3', { id: `glossary-${group}`, text: g.groups[group] }),
    el('dl', {}, ...Object.entries(TERMS).filter(([, t]) => t.group === group).map(([key]) => {
      const [name, def, good] = termText(key);
      return el('div', { className: 'term-entry', id: anchorOf(key), tabIndex: -1 },
        el('dt', { text: name }), el('dd', { text: def }), el('dd', { className: 'term-good', text: g.good + good }));
    }))));
  state.dialog.replaceChildren(
    el('div', { className: 'glossary-head' }, el('h2', { id: 'glossary-heading', text: g.heading }), close),
    el('p', { className: 'muted', text: g.intro }),
    ...sections);
}

// A module script runs after the document is parsed: the header and the
// main landmark are there.
initGlossary();
