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

const buttons = new WeakMap(); // host element -> its ⓘ button
const live = new Set();        // the ⓘ buttons made, to relabel on a language switch
let pop = null;                // the one popover
let openFor = null;            // the ⓘ button whose popover is open
let dialog = null;             // the glossary page

/** [name, definition, good value] of term `key` in the page's language, or null for an unknown key. */
export function termText(key) {
  const t = TERMS[key];
  return t ? (t[lang()] ?? t.en) : null;
}

/** The id of term `key`'s entry on the glossary page. */
export const anchorOf = (key) => `term-${key}`;

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k.includes('-') || k === 'role') e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children);
  return e;
}

/** Starts the glossary: the header's link, the popover, the page, and the ⓘ of every data-term element now and later. */
export function initGlossary() {
  if (dialog) return;
  const main = document.getElementById('main') ?? document.body;
  pop = el('div', { id: 'term-pop', className: 'term-pop', role: 'dialog', 'aria-labelledby': 'term-pop-name', tabIndex: -1, hidden: true });
  pop.addEventListener('keydown', onPopKey);
  dialog = el('dialog', { id: 'glossary', className: 'glossary', 'aria-labelledby': 'glossary-heading' });
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); }); // the backdrop
  main.append(pop, dialog);
  const opener = el('button', { id: 'glossary-open', type: 'button', className: 'link glossary-open' });
  opener.addEventListener('click', () => openGlossary());
  const header = document.querySelector('header.top');
  const theme = header?.querySelector('.theme-switch');
  if (theme) theme.before(opener); else header?.append(opener);
  document.addEventListener('pointerdown', (e) => {
    if (openFor && !pop.contains(e.target) && !openFor.contains(e.target)) closePop(false);
  }, true);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && openFor) { e.preventDefault(); e.stopPropagation(); closePop(true); }
  }, true);
  window.addEventListener('resize', () => { if (openFor) place(openFor); });
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
    if (openFor && !openFor.isConnected) closePop(false);
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
    b.addEventListener('click', (e) => { e.stopPropagation(); if (openFor === b) closePop(true); else openPop(b); });
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
  pop.replaceChildren(
    el('div', { className: 'term-head' }, el('strong', { id: 'term-pop-name', text: t[0] }), close),
    el('p', { className: 'term-def', text: t[1] }),
    el('p', { className: 'term-good', text: t[2] ? S.glossary.good + t[2] : '' }),
    link);
  pop.dataset.showing = key;
  pop.hidden = false;
  b.setAttribute('aria-expanded', 'true');
  openFor = b;
  place(b);
  pop.focus();
}

/** Closes the popover; `refocus` puts the focus back on its ⓘ (Escape, ×, Tab out). */
function closePop(refocus) {
  if (!openFor) return;
  const b = openFor;
  openFor = null;
  pop.hidden = true;
  delete pop.dataset.showing;
  b.setAttribute('aria-expanded', 'false');
  if (refocus && b.isConnected) b.focus();
}

/** Below the ⓘ, inside the viewport's width. */
function place(b) {
  const r = b.getBoundingClientRect();
  const view = document.documentElement.clientWidth;
  const width = Math.min(352, view - 16);
  pop.style.width = `${width}px`;
  const left = Math.max(8, Math.min(r.left, view - width - 8));
  pop.style.left = `${left + window.scrollX}px`;
  pop.style.top = `${r.bottom + window.scrollY + 6}px`;
}

/** Tab past the popover's last control (or Shift+Tab before its first) goes back to its ⓘ. */
function onPopKey(e) {
  if (e.key !== 'Tab') return;
  const focusable = [...pop.querySelectorAll('button, a')];
  const at = document.activeElement;
  if ((!e.shiftKey && at === focusable.at(-1)) || (e.shiftKey && (at === pop || at === focusable[0]))) {
    e.preventDefault();
    closePop(true);
  }
}

// ---------------------------------------------------------------- the glossary page

/** Opens the glossary page, at term `key`'s entry when given. */
export function openGlossary(key) {
  if (!dialog.open) dialog.showModal();
  const entry = key ? document.getElementById(anchorOf(key)) : null;
  for (const e of dialog.querySelectorAll('.term-entry.current')) e.classList.remove('current');
  if (entry) {
    entry.classList.add('current');
    entry.scrollIntoView({ block: 'start' });
    entry.focus();
  } else {
    dialog.querySelector('.glossary-close')?.focus();
  }
}

/** Writes the glossary page and every ⓘ's name in the page's language. */
function relabel() {
  const g = S.glossary;
  const opener = document.getElementById('glossary-open');
  if (opener) opener.textContent = g.open;
  for (const b of live) if (b.isConnected) label(b);
  if (dialog) buildPage();
  if (openFor) openPop(openFor);
}

function buildPage() {
  const g = S.glossary;
  const close = el('button', { type: 'button', className: 'glossary-close', text: g.close });
  close.addEventListener('click', () => dialog.close());
  const sections = GROUPS.map((group) => el('section', { className: 'glossary-group', 'aria-labelledby': `glossary-${group}` },
    el('h3', { id: `glossary-${group}`, text: g.groups[group] }),
    el('dl', {}, ...Object.entries(TERMS).filter(([, t]) => t.group === group).map(([key]) => {
      const [name, def, good] = termText(key);
      return el('div', { className: 'term-entry', id: anchorOf(key), tabIndex: -1 },
        el('dt', { text: name }), el('dd', { text: def }), el('dd', { className: 'term-good', text: g.good + good }));
    }))));
  dialog.replaceChildren(
    el('div', { className: 'glossary-head' }, el('h2', { id: 'glossary-heading', text: g.heading }), close),
    el('p', { className: 'muted', text: g.intro }),
    ...sections);
}

// A module script runs after the document is parsed: the header and the
// main landmark are there.
initGlossary();
