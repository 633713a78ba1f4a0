// The Explore tab (main thread): the ranked signal table with its chance
// note, the data diagnostics (code badge, sentence, next step), the
// simple-model check, and the Explore charts the worker paints
// (class-conditional histogram and box plots of a picked feature with
// density / log toggles, correlation heat map with a Pearson / Spearman
// toggle and cell read-outs on hover, 2-D class density of two picked
// features). Also shows the model diagnostics of the Train tab's current
// run under its metric cards. The CV / grid panel is grid.js. Every piece
// of data reaches the DOM through textContent. Knows nothing of how the
// statistics are computed or the charts laid out.
import { S, X, LOCALE } from './strings.js';
import { $, el, putText, showError, num, fix3, fmtDuration } from './dom.js';
import { handCanvas, fitCanvas, replaceCanvas } from './frames.js';
import { showFindings } from './findings.js';
import { isGone } from './rpc.js';
import { lang, onLang } from './i18n.js';
import { darkQuery } from './theme.js'; // the system's theme or the switch's
import { engineReadouts } from './keyboard.js';
import { termText } from './glossary.js';
import { progressText } from './progress_words.js';

const CHART_IDS = ['explore-hist', 'explore-box', 'explore-corr', 'explore-density'];
const pct1 = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });

const state = {
  // What app.js lends: worker(), call(method, args, options) (www/rpc.js on
  // its worker), summary(), config(), dark(), cancelFlag, modelFindings(list), file().
  ctx: null,
  shownKey: null,     // the file + label the tab shows
  signalSeq: 0,       // request counters: an answer to an older request is dropped
  viewSeq: 0,
  diagSeq: 0,
  simpleSeq: 0,
  viewBusy: false,
  viewDirty: false,
  signal: null,       // the last signal table
  workerSeen: null,   // the worker the canvases were handed to
  figures: new Map(), // id -> {figure, canvas}
  simpleStarted: 0,
  simpleRunning: false,
};

// The glossary terms (www/glossary_terms.js) of the signal and simple-check
// tables' columns, in X.signalHeaders' and X.simpleHeaders' order: each
// header gets an ⓘ (www/glossary.js).
const SIGNAL_TERMS = [null, null, null, 'roc_auc', 'separation', 'chance', 'direction', 'r', 'test', 'p_value', 'missing'];
const SIMPLE_TERMS = ['model', 'roc_auc', 'pr_auc', 'fit_time'];
// Each p-value cell is described by the p-value's definition (a hidden
// element kept in the page's language), so a screen reader on any cell
// hears what the number is; the ⓘ itself is once, in the column's header:
// one per row would add a tab stop per feature (dozens) and crowd the
// narrow column, while the header stays in view above the cells it explains.
const P_VALUE_DESC = 'signal-p-desc';
/** `e` in a box that keeps its ⓘ (placed just after it, www/glossary.js) on its line when a row wraps. */
const together = (e) => el('span', { className: 'with-term' }, e);

/** `e` with data-term `key` (none when null). */
function term(e, key) {
  if (key) e.dataset.term = key;
  return e;
}

const fmt = (v, f = fix3) => (v === null || v === undefined || Number.isNaN(v) ? S.none : f.format(v));

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/**
 * A p-value people can read: 3 decimals, or "1.8 × 10⁻⁷⁸" below 0.001 (not
 * the raw "1.8e-78"), and "< 10⁻³⁰⁰" for 0 (a double's underflow, not a
 * true zero).
 */
export function fmtP(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return S.none;
  const power = (e) => `10${String(e).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c])}`;
  if (p === 0) return `< ${power(-300)}`;
  if (p < 0.001) {
    const [m, e] = p.toExponential(1).split('e');
    return `${m} × ${power(Number(e))}`;
  }
  return fix3.format(p);
}

