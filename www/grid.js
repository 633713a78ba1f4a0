// The cross-validation and grid-search panel (main thread): folds, the
// metric to rank by, a grid editor (one setting per row, its values
// comma-separated), and the page's pool of module workers (www/pool.js,
// pool_worker.js, each with its own wasm instance) that share one parsed
// table. The page's engine (worker.js) already holds the file's table: it
// hands it over as typed arrays (TableBuffers, `gridTable`), kept by
// pool.js for the next searches and handed to every worker — shared
// (SharedArrayBuffer) when the engine can, else a copy transferred to each — and makes the data check
// once for the pool (`gridChecks`). While the panel is in view the pool's
// workers are started and the check made ahead of the click (warm). The
// grid's cells × folds fits are dealt one at a time to whichever worker
// is free, keeping a worker on one fold (its prepared rows) until the fold
// is done, then an untouched fold, then helping with the fold that has
// most fits left, the slowest cells first; the fits are joined in wasm
// (assembleGrid) into the report one worker gives. Overall progress with
// time left, Cancel terminates the pool. Results: a table sortable by any
// column, the best cell marked, "Fit this" puts a cell's settings in the
// Train tab and trains; the selected cell's fold ROC curves and mean are
// painted by the main worker. Every piece of data reaches the DOM through
// textContent. Knows nothing of how models are fitted.
import { S, X, LOCALE, FINDINGS } from './strings.js';
import { handCanvas, replaceCanvas } from './frames.js';
import { call, abandon } from './rpc.js';
import { startPoolWorker as startWorker, keptTable, keepTable, forgetTable, handOver } from './pool.js';
import { chartHeight } from './chart_size.js';
import { dealer } from './grid_deal.js';
import { engineReadouts } from './keyboard.js';
import { lang, onLang } from './i18n.js';
import { darkQuery } from './theme.js'; // the system's theme or the switch's
import { $, el, putText, showError as showErrorIn, fix3 } from './dom.js';

const fix1 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
// The grid each model kind starts with (the settings that matter most for
// it); swapped when the Train tab's kind changes while the rows are still
// the previous kind's defaults, so a boosted-trees grid never offers C.
const DEFAULT_GRIDS = {
  logistic: [['C', '0.001, 0.01, 1, 10, 100'], ['class_weight', 'none, balanced']],
  mlp: [['learning_rate', '0.0003, 0.001, 0.003'], ['imbalance', 'none, class-weight']],
  tree: [['max_depth', '3, 5, 8'], ['class_weight', 'none, balanced']],
  forest: [['n_trees', '50, 100'], ['max_depth', 'none, 8']],
  gbdt: [['learning_rate', '0.03, 0.1'], ['max_leaves', '15, 31']],
  majority: [],
};
const SHOWN = ['roc_auc', 'pr_auc', 'recall', 'precision'];

const state = {
  // What app.js lends (as to www/explore.js): worker(), call(), summary(),
  // config(), source(), dark(), cancelFlag, fitSettings(), file(), specReady().
  ctx: null,
  specWait: false, // a run waits for the model's spec
  pool: null,       // {workers, started, ...} while a search runs
  report: null,     // the merged report shown
  sort: { col: 'rank', dir: 1 },
  selected: null,   // cell index whose folds are drawn
  roc: { canvas: null, worker: null },
  shownKind: 'logistic', // the model kind whose default grid the rows show
  // How the pool is run (bench/grid_workers.mjs compares the ways through
  // gridBenchMode):
  //   source    'page': the page's engine hands over the table it holds;
  //             'file': one pool worker reads the CSV; 'each': every worker
  //             reads the CSV itself (the pool before issue 12 item 9)
  //   schedule  'folds': a worker stays on its fold (see above); 'queue': one
  //             fold-major queue; 'cells': a fixed round-robin share of cells
  //   warm      workers started and the data check made before the click
  //   checks    'once': the page's engine makes the data check for the pool;
  //             'each': every worker makes it
  mode: { source: 'page', schedule: 'folds', warm: true, checks: 'once' },
  // Workers started ahead of a search ({worker, ready: Promise<seconds to
  // instantiate>}), and the data check made ahead ({key, answer: Promise<{checks,
  // seconds}>}); `inView`: the panel is on screen (warm-up allowed).
  spare: [],
  prefetched: null,
  inView: false,
};


