// The loaded file's summary and the label: the rows and columns line, the
// reader's notes, the column table (kind, use, statistics), the label
// column and its positive class with the class balance. All of its state
// is the one `state` object. Knows nothing of how the summary is computed.
import { S } from './strings.js';
import { onLang } from './i18n.js';
import { $, el, option, setText, num, fmtPercent, fmtNumber } from './dom.js';
import { ask } from './engine_client.js';
import { isGone } from './rpc.js';
import { refresh as refreshExplore } from './explore.js';
import { takeLinkSettings, applySettings, applyWantedPositive, updateFragment } from './link.js';
import { trainIfWanted } from './train.js';

const state = {
  summary: null,  // the loaded file's summary (from the worker)
  distinct: null, // {column, values: [[value, count]], more} of the label column
};

/** The loaded file's summary, or null. */
export const summary = () => state.summary;

/** The worker holds no table (a new file, or the engine lost it). */
export function forgetSummary() { state.summary = null; }

/** `top` is a list of `[value, count]`, most frequent first. */
function fmtTop(top) {
  if (!Array.isArray(top) || top.length === 0) return S.none;
  return top.map(([v, c]) => S.topValue(v === '' ? S.emptyValue : String(v), num.format(c))).join(', ');
}

/** Shows summary `s`; `keepSettings` (a re-read of the same file) keeps the column table and label. */
export function showSummary(s, keepSettings) {
  const cols = s.columns ?? [];
  const sameFile = keepSettings && state.summary && state.summary.columns.length === cols.length;
  state.summary = s;
  setText('summary-line', () => S.summaryLine(num.format(s.rows), num.format(cols.length)));
  // What the reader noticed (infinite cells, empty or renamed columns), in its words.
  $('read-notes').replaceChildren(...(s.notes ?? []).map((t) => el('li', { text: t })));
  $('summary-line').dataset.rows = String(s.rows);
  $('summary-line').dataset.columns = String(cols.length);
  if (sameFile) return;
  const body = document.querySelector('#columns tbody');
  body.replaceChildren();
  for (const c of cols) {
    const kind = el('select', { className: 'kind' });
    kind.setAttribute('aria-label', S.kindLabel(c.name));
    for (const k of Object.keys(S.kinds)) kind.append(option(k, () => S.kinds[k]));
    kind.value = c.kind;
    kind.dataset.inferred = c.kind;
    const use = el('input', { type: 'checkbox', className: 'use', checked: !c.excluded_by_default });
    use.setAttribute('aria-label', S.useLabel(c.name));
    const tr = el('tr', { data: { column: c.name, outByDefault: String(c.excluded_by_default) } },
      el('td', { text: c.name }),
      el('td', {}, kind),
      el('td', { text: num.format(c.missing), className: 'num' }),
      el('td', { text: fmtNumber(c.min), className: 'num' }),
      el('td', { text: fmtNumber(c.mean), className: 'num' }),
      el('td', { text: fmtNumber(c.max), className: 'num' }),
      el('td', { text: () => fmtTop(c.top) }),
      el('td', {}, use));
    body.append(tr);
  }
  $('summary').hidden = false;
  const label = $('label-col');
  label.replaceChildren(...cols.map((c) => option(c.name, c.name)));
  // Default label: the last two-valued column, else the last column.
  const two = cols.filter((c) => c.distinct === 2);
  label.value = (two.length ? two[two.length - 1] : cols[cols.length - 1])?.name ?? '';
  $('label-section').hidden = cols.length === 0;
  $('train-section').hidden = cols.length === 0;
  const settings = takeLinkSettings();
  if (settings) applySettings(settings, cols);
  onLabelChange();
  if (document.body.dataset.tab === 'explore') refreshExplore();
}

function onLabelChange() {
  const name = $('label-col').value;
  for (const tr of document.querySelectorAll('#columns tbody tr')) {
    const isLabel = tr.dataset.column === name;
    const use = tr.querySelector('.use');
    use.disabled = isLabel;
    tr.classList.toggle('is-label', isLabel);
  }
  $('positive').replaceChildren();
  setText('balance', '');
  if (name) {
    ask('distinct', { column: name }).then(({ values, more }) => showPositives({ column: name, values, more }),
      (e) => { if (!isGone(e)) showPositives({ column: name, values: [], more: false }); });
  }
}

function showPositives(m) {
  if (m.column !== $('label-col').value) return;
  state.distinct = m;
  const sel = $('positive');
  // Minority first: it is the usual positive class.
  const values = [...m.values].sort((a, b) => a[1] - b[1]);
  sel.replaceChildren(...values.map(([v]) => option(v, v === '' ? S.emptyValue : v)));
  if (values.length) sel.value = values[0][0];
  if (applyWantedPositive(sel, values)) trainIfWanted();
  showBalance();
  updateFragment();
}

function showBalance() {
  const { distinct } = state;
  if (!distinct) return;
  const total = distinct.values.reduce((a, [, c]) => a + c, 0);
  const pos = distinct.values.find(([v]) => v === $('positive').value)?.[1] ?? 0;
  const two = distinct.values.length === 2 && !distinct.more;
  setText('balance', () => (two
    ? S.balance(num.format(pos), num.format(total), fmtPercent((100 * pos) / Math.max(1, total)))
    : S.moreValues));
}

/** The label and positive-class menus. */
export function initLabelControls() {
  $('label-col').addEventListener('change', onLabelChange);
  $('positive').addEventListener('change', showBalance);
  // Another language: the column table's controls are named in it (their texts follow by themselves).
  onLang(() => {
    for (const tr of document.querySelectorAll('#columns tbody tr')) {
      tr.querySelector('select.kind')?.setAttribute('aria-label', S.kindLabel(tr.dataset.column));
      tr.querySelector('input.use')?.setAttribute('aria-label', S.useLabel(tr.dataset.column));
    }
  });
}