export function initExplore(context) {
  state.ctx = context;
  build();
  // The tab is shown by www/tabs.js's selectTab, which sets body[data-tab]; refresh then.
  new MutationObserver(() => { if (document.body.dataset.tab === 'explore') refresh(); })
    .observe(document.body, { attributes: true, attributeFilter: ['data-tab'] });
  let timer = 0;
  new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => { if (document.body.dataset.tab === 'explore') requestCharts(); }, 80);
  }).observe($('explore-charts-a'));
  // Another language: the signal table and the charts again in it (the fixed words follow by themselves).
  onLang(() => {
    document.querySelector('#explore-main .signal-wrap')?.setAttribute('aria-label', X.signalHeading);
    for (const [id, f] of state.figures) f.canvas?.setAttribute('aria-label', X.charts[id]);
    if (state.signal) showSignal(state.signal);
    if (document.body.dataset.tab === 'explore') requestCharts();
  });
  // Another theme: the charts again in it (a hidden tab repaints when shown).
  darkQuery.addEventListener('change', () => { if (document.body.dataset.tab === 'explore') requestCharts(); });
}

function build() {
  const main = $('explore-main');
  const section = (id, heading, ...children) =>
    el('section', { id, className: 'explore-section' }, el('h2', { text: heading }), ...children);
  const check = (id, text) => el('label', { className: 'check' }, el('input', { type: 'checkbox', id }), el('span', { text }));
  const pick = (id, text) => el('div', { className: 'field inline' }, el('label', { htmlFor: id, text }), el('select', { id }));
  const figure = (id) => {
    const f = el('figure', { className: 'chart', id: `chart-${id}`, data: { term: `chart.${id}` } });
    state.figures.set(id, { figure: f, canvas: null });
    return f;
  };
  main.replaceChildren(
    el('p', { className: 'muted', text: () => X.intro }),
    el('p', { id: 'explore-need', className: 'muted', text: () => X.needLabel }),
    el('div', { id: 'explore-body', hidden: true },
      section('explore-signal', () => X.signalHeading,
        el('div', { className: 'status', 'aria-live': 'polite' },
          el('progress', { id: 'signal-progress', hidden: true }), el('span', { id: 'signal-status' })),
        el('p', { id: 'signal-error', className: 'error', role: 'alert', hidden: true }),
        el('p', { className: 'muted small-note', text: () => X.signalCaption }),
        el('p', { id: 'chance-note', className: 'small-note' }),
        // Scrolls on its own: focusable, so the keyboard can scroll it (axe: scrollable-region-focusable).
        el('div', { className: 'table-wrap signal-wrap', tabIndex: 0, role: 'region', 'aria-label': X.signalHeading },
          el('table', { id: 'signal-table' }, el('thead', {}, el('tr')), el('tbody')),
          el('span', { id: P_VALUE_DESC, hidden: true, text: () => termText('p_value').slice(0, 2).join(': ') })),
        el('p', { id: 'signal-skipped', className: 'muted small-note' })),
      section('explore-diagnostics', () => X.diagnosticsHeading, el('ul', { id: 'data-diagnostics', className: 'diagnostics' })),
      section('explore-simple', () => X.simpleHeading,
        el('p', { className: 'muted small-note', text: () => X.simpleIntro, data: { term: 'simple' } }),
        el('div', { className: 'buttons' },
          el('button', { id: 'simple-run', type: 'button', className: 'primary', text: () => X.simpleRun }),
          el('button', { id: 'simple-cancel', type: 'button', text: () => S.cancel, disabled: true })),
        el('div', { className: 'status', 'aria-live': 'polite' },
          el('progress', { id: 'simple-progress', max: 1, value: 0, hidden: true }), el('span', { id: 'simple-status' })),
        el('p', { id: 'simple-error', className: 'error', role: 'alert', hidden: true }),
        el('div', { className: 'table-wrap' },
          el('table', { id: 'simple-table', hidden: true }, el('thead', {}, el('tr')), el('tbody')))),
      section('explore-charts', () => X.chartsHeading,
        el('p', { id: 'explore-no-numeric', className: 'muted', text: () => X.noNumeric, hidden: true }),
        el('div', { className: 'runbar' }, pick('explore-feature', () => X.feature),
          together(term(check('explore-density-toggle', () => X.densityToggle), 'hist_density')),
          together(term(check('explore-log', () => X.logToggle), 'log_scale'))),
        el('p', { id: 'explore-view-error', className: 'error', role: 'alert', hidden: true }),
        el('div', { id: 'explore-charts-a', className: 'charts' }, figure('explore-hist'), figure('explore-box')),
        el('div', { className: 'runbar' }, together(term(check('explore-spearman', () => X.spearman), 'spearman')),
          pick('explore-x', () => X.xFeature), pick('explore-y', () => X.yFeature)),
        el('div', { id: 'explore-charts-b', className: 'charts' }, figure('explore-corr'), figure('explore-density'))),
      el('section', { id: 'grid-section', className: 'explore-section' })),
  );
  const head = document.querySelector('#signal-table thead tr');
  head.replaceChildren(...X.signalHeaders.map((_, k) => term(el('th', { scope: 'col', text: () => X.signalHeaders[k] }), SIGNAL_TERMS[k])));
  document.querySelector('#simple-table thead tr')
    .replaceChildren(...X.simpleHeaders.map((_, k) => term(el('th', { scope: 'col', text: () => X.simpleHeaders[k] }), SIMPLE_TERMS[k])));
  for (const id of ['explore-feature', 'explore-density-toggle', 'explore-log', 'explore-spearman', 'explore-x', 'explore-y']) {
    $(id).addEventListener('change', requestCharts);
  }
  // Density and log count are alternatives: one turns the other off.
  $('explore-density-toggle').addEventListener('change', () => { if ($('explore-density-toggle').checked) $('explore-log').checked = false; });
  $('explore-log').addEventListener('change', () => { if ($('explore-log').checked) $('explore-density-toggle').checked = false; });
  $('simple-run').addEventListener('click', runSimple);
  $('simple-cancel').addEventListener('click', () => { if (state.ctx.cancelFlag) Atomics.store(state.ctx.cancelFlag, 0, 1); });
  $('simple-cancel').hidden = !state.ctx.cancelFlag;
}