export function initGrid(context) {
  state.ctx = context;
  const cores = navigator.hardwareConcurrency || 1;
  // data-term: the setting's ⓘ (www/glossary.js).
  const field = (id, text, input, term) => el('div', { className: 'field inline', data: { term } }, el('label', { htmlFor: id, text }), input);
  $('grid-section').replaceChildren(
    el('h2', { text: () => X.gridHeading }),
    el('p', { className: 'muted small-note', text: () => X.gridIntro }),
    el('div', { className: 'runbar' },
      field('grid-folds', () => X.folds, el('input', { id: 'grid-folds', type: 'number', min: 2, max: 20, step: 1, value: 5 }), 'folds'),
      field('grid-scoring', () => X.scoring, el('select', { id: 'grid-scoring' },
        ...Object.keys(X.scorings).map((k) => el('option', { value: k, text: () => X.scorings[k] }))), 'scoring'),
      field('grid-workers', () => X.workers, el('input', { id: 'grid-workers', type: 'number', min: 1, max: Math.max(1, cores), step: 1, value: cores }), 'workers'),
      el('span', { className: 'muted small-note', text: () => X.workersNote(cores) })),
    el('fieldset', { className: 'grid-editor', data: { term: 'grid' } },
      el('legend', { text: () => X.gridEditor }),
      el('div', { id: 'grid-rows' }),
      el('div', { className: 'runbar' },
        el('button', { id: 'grid-add', type: 'button', className: 'small', text: () => X.gridAddRow }),
        el('span', { id: 'grid-cells', className: 'muted' })),
      el('p', { id: 'grid-key-hint', className: 'muted small-note' })),
    el('div', { className: 'buttons' },
      el('button', { id: 'grid-run', type: 'button', className: 'primary', text: () => X.gridRun }),
      el('button', { id: 'grid-cancel', type: 'button', text: () => X.gridCancel, disabled: true })),
    el('div', { className: 'status', 'aria-live': 'polite' },
      el('progress', { id: 'grid-progress', max: 1, value: 0, hidden: true }), el('span', { id: 'grid-status' })),
    el('p', { id: 'grid-error', className: 'error', role: 'alert', hidden: true }),
    el('div', { id: 'grid-results', hidden: true },
      el('p', { id: 'grid-scoring-note', className: 'muted small-note' }),
      el('p', { className: 'muted small-note', text: () => X.gridFitHint }),
      el('div', { className: 'table-wrap' }, el('table', { id: 'grid-table' }, el('thead', {}, el('tr')), el('tbody'))),
      el('div', { className: 'grid-cell-view' },
        el('figure', { id: 'chart-grid-roc', className: 'chart grid-roc', data: { term: 'chart.grid-roc' } }, el('figcaption', { id: 'grid-roc-caption', className: 'muted' })),
        el('div', { className: 'table-wrap' }, el('table', { id: 'grid-folds-table' }, el('thead', {}, el('tr')), el('tbody'))))),
  );
  showDefaults(kindNow());
  $('model-kind')?.addEventListener('change', () => {
    if (sameRows(DEFAULT_GRIDS[state.shownKind] ?? [])) showDefaults(kindNow());
    else showHint(kindNow());
  });
  $('grid-add').addEventListener('click', () => { addRow('', ''); $('grid-rows').lastElementChild.querySelector('input').focus(); });
  $('grid-rows').addEventListener('input', countCells);
  $('grid-run').addEventListener('click', run);
  $('grid-cancel').addEventListener('click', () => stop(() => X.gridCancelled, 'cancelled'));
  $('grid-scoring').addEventListener('change', () => { if (state.report) showTable(); });
  // Warm-up: once the panel is on screen (or touched) with a file and a
  // label, the pool's workers start and the data check is made, so the
  // click goes straight to the fits.
  new IntersectionObserver((seen) => {
    state.inView = seen.some((e) => e.isIntersecting);
    if (state.inView) gridWarm();
  }).observe($('grid-section'));
  for (const type of ['pointerenter', 'focusin']) $('grid-section').addEventListener(type, () => gridWarm());
  $('label-col')?.addEventListener('change', () => { if (state.inView) gridWarm(); });
  countCells();
  // Another language: the hint, the count and the results again in it (the fixed words follow by themselves).
  onLang(() => {
    showHint(state.shownKind === kindNow() ? state.shownKind : kindNow());
    countCells();
    for (const row of $('grid-rows').children) {
      const [keyIn, valIn] = row.querySelectorAll('input');
      const n = [...$('grid-rows').children].indexOf(row);
      keyIn?.setAttribute('aria-label', `${X.gridKey} ${n + 1}`);
      keyIn?.setAttribute('placeholder', X.gridKey);
      valIn?.setAttribute('aria-label', `${X.gridValues} ${n + 1}`);
      valIn?.setAttribute('placeholder', X.gridValues);
      row.querySelector('button')?.setAttribute('aria-label', X.gridRemove(keyIn?.value ?? ''));
    }
    state.roc.canvas?.setAttribute('aria-label', X.charts['grid-roc']);
    if (state.report && !$('grid-results').hidden) showTable();
  });
  // Another theme: the selected cell's fold ROC again in it.
  darkQuery.addEventListener('change', () => { if (state.report && !$('grid-results').hidden) paintRoc(); });
}