/** `{label, positive}` of the Train tab, or null before a file and label. */
function labelChoice() {
  const summary = state.ctx.summary();
  if (!summary) return null;
  const config = state.ctx.config();
  if (!config.label) return null;
  return { label: config.label, positive: config.positive };
}

/** Re-reads the signal and redraws when the file or the label changed. */
export function refresh() {
  const choice = labelChoice();
  $('explore-need').hidden = Boolean(choice);
  $('explore-body').hidden = !choice;
  if (!choice) return;
  const summary = state.ctx.summary();
  const key = JSON.stringify([summary.rows, summary.columns.map((c) => c.name), choice]);
  // A new worker (after a cancel without shared memory) holds a new session.
  const newWorker = state.ctx.worker() !== state.workerSeen;
  ensureCanvases();
  if (key !== state.shownKey || newWorker) {
    state.shownKey = key;
    fillPickers(summary, choice.label);
    requestSignal(choice);
  }
  requestCharts();
}

function numericColumns(summary, label) {
  return summary.columns.filter((c) => c.name !== label && c.kind === 'numeric').map((c) => c.name);
}

function fillPickers(summary, label, ranked) {
  const names = ranked ?? numericColumns(summary, label);
  $('explore-no-numeric').hidden = names.length > 0;
  const opts = () => names.map((n) => el('option', { value: n, text: n }));
  const keep = (id, fallback) => {
    const sel = $(id);
    const old = sel.value;
    sel.replaceChildren(...opts());
    sel.value = names.includes(old) && !ranked ? old : fallback ?? names[0] ?? '';
  };
  keep('explore-feature', names[0]);
  keep('explore-x', names[0]);
  keep('explore-y', names[1] ?? names[0]);
}

function requestSignal(choice) {
  state.signal = null;
  $('signal-progress').hidden = false;
  $('signal-progress').removeAttribute('value');
  putText($('signal-status'), () => X.computing);
  showError('signal-error', '');
  document.body.dataset.explore = 'computing';
  const seq = ++state.signalSeq;
  state.ctx.call('signal', { choice }).then((result) => onSignal({ seq, result }),
    (e) => { if (!isGone(e)) onSignal({ seq, error: e.message }); });
}

function onSignal(m) {
  if (m.seq !== state.signalSeq) return;
  $('signal-progress').hidden = true;
  putText($('signal-status'), '');
  if (m.error) {
    showError('signal-error', m.error);
    document.body.dataset.explore = 'error';
    return;
  }
  state.signal = m.result.signal;
  showSignal(state.signal);
  showDiagnostics($('data-diagnostics'), m.result.diagnostics, () => X.noDiagnostics);
  // The pickers follow the ranking: the most separating numeric feature first.
  const numeric = new Set(numericColumns(state.ctx.summary(), state.signal.label));
  const ranked = state.signal.features.map((f) => f.column).filter((n) => numeric.has(n));
  if (ranked.length) fillPickers(state.ctx.summary(), state.signal.label, ranked);
  document.body.dataset.explore = 'ready';
  requestCharts();
}

function showSignal(t) {
  const ref = t.reference;
  putText($('chance-note'), ref
    ? X.chanceNote(num.format(ref.permutations), fix3.format(ref.max_excess_p99), num.format(ref.rows_used))
    : X.noReference);
  const body = document.querySelector('#signal-table tbody');
  body.replaceChildren(...t.features.map((f, i) => {
    const tr = el('tr', { data: { column: f.column, separation: String(f.separation ?? '') } },
      el('td', { className: 'num', text: String(i + 1) }),
      el('td', { text: f.above_chance ? `${f.column} ✓` : f.column, title: f.above_chance ? X.aboveChance : '' }),
      el('td', { text: S.kinds[f.kind] ?? f.kind }),
      el('td', { className: 'num', text: fmt(f.auc) }),
      el('td', { className: 'num', text: fmt(f.separation) }),
      el('td', { className: 'num', text: fmt(f.chance) }),
      el('td', { text: X.directions[f.direction] ?? f.direction }),
      el('td', { className: 'num', text: fmt(f.point_biserial) }),
      el('td', { text: X.tests[f.test] ?? f.test }),
      el('td', { className: 'num p-value', text: fmtP(f.p_value), 'aria-describedby': P_VALUE_DESC }),
      el('td', { className: 'num', text: pct1.format(f.missing_rate) }));
    if (f.above_chance) tr.classList.add('above-chance');
    return tr;
  }));
  putText($('signal-skipped'), t.skipped.length ? X.skipped(t.skipped.join(', ')) : '');
}

/** Renders findings `list` into `ul` (code badge, sentence, next step); `empty` when none. */
export function showDiagnostics(ul, list, empty) {
  if (!list.length) {
    ul.replaceChildren(...(empty ? [el('li', { className: 'muted', text: empty })] : []));
    return;
  }
  showFindings(ul, list);
}

// ---------------------------------------------------------------- charts

/** Hands fresh canvases to a new worker (a canvas goes to one worker, once). */
function ensureCanvases() {
  const worker = state.ctx.worker();
  if (worker === state.workerSeen) return;
  state.workerSeen = worker;
  for (const [id, f] of state.figures) {
    const canvas = el('canvas', { width: 1, height: 1 });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', X.charts[id]);
    engineReadouts(canvas, id, (method, args) => state.ctx.call(method, args));
    if (f.canvas) replaceCanvas(f.canvas, canvas); else f.figure.append(canvas);
    f.canvas = canvas;
    handCanvas(worker, id, canvas);
  }
}

function requestCharts() {
  const choice = labelChoice();
  if (!choice || $('explore-body').hidden) return;
  ensureCanvases();
  if (state.viewBusy) { state.viewDirty = true; return; }
  const feature = $('explore-feature').value;
  if (!feature) return;
  state.viewBusy = true;
  state.viewDirty = false;
  const dark = state.ctx.dark();
  const dpr = devicePixelRatio || 1;
  const size = (id, square) => {
    const f = state.figures.get(id);
    const { width, height } = fitCanvas(f.figure, f.canvas, square ? { ratio: 0.9, min: 260, max: 560 } : undefined);
    return { width, height, dark, lang: lang(), ...choice };
  };
  const density = $('explore-density-toggle').checked;
  const log = $('explore-log').checked;
  const charts = [
    { id: 'explore-hist', dpr, request: { kind: 'histogram', column: feature, bins: 40, density, log_count: log, ...size('explore-hist') } },
    { id: 'explore-box', dpr, request: { kind: 'box', column: feature, ...size('explore-box') } },
    { id: 'explore-corr', dpr, request: { kind: 'correlation', spearman: $('explore-spearman').checked, ...size('explore-corr', true) } },
    { id: 'explore-density', dpr, request: { kind: 'density', x: $('explore-x').value, y: $('explore-y').value, bins: 30, ...size('explore-density', true) } },
  ];
  const seq = ++state.viewSeq;
  state.ctx.call('exploreView', { charts }).then((errors) => onViewed({ seq, errors }),
    (e) => onViewed({ seq, errors: isGone(e) ? {} : { view: e.message } }));
}