function kindNow() {
  const k = $('model-kind')?.value;
  return k in DEFAULT_GRIDS ? k : 'logistic';
}

/** Replaces the rows with `kind`'s default grid and its settings hint. */
function showDefaults(kind) {
  $('grid-rows').replaceChildren();
  for (const [k, v] of DEFAULT_GRIDS[kind]) addRow(k, v);
  state.shownKind = kind;
  showHint(kind);
  countCells();
}

function showHint(kind) {
  $('grid-key-hint').textContent = X.gridKeyHint(kind);
}

/** Whether the editor's rows are exactly `grid` (untouched defaults). */
function sameRows(grid) {
  const rows = [...$('grid-rows').children].map((r) => [r.querySelector('.grid-key').value, r.querySelector('.grid-values').value]);
  return rows.length === grid.length && rows.every(([k, v], i) => k === grid[i][0] && v === grid[i][1]);
}

function addRow(key, values) {
  const n = $('grid-rows').children.length;
  const keyIn = el('input', { type: 'text', className: 'grid-key', value: key, 'aria-label': `${X.gridKey} ${n + 1}`, placeholder: X.gridKey });
  const valIn = el('input', { type: 'text', className: 'grid-values', value: values, 'aria-label': `${X.gridValues} ${n + 1}`, placeholder: X.gridValues });
  const remove = el('button', { type: 'button', className: 'small', text: '×', 'aria-label': X.gridRemove(key) });
  const row = el('div', { className: 'grid-row' }, keyIn, valIn, remove);
  remove.addEventListener('click', () => { row.remove(); countCells(); });
  keyIn.addEventListener('input', () => remove.setAttribute('aria-label', X.gridRemove(keyIn.value)));
  $('grid-rows').append(row);
  countCells();
}

/** The editor's grid: `[[key, [values]]]`, rows without a key or a value left out. */
function readGrid() {
  return [...$('grid-rows').children].map((r) => [
    r.querySelector('.grid-key').value.trim(),
    r.querySelector('.grid-values').value.split(',').map((v) => v.trim()).filter(Boolean),
  ]).filter(([k, v]) => k && v.length);
}

function countCells() {
  const g = readGrid();
  const n = g.length ? g.reduce((a, [, v]) => a * v.length, 1) : 0;
  $('grid-cells').textContent = X.gridCells(n);
  return n;
}

async function fileBytes(source) {
  const { stream } = await source.open();
  return new Response(stream).arrayBuffer();
}

const since = (t) => (performance.now() - t) / 1000;

/** What the data check depends on: the file and every setting but the models. */
function checksKey(config) {
  const { models, ...rest } = config;
  return JSON.stringify([state.ctx.file().no, rest]);
}

/** The data check of `config` on the page's table, made by the page's engine (once per file and settings). */
function checksOf(config) {
  const key = checksKey(config);
  if (state.prefetched?.key !== key) {
    const answer = state.ctx.call('gridChecks', { config });
    // A failed check is asked again next time (the engine may have been replaced).
    answer.catch(() => { if (state.prefetched?.answer === answer) state.prefetched = null; });
    state.prefetched = { key, answer, started: performance.now() };
  }
  return state.prefetched;
}

/**
 * Starts the pool's workers and makes the data check ahead of a search,
 * when a file and a label are there; `data-grid-warm` turns 'ready' when
 * both are done. Called when the panel comes into view or is touched, and
 * after a search while it is in view; bench/grid_workers.mjs calls it too.
 */
export function gridWarm() {
  if (state.pool || !state.mode.warm || !state.ctx?.summary() || !state.ctx.source()) return;
  let config;
  try { config = state.ctx.config(); } catch { return; }
  if (!config?.label) return;
  const want = Math.max(1, Math.min(Number($('grid-workers').max) || 1, Math.floor(Number($('grid-workers').value) || 1)));
  while (state.spare.length < want) state.spare.push(startWorker());
  const started = performance.now();
  const check = state.mode.checks === 'once' ? checksOf(config).answer : null;
  document.body.dataset.gridWarm = 'starting';
  Promise.all([...state.spare.map((s) => s.ready), check]).then(() => {
    document.body.dataset.gridWarm = 'ready';
    document.body.dataset.gridWarmSeconds = String(since(started));
  }, () => { document.body.dataset.gridWarm = 'failed'; });
}

/** The file's table for a pool, kept for the next searches: from the page's engine, else parsed once by `worker`. */
async function tableOf(source, worker, st) {
  const kept = keptTable(source);
  if (kept) {
    st.kept = true;
    return kept;
  }
  let buffers = null;
  if (state.mode.source === 'page') {
    try {
      const t = performance.now();
      const answer = await state.ctx.call('gridTable');
      buffers = answer.buffers;
      st.engineTable = answer.seconds;
      st.handOver = since(t) - answer.seconds;
    } catch (e) {
      if (e?.code === 'cancelled') throw e;
      st.fallback = String(e?.message ?? e); // e.g. the engine was replaced and holds no table: read the file
    }
  }
  if (!buffers) {
    let t = performance.now();
    const bytes = await fileBytes(source);
    st.read = since(t);
    t = performance.now();
    const answer = await call(worker, 'parse', { bytes }, { transfer: [bytes] });
    buffers = answer.buffers;
    st.parse = answer.seconds;
    st.handOver = since(t) - answer.seconds;
  }
  const t = performance.now();
  const held = keepTable(source, buffers);
  st.share = since(t);
  return held;
}