function onViewed(m) {
  state.viewBusy = false;
  showError('explore-view-error', [...new Set(Object.values(m.errors ?? {}))].join('\n'));
  document.body.dataset.exploreView = String(m.seq);
  if (state.viewDirty) requestCharts();
}

// ---------------------------------------------------------------- simple-model check

/** True while the simple-model check runs in the worker (the page's watchdog asks). */
export function exploreBusy() { return state.simpleRunning; }

/** The worker died: a simple-model check it was running is over, and `sentence` says so. */
export function exploreWorkerLost(sentence) {
  if (!state.simpleRunning) return;
  onSimple({ seq: state.simpleSeq, error: sentence, cancelled: false, lost: true });
}

/** Another file was opened: nothing computed on the old one stays on screen. */
export function exploreFileChanged() {
  state.signalSeq += 1; // an answer still on its way is the old file's
  state.diagSeq += 1;
  if (state.simpleRunning) onSimple({ seq: state.simpleSeq, error: 'cancelled', cancelled: true });
  state.simpleSeq += 1;
  state.signal = null;
  state.shownKey = null;
  $('simple-table').hidden = true;
  $('simple-status').textContent = '';
  refresh();
}
function runSimple() {
  if (!labelChoice()) return;
  if (state.ctx.cancelFlag) Atomics.store(state.ctx.cancelFlag, 0, 0);
  state.simpleStarted = performance.now();
  state.simpleRunning = true;
  $('simple-run').disabled = true;
  $('simple-cancel').disabled = false;
  $('simple-progress').hidden = false;
  $('simple-progress').value = 0;
  putText($('simple-status'), () => X.simpleRunning);
  showError('simple-error', '');
  document.body.dataset.simple = 'running';
  const seq = ++state.simpleSeq;
  state.ctx.call('simpleCheck', { config: state.ctx.config() }, { onProgress: (p) => onSimpleProgress({ seq, ...p }) }).then(
    (rows) => onSimple({ seq, rows }),
    (e) => onSimple({ seq, error: e.message, cancelled: e.code === 'cancelled' }));
}

function onSimpleProgress(m) {
  if (m.seq !== state.simpleSeq) return;
  $('simple-progress').value = m.fraction;
  putText($('simple-status'), () => `${X.simpleRunning} ${progressText(m)}`);
}

function onSimple(m) {
  if (m.seq !== state.simpleSeq || !state.simpleRunning) return;
  state.simpleRunning = false;
  $('simple-run').disabled = false;
  $('simple-cancel').disabled = true;
  $('simple-progress').hidden = true;
  if (m.error) {
    putText($('simple-status'), m.cancelled ? () => S.cancelled : '');
    if (!m.cancelled) showError('simple-error', m.lost ? m.error : () => X.simpleFailed + m.error);
    document.body.dataset.simple = 'error';
    return;
  }
  const took = (performance.now() - state.simpleStarted) / 1000;
  putText($('simple-status'), () => X.simpleDone(fmtDuration(took)));
  const table = $('simple-table');
  table.hidden = false;
  table.dataset.file = String(state.ctx.file().no); // the file it was computed on (a new file hides it)
  table.querySelector('tbody').replaceChildren(...m.rows.map((r) => el('tr', { data: { kind: r.kind, rocAuc: String(r.roc_auc ?? ''), prAuc: String(r.pr_auc ?? '') } },
    el('td', { text: () => S.shownModelName(r.name) }),
    el('td', { className: 'num', text: fmt(r.roc_auc) }),
    el('td', { className: 'num', text: fmt(r.pr_auc) }),
    el('td', { className: 'num', text: fmtDuration(r.fit_seconds) }))));
  document.body.dataset.simple = 'done';
}

// ---------------------------------------------------------------- model diagnostics (Train tab)

/** Asks for the diagnostics of the run and threshold the Train tab shows. */
export function requestModelDiagnostics({ series, threshold }) {
  const seq = ++state.diagSeq;
  state.ctx.call('modelDiag', { series, threshold }).then((list) => onModelDiag({ seq, list }),
    (e) => onModelDiag({ seq, error: e.message }));
}

function onModelDiag(m) {
  if (m.seq !== state.diagSeq) return;
  // Shown in the Train tab's one findings list (www/train_results.js), beside the run's.
  state.ctx.modelFindings(m.error ? [] : m.list);
}