async function run() {
  if (state.pool || state.specWait) return;
  // The model's spec may still be on its way: asked of a worker just
  // replaced (the move to the full module, a restart), it is asked again,
  // and the config read before it comes has none ("invalid type: null").
  state.specWait = true;
  try {
    if (state.ctx.specReady && !(await state.ctx.specReady())) return; // refused: the form says why
  } finally {
    state.specWait = false;
  }
  if (state.pool) return;
  const config = state.ctx.config();
  const source = state.ctx.source();
  if (!state.ctx.summary() || !config.label || !source) { showError(() => X.gridNeedFile); return; }
  const grid = readGrid();
  const cells = countCells();
  if (!cells) { showError(`${X.gridFailed}${X.gridCells(0)}`); return; }
  const folds = Math.max(2, Math.floor(Number($('grid-folds').value) || 5));
  const scoring = $('grid-scoring').value;
  const max = Number($('grid-workers').max) || 1;
  const n = Math.min(cells * folds, Math.max(1, Math.min(max, Math.floor(Number($('grid-workers').value) || 1))));
  showError('');
  $('grid-run').disabled = true;
  $('grid-cancel').disabled = false;
  $('grid-progress').hidden = false;
  $('grid-progress').removeAttribute('value');
  putText($('grid-status'), () => X.gridLoading);
  document.body.dataset.grid = 'running';
  const zeros = () => new Array(n).fill(0);
  const me = {
    workers: [], fits: [], done: 0, current: zeros(), busy: zeros(), parse: 0, started: performance.now(), n, cells, folds,
    prepare: zeros(), fit: zeros(), preparations: zeros(), count: zeros(), finishedAt: zeros(),
    stages: { ...state.mode },
  };
  const st = me.stages;
  const at = () => since(me.started);
  state.pool = me;
  // Warm workers first; the rest start now.
  const slots = [];
  for (let w = 0; w < n; w++) slots.push(state.mode.warm && state.spare.length ? state.spare.shift() : startWorker());
  me.workers = slots.map((s) => s.worker);
  const ready = Promise.all(slots.map((s) => s.ready)).then(() => { st.readyAt = at(); });
  ready.catch(() => {}); // awaited below; a failure before that is reported by the step that failed
  try {
    const args = { config, grid: grid.map(([k, v]) => `${k}=${v.join(',')}`).join(';'), folds, scoring };
    let opened;
    if (state.mode.source === 'each') {
      const t = performance.now();
      const bytes = await fileBytes(source);
      st.read = since(t);
      opened = await Promise.all(me.workers.map((worker) => {
        const copy = bytes.slice(0); // each worker owns its copy (transferred, not cloned again)
        return call(worker, 'open', { ...args, bytes: copy }, { transfer: [copy] });
      }));
      st.parse = Math.max(...opened.map((o) => o.parseSeconds));
    } else {
      // The table request goes to the page's engine first, the data check
      // right after it, so the check runs while the arrays travel and the
      // workers start.
      const tableAnswer = tableOf(source, me.workers[0], st);
      tableAnswer.catch(() => {}); // awaited just below
      const check = state.mode.checks === 'once' ? checksOf(config) : null;
      const buffers = await tableAnswer;
      st.tableAt = at();
      let checks;
      if (check) {
        st.checksPrefetched = check.started < me.started;
        const answer = await check.answer;
        checks = answer.checks;
        st.checkSeconds = answer.seconds;
        st.checksAt = at();
      }
      await ready;
      opened = await Promise.all(me.workers.map((worker) => {
        const [mine, transfer] = handOver(buffers);
        return call(worker, 'open', { ...args, buffers: mine, checks }, { transfer });
      }));
    }
    await ready;
    st.openAt = at();
    st.build = opened.map((o) => o.timings?.build ?? 0);
    st.workerCheck = opened.map((o) => o.timings?.check ?? 0);
    me.parse = st.parse ?? 0;
    const seconds = new Array(cells).fill(0);
    const counted = new Array(cells).fill(0);
    const deal = dealer(state.mode.schedule, cells, folds, n, (c) => (counted[c] ? seconds[c] / counted[c] : -1));
    await Promise.all(me.workers.map(async (worker, w) => {
      for (let task = deal.next(w); task && state.pool === me; task = deal.next(w)) {
        const t0 = performance.now();
        const fit = await call(worker, 'fit', task, {
          onProgress: (p) => { me.current[w] = p.fraction ?? (p.of ? p.step / p.of : 0); showProgress(me); },
        });
        me.busy[w] += since(t0);
        me.prepare[w] += fit.prepare_seconds ?? 0;
        me.preparations[w] += fit.prepare_seconds > 0 ? 1 : 0;
        me.fit[w] += fit.result.fit_seconds;
        me.count[w] += 1;
        seconds[fit.cell] += fit.result.fit_seconds;
        counted[fit.cell] += 1;
        me.fits.push(fit);
        me.done += 1;
        me.current[w] = 0;
        showProgress(me);
      }
      me.finishedAt[w] = at();
    }));
    st.fitsAt = at();
    me.memory = await Promise.all(me.workers.map((worker) => call(worker, 'memory')));
    const joined = await call(me.workers[0], 'assemble', { fits: me.fits });
    st.assembleAt = at();
    if (state.pool !== me) return;
    finish(me, joined);
  } catch (e) {
    if (state.pool === me) stop('', 'error', () => X.gridFailed + String(e?.message ?? e));
  }
}

function finish(me, joined) {
  const seconds = (performance.now() - me.started) / 1000;
  state.report = joined;
  state.selected = state.report.best !== null ? state.report.cells[state.report.best].index : state.report.cells[0]?.index ?? null;
  state.sort = { col: 'rank', dir: 1 };
  const [cells, took, workers] = [state.report.cells.length, fix1.format(seconds), me.n];
  stop(() => X.gridDone(cells, took, workers), 'done');
  document.body.dataset.gridSeconds = String(seconds);
  document.body.dataset.gridWorkers = String(me.n);
  // For the timing script: the CSV parse in this search (0 when the table
  // was kept from an earlier one or came from the page's engine), each
  // worker's seconds in fits and its wasm memory, and where the time went
  // (seconds; `…At` on the search's clock from the click).
  document.body.dataset.gridParseSeconds = String(me.parse);
  document.body.dataset.gridBusySeconds = me.busy.map((b) => b.toFixed(2)).join(',');
  document.body.dataset.gridMemoryMb = me.memory.map((b) => (b / 2 ** 20).toFixed(0)).join(',');
  document.body.dataset.gridStages = JSON.stringify({
    ...me.stages, wall: seconds,
    workers: me.workers.map((_, w) => ({
      fits: me.count[w], busy: me.busy[w], prepare: me.prepare[w], preparations: me.preparations[w],
      fit: me.fit[w], finishedAt: me.finishedAt[w],
    })),
  });
  $('grid-results').dataset.file = String(state.ctx.file().no); // the file searched (a new file hides it)
  showTable();
}

/**
 * For bench/grid_workers.mjs: how the next searches run (see `mode`).
 * Forgets the kept table, the data check made ahead and the warm workers,
 * so the next search starts from the file or the page's engine again.
 */
export function gridBenchMode({ source = 'page', schedule = 'folds', warm = true, checks = 'once' } = {}) {
  state.mode = { source, schedule, warm, checks };
  forgetTable();
  state.prefetched = null;
  for (const { worker } of state.spare) worker.terminate();
  state.spare = [];
}

function showProgress(me) {
  if (state.pool !== me) return;
  const total = me.cells * me.folds;
  const done = me.done + me.current.reduce((a, f) => a + f, 0);
  const frac = Math.min(1, done / total);
  $('grid-progress').value = frac;
  const elapsed = (performance.now() - me.started) / 1000;
  const left = frac > 0.03 && frac < 1 ? X.gridLeft(fix1.format((elapsed * (1 - frac)) / frac)) : '';
  $('grid-status').textContent = X.gridProgress(Math.floor(done), total, me.n, left);
}

/**
 * Ends the search: terminates the pool (its workers hold the table and
 * the folds in wasm memory, which never shrinks), shows `text` and an
 * error if any; fresh workers start again while the panel is in view.
 */
function stop(text, outcome, error = '') {
  if (state.pool) {
    for (const w of state.pool.workers) {
      w.terminate();
      abandon(w, 'cancelled');
    }
  }
  state.pool = null;
  $('grid-run').disabled = false;
  $('grid-cancel').disabled = true;
  $('grid-progress').hidden = true;
  putText($('grid-status'), text);
  showError(error);
  document.body.dataset.grid = outcome;
  if (state.inView) setTimeout(gridWarm, 0);
}

/** Another file was opened: a search on the old one stops and its table and data check go. */
export function gridFileChanged() {
  if (state.pool) stop(() => X.gridCancelled, 'cancelled');
  forgetTable();
  state.prefetched = null;
  state.report = null;
  $('grid-results').hidden = true;
}

function showError(text) { showErrorIn('grid-error', text); }

// ---------------------------------------------------------------- results

const metricOf = (cell, name) => cell.cv.summary.find(([k]) => k === name)?.[1] ?? { mean: null, sd: null };
const settingsText = (cell) => cell.settings.map(([k, v]) => `${k}=${v}`).join(' · ');
const fmt = (v) => (v === null || v === undefined ? S.none : fix3.format(v));

function showTable() {
  const scoring = state.report.scoring;
  // Why this metric ranks (auto: PR-AUC on imbalanced data), and why no cell
  // is best when every setting finds (almost) no positive.
  const notes = [FINDINGS.sentence(state.report.scoring_note) ?? state.report.scoring_note, state.report.best === null && state.report.cells.length ? X.gridNoBest : null].filter(Boolean);
  $('grid-scoring-note').textContent = notes.join(' ');
  const higher = !['log_loss', 'brier'].includes(scoring);
  const headers = X.gridHeaders(X.scorings[scoring] ?? scoring);
  // Column keys, same order as the headers; '' is not sortable.
  const keys = ['rank', 'settings', 'mean', 'sd', ...SHOWN, ''];
  // Rank 1 is the best by the report's scoring (undefined scores last).
  const byScore = state.report.cells.map((c, i) => [i, metricOf(c, scoring).mean])
    .sort((a, b) => (a[1] === null) - (b[1] === null) || (higher ? b[1] - a[1] : a[1] - b[1]) || a[0] - b[0]);
  const rank = new Map(byScore.map(([i], r) => [i, r + 1]));
  const value = (c, i, key) => {
    if (key === 'rank') return rank.get(i);
    if (key === 'settings') return settingsText(c);
    if (key === 'mean') return metricOf(c, scoring).mean;
    if (key === 'sd') return metricOf(c, scoring).sd;
    return metricOf(c, key).mean;
  };
  const rows = state.report.cells.map((c, i) => ({ c, i }));
  rows.sort((a, b) => {
    const va = value(a.c, a.i, state.sort.col), vb = value(b.c, b.i, state.sort.col);
    if (va === vb) return a.i - b.i;
    if (va === null) return 1;
    if (vb === null) return -1;
    return (typeof va === 'string' ? va.localeCompare(vb) : va - vb) * state.sort.dir;
  });
  const head = document.querySelector('#grid-table thead tr');
  head.replaceChildren(...headers.map((h, k) => {
    if (!keys[k]) return el('th', { scope: 'col' });
    const on = state.sort.col === keys[k];
    const b = el('button', { type: 'button', className: 'sort', text: h + (on ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : ''), 'aria-label': X.gridSortBy(h) });
    b.addEventListener('click', () => {
      state.sort = { col: keys[k], dir: on ? -state.sort.dir : (['rank', 'settings', 'sd'].includes(keys[k]) ? 1 : -1) };
      showTable();
    });
    // Its ⓘ (www/glossary.js): the metric, or what the column is.
    const term = { rank: 'grid_rank', settings: 'grid', mean: scoring === 'auto' ? 'scoring' : scoring, sd: 'fold_sd' }[keys[k]] ?? keys[k];
    return el('th', { scope: 'col', 'aria-sort': on ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none', 'data-term': term }, b);
  }));
  const body = document.querySelector('#grid-table tbody');
  body.replaceChildren(...rows.map(({ c, i }) => {
    const best = i === state.report.best;
    const means = c.cv.summary.map(([k, m]) => `${k}=${m.mean}`).join(';');
    const show = el('button', { type: 'button', className: 'link', text: settingsText(c), 'aria-pressed': String(c.index === state.selected) });
    show.addEventListener('click', () => { state.selected = c.index; showTable(); });
    const fit = el('button', { type: 'button', className: 'small', text: X.gridFit });
    fit.addEventListener('click', () => state.ctx.fitSettings(c.settings));
    const tr = el('tr', { data: { cell: String(c.index), means } },
      el('td', { className: 'num', text: String(rank.get(i)) }),
      el('td', {}, show, ...(best ? [el('span', { className: 'badge', text: X.gridBest })] : [])),
      el('td', { className: 'num', text: fmt(metricOf(c, scoring).mean) }),
      el('td', { className: 'num', text: fmt(metricOf(c, scoring).sd) }),
      ...SHOWN.map((k) => el('td', { className: 'num', text: fmt(metricOf(c, k).mean) })),
      el('td', {}, fit));
    if (best) tr.classList.add('best');
    if (c.index === state.selected) tr.classList.add('selected');
    return tr;
  }));
  $('grid-results').hidden = false;
  paintRoc();
}

function ensureRocCanvas() {
  const worker = state.ctx.worker();
  if (state.roc.worker === worker) return;
  state.roc.worker = worker;
  const canvas = el('canvas', { width: 1, height: 1 });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', X.charts['grid-roc']);
  engineReadouts(canvas, 'grid-roc', (method, args) => state.ctx.call(method, args));
  if (state.roc.canvas) replaceCanvas(state.roc.canvas, canvas); else $('chart-grid-roc').prepend(canvas);
  state.roc.canvas = canvas;
  handCanvas(worker, 'grid-roc', canvas);
}

function paintRoc() {
  const cell = state.report?.cells.find((c) => c.index === state.selected);
  if (!cell) return;
  ensureRocCanvas();
  const fig = $('chart-grid-roc');
  const width = Math.max(160, Math.min(640, Math.floor(fig.clientWidth)));
  const height = chartHeight(width, { square: true });
  state.roc.canvas.style.width = `${width}px`;
  state.roc.canvas.style.height = `${height}px`;
  const auc = metricOf(cell, 'roc_auc');
  $('grid-roc-caption').textContent = X.gridSelected(settingsText(cell));
  showFolds(cell);
  // The main worker's `cvRoc` (www/rpc.js); its answer is shown by onGridMessage.
  state.ctx.call('cvRoc', {
    id: 'grid-roc', dpr: devicePixelRatio || 1,
    request: {
      folds: cell.cv.folds.map((f) => f.roc), mean: cell.cv.mean_roc, name: X.meanCurve(fmt(auc.mean), fmt(auc.sd)),
      slot: 0, width, height, dark: state.ctx.dark(), lang: lang(),
    },
  }).then(() => onGridMessage({ type: 'cvRocPainted', error: null }),
    (e) => onGridMessage({ type: 'cvRocPainted', error: e.code === 'lost' ? null : e.message }));
}

/** Every fold's metrics of `cell`, then mean ± sd (population sd, as the report). */
function showFolds(cell) {
  const keys = X.foldMetrics;
  document.querySelector('#grid-folds-table thead tr').replaceChildren(
    el('th', { scope: 'col', text: X.foldHeader, 'data-term': 'cv' }),
    // Each metric's ⓘ (www/glossary.js): the keys are the glossary's metric keys.
    ...Object.entries(keys).map(([k, h]) => el('th', { scope: 'col', text: h, 'data-term': k })));
  const row = (name, values) => el('tr', {}, el('th', { scope: 'row', text: name }),
    ...values.map((v) => el('td', { className: 'num', text: v })));
  document.querySelector('#grid-folds-table tbody').replaceChildren(
    ...cell.cv.folds.map((f) => row(String(f.fold + 1), Object.keys(keys).map((k) => fmt(f.evaluation[k])))),
    row(X.meanSd, Object.keys(keys).map((k) => {
      const m = metricOf(cell, k);
      return m.mean === null ? S.none : `${fmt(m.mean)} ± ${fmt(m.sd)}`;
    })));
}

/** Handles the main worker's messages for this panel; false for any other. */
export function onGridMessage(m) {
  if (m.type === 'cvRocPainted') {
    showError(m.error ?? '');
    document.body.dataset.gridRoc = m.error ? 'error' : 'painted';
    return true;
  }
  return false;
}
