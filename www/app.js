// The page: starts the worker, streams a CSV to it (the bundled demo on
// first visit, then any file the user opens or drops), shows the data
// summary, label and model settings, trains in the worker with progress and
// cancel, and shows the results: metric cards, a threshold with its
// confusion counts, and the charts the worker paints on canvases it was
// handed. A second tab scores a CSV with a saved model file; the Compare
// tab (www/compare.js) and the model picker (www/models.js) live apart. Downloads
// (model JSON, predictions CSV, run report JSON, chart PNGs) are Blob URLs:
// nothing is uploaded. The settings live in the URL fragment
// (#label=…&seed=…) so a link reopens the page with them on the demo data.
// Every piece of data reaches the DOM through textContent. Knows
// nothing of how a CSV is parsed, a model fitted or a chart laid out.
// First: the page's language is set before any module reads a string.
import './i18n.js';
import { S } from './strings.js';
import {
  $, el, option, setText, showError, num, dec, fix3, fmtPercent, fmtBytes, fmtNumber, fmtDuration, download, slug,
} from './dom.js';
import {
  initExplore, requestModelDiagnostics, exploreBusy, exploreWorkerLost, exploreFileChanged,
  refresh as refreshExplore,
} from './explore.js';
import { initGrid, gridFileChanged } from './grid.js';
import { initModels, modelSpec, modelSettings, applyModelSettings } from './models.js';
import { initCompare, compareWorkerStarted, compareShown, compareFileChanged, compareBusy, compareRestore } from './compare.js';
import { mergeFindings, showFindings } from './findings.js';
import { sharedCancelFlag } from './engine.js';
import { handCanvas } from './frames.js';
import { initScore, scoreWorkerStarted, scoreShown, openModel, scoreFile } from './score.js';
// Dark or light: the system's choice or the theme switch's (www/theme.js).
import { darkQuery } from './theme.js';
import { keyboardReadout, sliderSteps } from './keyboard.js';
import { call, abandon, isGone } from './rpc.js';
import { initChartExport } from './export.js';
import { offerUndo, dismissUndo } from './undo.js';
import { buildViews, viewRequest, viewsAsk, showViews } from './views.js';

const DEMO = 'data/lending_club.csv';
const CHARTS = ['roc', 'pr', 'confusion', 'scores', 'threshold', 'ks'];
// Null where the engine cannot share memory with a worker (www/engine.js).
const cancelFlag = sharedCancelFlag();

let worker = null;
let nextId = 0;
let active = null;    // {id, name, total, started, abort} of the file being read
let fileNo = 0;       // the file the user opened (a re-read keeps it); every result view carries it
let rereading = false; // a replaced worker is about to read the file again: no run until it has
let done = [];        // {run, config} of this file's runs since "Clear runs", replayed after a restart
let restore = null;   // {queue, n, last, view} while those runs are replayed in a new worker
let source = null;    // {name, open()} of the loaded file, to re-read after a restart
let summary = null;   // its summary
let autoTrain = false; // train once the demo is read (first visit)
let training = null;  // {run, started} while a run is under way
let nextRun = 0;
let results = null;   // {report, names} of the last run; series list
// The shown threshold's model diagnostics (Explore's modelDiag answer) and
// notes (metric fallbacks): with the run's findings, one list.
let thresholdFindings = [];
let thresholdNotes = [];
let seq = 0;          // view request counter
let viewAsked = null; // {seq, series, part, threshold} of the last view asked for
let viewBusy = false, viewDirty = false;
let chooseSeq = 0;
let hoverBusy = false;
const charts = new Map(); // id -> {figure, canvas, log} of the results charts
let linkSettings = null; // settings read from the URL fragment, applied to the demo's first summary
let historyCanvas = null;  // the live training-loss chart

/** `top` is a list of `[value, count]`, most frequent first. */
function fmtTop(top) {
  if (!Array.isArray(top) || top.length === 0) return S.none;
  return top.map(([v, c]) => S.topValue(v === '' ? S.emptyValue : String(v), num.format(c))).join(', ');
}

// ---------------------------------------------------------------- worker

/** A new worker; `sentence` (when the old one died) tells the tab whose run it ended. */
function startWorker(sentence) {
  // Requests the old worker never answered must not block the new one.
  viewBusy = false;
  hoverBusy = false;
  workerReady = false;
  heard();
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const me = worker;
  me.addEventListener('message', heard);
  // Before 'ready' the engine could not start (nothing to recover); after
  // it, an uncaught error means the worker died: replace it.
  worker.onerror = (e) => {
    if (workerReady) recoverWorker(e.message || S.workerDied);
    else showError('error', S.engineFailed + (e.message ?? ''));
  };
  // The first answer says the engine is up (a failed start answers with code `engine`).
  call(me, 'hello').then(({ version }) => {
    if (me !== worker) return;
    workerReady = true;
    setText('version', S.version(version));
  }, (e) => { if (me === worker && e.code === 'engine') showError('error', S.engineFailed + e.message); });
  if (cancelFlag) ask('cancelFlag', { flag: cancelFlag }).catch(() => {});
  scoreWorkerStarted(worker);
  // A new worker gets new canvases (www/frames.js sends each its frames).
  const history = el('canvas', { width: 1, height: 1 });
  history.setAttribute('role', 'img');
  history.setAttribute('aria-label', S.charts.history);
  if (historyCanvas) historyCanvas.replaceWith(history); else $('chart-history').prepend(history);
  historyCanvas = history;
  handCanvas(worker, 'history', history);
  for (const [id, c] of charts) {
    const canvas = el('canvas', { width: 1, height: 1 });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', S.charts[id]);
    c.canvas.replaceWith(canvas);
    c.canvas = canvas;
    hookCanvas(id, canvas);
    handCanvas(worker, id, canvas);
  }
  compareWorkerStarted(sentence);
}

// ---------------------------------------------------------------- recovery

// A worker whose wasm trapped (a panic, memory exhausted) answers 'crashed';
// one that died or hangs is noticed by the watchdog: while the page waits
// for it (a file being read, a run), a worker silent for WATCHDOG_MS is
// pinged, and one silent for twice that is replaced. Either way the file is
// re-read from the File the page still holds and the settings are kept.
const WATCHDOG_MS = Number(new URLSearchParams(location.search).get('watchdog')) || 30_000;
let workerReady = false;
let lastHeard = 0;
let pinged = false;
function heard() { lastHeard = performance.now(); pinged = false; }

// The Explore tab's signal table sends no progress while it computes, so
// it is not watched (a long one would be taken for a hang); the simple-model
// check and a Compare run report progress and are, and a chart view asked
// for (an idle worker that died is found out by the first one unanswered).
function watchdog() {
  if (!worker || !(training || active || viewBusy || compareBusy() || exploreBusy())) { heard(); return; }
  const quiet = performance.now() - lastHeard;
  if (quiet > 2 * WATCHDOG_MS) recoverWorker(S.workerSilent);
  else if (quiet > WATCHDOG_MS && !pinged) { pinged = true; ask('ping').catch(() => {}); }
}

/** Replaces a crashed, dead or silent worker; tells the user in one sentence. */
function recoverWorker(why) {
  try { worker.terminate(); } catch { /* already gone */ }
  abandon(worker, 'lost', String(why));
  // A replay that itself brought the engine down is not tried again.
  if (restore) done = [];
  if (training) onTrainEnd(training.run, '', 'train-error');
  // A file whose second reading also brought the engine down is not read a third time.
  const again = active?.reread === true || rereading;
  if (active) { active = null; $('progress').hidden = true; }
  const view = keepView();
  const sentence = S.engineRestarted(String(why).replace(/\s+/g, ' ').slice(0, 160), done.length > 0);
  startWorker(sentence);
  exploreWorkerLost(sentence);
  document.body.dataset.recovered = String(Number(document.body.dataset.recovered ?? 0) + 1);
  if (again) {
    // The worker holds no table now: nothing may offer to train on one.
    done = [];
    rereading = false;
    source = null;
    summary = null;
    for (const id of ['summary', 'label-section', 'train-section']) $(id).hidden = true;
    document.body.dataset.state = 'error';
    updateTrain();
    showError('train-error', S.engineRestartedTwice(String(why).replace(/\s+/g, ' ').slice(0, 160)));
    return;
  }
  showError('train-error', sentence);
  rereadFile(view);
}

/** Replaces a busy worker (no shared cancel flag) and re-reads the file. */
function restartWorker() {
  worker.terminate();
  abandon(worker, 'cancelled', S.cancelled);
  if (training) onTrainEnd(training.run, S.cancelled, 'cancelled');
  const view = keepView();
  startWorker();
  rereadFile(view);
}

/** What the results view shows (to show it again after a restart), and hides it. */
function keepView() {
  const view = results ? { ...viewState(), run: results.run } : restore?.view ?? null;
  hideResults();
  return view;
}

/**
 * A new worker reads the file again from the File (or demo) the page holds;
 * Train stays disabled from now until that read is done, then the file's
 * earlier runs are replayed (same config, same seed: the same results) and
 * `view` shown again.
 */
function rereadFile(view) {
  restore = null;
  if (!source) return;
  const { name, open } = source;
  const me = source;
  rereading = true;
  updateTrain();
  open().then(({ stream, total, abort }) => {
    if (source !== me) return; // another file was opened meanwhile
    rereading = false;
    pendingView = view;
    return load(name, stream, total, abort, true);
  }, (e) => {
    rereading = false;
    updateTrain();
    showError('error', S.errorPrefix(name) + String(e?.message ?? e));
  });
}
let pendingView = null; // the view to show once the re-read file's runs are replayed

/** Train is clickable on a file the worker holds, one run at a time (Compare's too). */
function updateTrain() {
  $('train').disabled = engineBusy() || compareBusy();
  $('cmp-train').disabled = engineBusy() || compareBusy();
}

/** True while nothing may start a run: a run, a read or a re-read under way. */
function engineBusy() {
  return training !== null || active !== null || rereading;
}

/**
 * Calls `method` on the current worker (www/rpc.js). A worker whose wasm
 * trapped answers with code `crashed`: it is replaced at the first such
 * answer, and callers drop answers of code `crashed`, `lost` or `cancelled`
 * (isGone) as the replacement already ended what they were waiting for.
 */
function ask(method, args, options) {
  const w = worker;
  return call(w, method, args, options).catch((e) => {
    if (e.code === 'crashed' && w === worker) recoverWorker(e.message);
    throw e;
  });
}

/** Shows `e`'s message in `id` unless its worker was replaced (which says so itself). */
const shownIn = (id, prefix = '') => (e) => { if (!isGone(e)) showError(id, prefix + e.message); };

// ---------------------------------------------------------------- reading

/** Streams `stream` (a ReadableStream of bytes) to the worker as file `name`. */
async function load(name, stream, total, abort, reread) {
  if (active?.abort) active.abort();
  const id = ++nextId;
  active = { id, name, total, started: performance.now(), abort, reread: reread === true };
  showError('error', '');
  $('summary').hidden = true; // never show one file's summary under another's name
  // A new file is a new session in the worker: its runs and settings are gone,
  // and a run still going on the old file is dropped (its result, when it
  // comes, belongs to no run the page is waiting for).
  if (!active.reread && training) {
    if (cancelFlag) Atomics.store(cancelFlag, 0, 1);
    onTrainEnd(training.run, S.cancelled, 'cancelled');
  }
  if (!active.reread) {
    // Nothing of the old file is shown under the new one, in any tab.
    fileNo += 1;
    done = [];
    restore = null;
    pendingView = null;
    rereading = false;
    compareFileChanged();
    gridFileChanged();
    hideResults();
    summary = null;
    exploreFileChanged();
    $('label-section').hidden = true;
    $('train-section').hidden = true;
    // The old file's training history, status and errors go too.
    $('chart-history').hidden = true;
    setText('train-status', '');
    for (const id of ['train-error', 'view-error', 'link-error']) showError(id, '');
  }
  setText('summary-line', '');
  $('read-notes').replaceChildren();
  // No run until this file is in the worker (a re-read keeps the old summary on screen).
  $('train').disabled = true;
  $('progress').hidden = false;
  $('progress').removeAttribute('value');
  // A read error fails the file once (later chunks fail with it; `stale` = another file's).
  const failed = (e) => { if (!isGone(e) && e.code !== 'stale') fail(id, e.message); };
  ask('begin', { file: id, total }).catch(() => {});
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (active?.id !== id) { reader.cancel(); return; }
      if (done) break;
      ask('chunk', { file: id, bytes: value }, { transfer: [value.buffer] }).then((n) => onReadProgress(id, n), failed);
    }
    ask('end', { file: id }).then((summary) => onReadSummary(id, summary), failed);
  } catch (e) {
    if (active?.id === id) fail(id, String(e?.message ?? e));
  }
}

function fail(id, message) {
  if (active?.id !== id) return;
  $('progress').hidden = true;
  setText('status', '');
  showError('error', S.errorPrefix(active.name) + message);
  active = null;
  updateTrain();
  document.body.dataset.state = 'error';
}

async function openDemo() {
  const name = DEMO.split('/').pop();
  const ctl = new AbortController();
  const res = await fetch(DEMO, { signal: ctl.signal });
  if (!res.ok) throw new Error(S.fetchFailed(res.status));
  return { stream: res.body, total: Number(res.headers.get('content-length')) || 0, abort: () => ctl.abort(), name };
}

async function loadDemo(train) {
  const name = DEMO.split('/').pop();
  setText('status', S.loadingDemo(name));
  autoTrain = train;
  try {
    const { stream, total, abort } = await openDemo();
    source = { name, open: openDemo, keep: false };
    await load(name, stream, total, abort);
  } catch (e) {
    if (e.name !== 'AbortError') showError('error', S.errorPrefix(name) + String(e?.message ?? e));
  }
}

function loadFile(file) {
  if (!file) return;
  autoTrain = false;
  rereading = false;
  source = { name: file.name, open: async () => ({ stream: file.stream(), total: file.size, abort: null }) };
  load(file.name, file.stream(), file.size, null);
}

function onReadProgress(id, bytesRead) {
  if (active?.id !== id) return;
  const { total, name } = active;
  if (total) $('progress').value = Math.min(1, bytesRead / total);
  setText('status', S.reading(name, fmtBytes(bytesRead), total ? fmtBytes(total) : ''));
}

function onReadSummary(id, s) {
  if (active?.id !== id) return;
  $('progress').hidden = true;
  setText('status', S.loaded(active.name, fmtDuration((performance.now() - active.started) / 1000)));
  const reread = active.reread;
  active = null;
  updateTrain();
  showSummary(s, reread);
  document.body.dataset.state = 'loaded';
  if (reread) restoreRuns();
  else if (autoTrain) { autoTrain = false; startTraining(); }
}

// ---------------------------------------------------------------- data

function showSummary(s, keepSettings) {
  const cols = s.columns ?? [];
  const sameFile = keepSettings && summary && summary.columns.length === cols.length;
  summary = s;
  setText('summary-line', S.summaryLine(num.format(s.rows), num.format(cols.length)));
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
    for (const k of Object.keys(S.kinds)) kind.append(option(k, S.kinds[k]));
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
      el('td', { text: fmtTop(c.top) }),
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
  if (linkSettings) {
    const settings = linkSettings;
    linkSettings = null;
    applySettings(settings, cols);
  }
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

let distinct = null;
function showPositives(m) {
  if (m.column !== $('label-col').value) return;
  distinct = m;
  const sel = $('positive');
  // Minority first: it is the usual positive class.
  const values = [...m.values].sort((a, b) => a[1] - b[1]);
  sel.replaceChildren(...values.map(([v]) => option(v, v === '' ? S.emptyValue : v)));
  if (values.length) sel.value = values[0][0];
  if (wantedPositive !== null) {
    if (values.some(([v]) => v === wantedPositive)) sel.value = wantedPositive;
    else linkError(S.linkWhy.positive(wantedPositive));
    wantedPositive = null;
    if (autoTrain) { autoTrain = false; startTraining(); }
  }
  showBalance();
  updateFragment();
}

function showBalance() {
  if (!distinct) return;
  const total = distinct.values.reduce((a, [, c]) => a + c, 0);
  const pos = distinct.values.find(([v]) => v === $('positive').value)?.[1] ?? 0;
  const text = distinct.values.length === 2 && !distinct.more
    ? S.balance(num.format(pos), num.format(total), fmtPercent((100 * pos) / Math.max(1, total)))
    : S.moreValues;
  setText('balance', text);
}

// ---------------------------------------------------------------- training

// Columns the user chose to keep although the data check left them out
// ("Keep anyway" on a finding); read into every run's config.checks.keep.
const keepColumns = new Set();

/** Marks `column` kept for the next runs (a finding's "Keep anyway"). */
function keepAnyway(column) {
  keepColumns.add(column);
  for (const id of ['kept-note', 'cmp-kept-note']) {
    const p = $(id);
    if (p) { p.textContent = S.keptNote([...keepColumns].join(', ')); p.hidden = false; }
  }
}

function readConfig() {
  const label = $('label-col').value;
  const kinds = {};
  const drop = [];
  const keep = [];
  for (const tr of document.querySelectorAll('#columns tbody tr')) {
    const name = tr.dataset.column;
    if (keepColumns.has(name)) keep.push(name);
    const kind = tr.querySelector('.kind');
    if (kind.value !== kind.dataset.inferred) kinds[name] = kind.value;
    // A column left out by default (text, all missing) and left so is not a
    // feature anyway; not sent as dropped, so the data check still looks at
    // it (an `a:b:c` case id read as text), as in the CLI.
    const byDefault = tr.dataset.outByDefault === 'true' && kind.value === kind.dataset.inferred;
    if (name !== label && !tr.querySelector('.use').checked && !byDefault) drop.push(name);
  }
  const share = (id) => Number($(id).value) / 100;
  const [train, val, test] = [share('split-train'), share('split-val'), share('split-test')];
  const sum = train + val + test;
  return {
    label,
    positive: $('positive').value ? { value: $('positive').value } : 'minority',
    kinds,
    pipeline: { drop },
    split: { train: train / sum, val: val / sum, test: test / sum },
    seed: Math.max(0, Math.floor(Number($('seed').value) || 0)),
    models: [modelSpec()],
    threshold: 0.5,
    checks: { keep },
  };
}

// ---------------------------------------------------------------- shareable settings

// The fragment holds the settings, not the data: readable key=value pairs,
// e.g. #label=Class&positive=bad&c=0.5&weight=balanced&split=64,16,20&seed=7&drop=a,b,
// and for another kind than logistic regression its fields: &model=mlp&mlp-hidden=16&mlp-epochs=30.
// The worker reads and range-checks them (rareclass::link, fuzzed); the page
// only checks the names against the data.
let wantedPositive = null; // a link's positive class, applied when the label's values arrive

/** The worker's reading of the fragment: settings for the demo's first summary, or the reason none. */
function onLink(m) {
  if (m.error !== undefined) { linkSettings = null; linkError(m.error); return; }
  linkSettings = m.settings && Object.fromEntries(Object.entries(m.settings).filter(([, v]) => v !== null));
}

function linkError(why) {
  showError('link-error', S.badLink(why));
}

/** Applies a link's settings to the controls; on a name the data lacks, says so and keeps the defaults. */
function applySettings(st, cols) {
  const names = new Set(cols.map((c) => c.name));
  const missing = [st.label, ...(st.drop ?? [])].find((n) => n !== undefined && !names.has(n));
  if (missing !== undefined) {
    linkError(S.linkWhy.column(st.label === missing ? 'label' : 'drop', missing));
    return;
  }
  if (st.label !== undefined) $('label-col').value = st.label;
  // The kind first: it decides which imbalance techniques the menu offers.
  applyModelSettings(st.model, st.fields);
  if (st.c !== undefined) $('c').value = String(st.c);
  if (st.weight !== undefined) $('weight').value = st.weight;
  if (st.seed !== undefined) $('seed').value = String(Math.floor(st.seed));
  if (st.split) [$('split-train').value, $('split-val').value, $('split-test').value] = st.split.map(String);
  if (st.drop) {
    for (const tr of document.querySelectorAll('#columns tbody tr')) {
      if (st.drop.includes(tr.dataset.column)) tr.querySelector('.use').checked = false;
    }
  }
  if (st.positive !== undefined) wantedPositive = st.positive;
}

/** Writes the current settings into the fragment (no new history entry). */
function updateFragment() {
  if (!summary || !$('label-col').value) return;
  const cfg = readConfig();
  const enc = (v) => encodeURIComponent(v).replace(/%2C/g, ',');
  const pairs = [
    ['label', cfg.label],
    ...($('positive').value ? [['positive', $('positive').value]] : []),
    ['c', $('c').value],
    ['weight', $('weight').value],
    ['split', [$('split-train').value, $('split-val').value, $('split-test').value].join(',')],
    ['seed', String(cfg.seed)],
    ...(cfg.pipeline.drop.length ? [['drop', cfg.pipeline.drop.join(',')]] : []),
  ];
  // The model kind and every field it has, so a shared link trains the same model.
  const model = modelSettings();
  if (model.kind !== 'logistic') pairs.push(['model', model.kind], ...model.fields);
  const hash = '#' + pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&');
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

function startTraining() {
  if (!summary) { showError('train-error', S.noTable); return; }
  // A demo run waits for the positive class a link asked for.
  if (wantedPositive !== null) { autoTrain = true; return; }
  if (engineBusy() || compareBusy()) return; // a run at a time, and only on a file the worker has
  showError('train-error', '');
  dismissUndo(); // a new run replaces the cleared ones for good
  const run = ++nextRun;
  const config = readConfig();
  training = { run, started: performance.now(), config };
  if (cancelFlag) Atomics.store(cancelFlag, 0, 0);
  $('train').disabled = true;
  $('cancel').disabled = false;
  $('train-progress').hidden = false;
  $('train-progress').value = 0;
  setText('train-status', S.stages.prepare);
  document.body.dataset.train = 'running';
  const fig = $('chart-history');
  fig.hidden = false;
  fig.dataset.points = '0';
  const width = Math.max(160, Math.floor(fig.clientWidth));
  const height = 220;
  historyCanvas.style.width = `${width}px`;
  historyCanvas.style.height = `${height}px`;
  clearHistory();
  const history = { width, height, dark: darkQuery.matches, dpr: devicePixelRatio || 1, axes: S.historyAxis };
  train(run, config, history);
}

/** Runs `config` in the worker as run `run`; `history` = the live chart's look (null: not drawn). */
function train(run, config, history) {
  ask('train', { config, history }, { onProgress: (p) => onTrainProgress({ run, ...p }) }).then(
    (result) => onTrained({ run, result }),
    (e) => {
      // Cancellation is told by the error's code (crate::app::error::Code), never its text.
      if (e.code === 'cancelled') onTrainEnd(run, S.cancelled, 'cancelled');
      else if (!isGone(e) && onTrainEnd(run, '', 'train-error')) showError('train-error', S.trainFailed + e.message);
    });
}

/**
 * The history chart shows this run only: the previous run's curve is wiped
 * (a 1 × 1 canvas is "nothing yet", www/frames.js) and a note says what
 * will be drawn; a model that reports no loss per step (boosted trees,
 * forests, trees: their progress has no `loss`) leaves it empty with a note
 * saying why, rather than a curve it did not make.
 */
function clearHistory() {
  historyCanvas.width = 1;
  historyCanvas.height = 1;
  historyCanvas.hidden = true; // shown with the run's first point
  let note = $('history-note');
  if (!note) {
    note = el('figcaption', { id: 'history-note', className: 'muted' });
    $('chart-history').append(note);
  }
  note.textContent = S.historyNote.waiting;
  note.hidden = false;
}

/** The run ended: a chart with no point says why. */
function endHistory() {
  const note = $('history-note');
  if (!note || $('chart-history').dataset.points !== '0') return;
  note.textContent = S.historyNote.none;
}

/** After a re-read, replays the file's earlier runs one by one (Cancel stops it). */
function restoreRuns() {
  const view = pendingView;
  pendingView = null;
  if (!done.length) { compareRestore(); return; }
  restore = { queue: [...done], n: done.length, view };
  nextRestore();
}

function nextRestore() {
  const { run: shownRun, config } = restore.queue.shift();
  const run = ++nextRun;
  training = { run, started: performance.now(), config, restoring: shownRun };
  if (cancelFlag) Atomics.store(cancelFlag, 0, 0);
  updateTrain();
  $('cancel').disabled = false;
  $('train-progress').hidden = false;
  $('train-progress').value = 0;
  setText('train-status', S.restoring(restore.n - restore.queue.length, restore.n));
  document.body.dataset.train = 'restoring';
  train(run, config, null);
}

function onTrainProgress(m) {
  if (training?.run !== m.run) return;
  $('train-progress').value = m.fraction;
  if (training.restoring) return; // the status says which earlier run is being restored
  // What the live history chart shows, for a person and for the tests.
  if (m.drawn !== undefined) {
    $('chart-history').dataset.points = String(m.drawn);
    if (m.drawn > 0 && historyCanvas.hidden) {
      historyCanvas.hidden = false;
      $('history-note').hidden = true;
    }
  }
  const elapsed = (performance.now() - training.started) / 1000;
  let text = `${S.stages[m.stage] ?? m.stage}: ${m.message}`;
  // Early stopping or convergence may end the fit before its cap.
  if (m.at_most && m.of !== undefined && S.units[m.unit]) text += ` (${S.atMost(num.format(m.of), S.units[m.unit])})`;
  if (m.stage === 'fit' && m.fraction > 0.02 && m.fraction < 1) {
    text += ` · ${S.timeLeft(fmtDuration(Math.max(0, (elapsed * (1 - m.fraction)) / m.fraction)))}`;
  }
  setText('train-status', text);
}

/** Ends run `run` in the UI; false if it was not the current run. */
function onTrainEnd(run, text, state) {
  if (training?.run !== run) return false;
  // A replay that did not finish leaves the earlier results unrestored.
  if (training.restoring && state !== 'done') { restore = null; done = []; }
  if (!training.restoring) endHistory();
  training = null;
  updateTrain();
  $('cancel').disabled = true;
  $('train-progress').hidden = true;
  setText('train-status', text);
  document.body.dataset.train = state;
  return true;
}

function onTrained(m) {
  const seconds = (performance.now() - (training?.started ?? 0)) / 1000;
  const { config, restoring } = training?.run === m.run ? training : {};
  if (!onTrainEnd(m.run, '', 'done')) return;
  const { report, added } = m.result;
  // The run this view shows: its number as first shown, on this file.
  const shown = restoring ?? m.run;
  if (restoring) {
    if (restore.queue.length) { nextRestore(); return; }
    setText('train-status', S.restored(restore.n));
  } else {
    done.push({ run: m.run, config });
    setText('train-status', S.trainedIn(report.models.map((x) => x.name).join(', '), fmtDuration(seconds)));
  }
  results = { report, names: added.names, run: shown, file: fileNo };
  // The new run's findings at once (the threshold's follow with its evaluation).
  thresholdFindings = [];
  thresholdNotes = [];
  showRunFindings();
  const sel = $('series');
  sel.replaceChildren(...added.names.map((n, i) => option(String(i), n)));
  sel.value = String(added.series[added.series.length - 1]);
  const split = report.split;
  setText('split-info', S.splitInfo(num.format(split.test), num.format(split.test_positives)));
  // The choosers read the validation rows: without any they say why they cannot run.
  const noVal = !(split.val > 0);
  for (const id of ['best-f1', 'recall-go', 'precision-go', 'cost-go']) {
    $(id).disabled = noVal;
    $(id).title = noVal ? S.noValidation : '';
  }
  setText('chooser-note', noVal ? S.noValidation : S.choosersNote);
  $('no-results').hidden = true;
  const body = $('results-body');
  body.hidden = false;
  Object.assign(body.dataset, { file: String(fileNo), run: String(shown) });
  setText('results-of', S.resultsOf(shown, source?.name ?? ''));
  const view = restoring ? restore.view : null;
  restore = null;
  if (view) {
    $('series').value = String(view.series);
    $('part').value = view.part;
    setThreshold(view.threshold);
  } else {
    setThreshold(report.config.threshold ?? 0.5);
  }
  if (restoring) compareRestore();
}

function hideResults() {
  results = null;
  $('results-body').hidden = true;
  delete $('results-body').dataset.file;
  delete $('results-body').dataset.run;
  $('cards').replaceChildren(); // no metric of a run no longer shown stays in the page
  for (const k of Object.keys($('cards').dataset)) delete $('cards').dataset[k];
  thresholdFindings = [];
  thresholdNotes = [];
  showRunFindings(); // nor a finding of it
  $('no-results').hidden = false;
}

/** Brings back the runs "Clear runs" put aside, and the view of them. */
function undoClear(kept) {
  if (kept.w !== worker || kept.results.file !== fileNo || training || results) return Promise.reject(new Error(S.clearUndo.gone));
  return ask('undoClearRuns').then(() => {
    ({ results, done } = kept);
    $('series').value = String(kept.view.series);
    $('part').value = kept.view.part;
    $('no-results').hidden = true;
    $('results-body').hidden = false;
    Object.assign($('results-body').dataset, { file: String(results.file), run: String(results.run) });
    showRunFindings();
    setThreshold(kept.view.threshold);
    setText('train-status', S.clearUndo.restored);
  });
}

function cancelTraining() {
  if (!training) return;
  if (cancelFlag) {
    // The worker reads the flag in its progress callback, between solver steps.
    Atomics.store(cancelFlag, 0, 1);
    return;
  }
  // No shared memory (the page is not cross-origin isolated): the busy
  // worker cannot hear a message, so replace it and re-read the file (the
  // earlier runs are replayed; a cancelled replay restores none).
  restartWorker();
}

// ---------------------------------------------------------------- results

// A chosen threshold is kept exactly: the slider rounds to its 0.001 step
// (kept so arrow keys move it finely), which could lose the target recall.
let exactThreshold = null;
function threshold() { return exactThreshold ?? Number($('threshold').value); }

function setThreshold(t) {
  $('threshold').value = String(t);
  exactThreshold = t;
  $('threshold').dataset.exact = String(t); // the slider snaps to its step; tests read the exact value
  requestView();
}

function viewState() {
  return {
    series: Number($('series').value) || 0,
    part: $('part').value,
    threshold: threshold(),
  };
}

function requestView() {
  if (!results) return;
  setText('threshold-value', fix3.format(threshold()));
  if (viewBusy) { viewDirty = true; return; }
  viewBusy = true;
  viewDirty = false;
  const st = viewState();
  const dark = darkQuery.matches;
  const dpr = devicePixelRatio || 1;
  const list = [];
  for (const [id, c] of charts) {
    const width = Math.max(160, Math.floor(c.figure.clientWidth));
    const height = Math.round(Math.min(420, Math.max(220, width * 0.72)));
    c.canvas.style.width = `${width}px`;
    c.canvas.style.height = `${height}px`;
    list.push({
      id, dpr,
      request: { kind: id, width, height, dark, log_count: c.log?.checked ?? false, ...st, ...c.more?.() },
    });
  }
  viewAsked = { seq: ++seq, ...st };
  const me = seq;
  ask('view', { charts: list, evaluate: st, views: viewsAsk(st) }).then((r) => onViewed({ seq: me, ...r }), (e) => {
    viewBusy = false;
    if (!isGone(e)) showError('view-error', e.message);
  });
}

function onViewed(m) {
  viewBusy = false;
  // A view of results no longer shown (another file, a replaced worker): drop it.
  if (!results) return;
  const errs = Object.values(m.errors ?? {});
  showError('view-error', errs.join('\n'));
  if (m.evaluation) showEvaluation(m.evaluation);
  showViews(m.views, m.viewsError);
  // The cards say which run, rows and threshold they were computed for.
  if (m.evaluation && viewAsked?.seq === m.seq) {
    const { series, part, threshold: t } = viewAsked;
    Object.assign($('cards').dataset, { run: String(results.run), series: String(series), part, threshold: String(t) });
  }
  if (m.evaluation) requestModelDiagnostics(viewState());
  document.body.dataset.view = String(m.seq);
  if (viewDirty) requestView();
}


/** The one findings list beside the Train result: the run's (data check, model checks), then the threshold's. */
function showRunFindings() {
  showFindings($('run-warnings'), mergeFindings(results?.report.warnings ?? [], thresholdFindings, thresholdNotes),
    { leftOut: results?.report.data.left_out ?? [], onKeep: keepAnyway });
}

/** The model diagnostics of the shown run and threshold arrived (or failed: `list` empty). */
function showThresholdFindings(list) {
  thresholdFindings = list;
  showRunFindings();
  $('run-warnings').dataset.threshold = 'checked';
}

let lastEvaluation = null;
function showEvaluation(e) {
  lastEvaluation = e;
  const cards = $('cards');
  const card = (key, value, note) => {
    const text = value === null || value === undefined || Number.isNaN(value) ? S.none : fix3.format(value);
    return el('div', { className: 'card', data: { metric: key, value: String(value ?? '') } },
      el('div', { className: 'card-name', text: S.cards[key] }),
      el('div', { className: 'card-value', text }),
      el('div', { className: 'card-note muted', text: note ?? '' }));
  };
  cards.replaceChildren(
    card('roc_auc', e.roc_auc), card('pr_auc', e.pr_auc), card('ks', e.ks), card('log_loss', e.log_loss),
    card('precision', e.precision, S.atThreshold), card('recall', e.recall, S.atThreshold),
    card('f1', e.f1, S.atThreshold), card('accuracy', e.accuracy, S.majority(fix3.format(e.majority_accuracy))),
  );
  $('more-metrics').textContent = S.moreMetrics(
    fix3.format(e.specificity), fix3.format(e.balanced_accuracy), fix3.format(e.mcc),
    e.brier === null || e.brier === undefined ? S.none : fix3.format(e.brier));
  thresholdNotes = e.warnings ?? [];
  thresholdFindings = [];
  showRunFindings();
  // Set again when this threshold's model diagnostics arrive (tests wait for it).
  delete $('run-warnings').dataset.threshold;
  const line = $('cm-line');
  line.textContent = S.cmLine(num.format(e.tp), num.format(e.fp), num.format(e.tn), num.format(e.fn));
  Object.assign(line.dataset, { tp: e.tp, fp: e.fp, tn: e.tn, fn: e.fn, rows: e.rows, positives: e.positives });
}

function choose(chooser) {
  if (!results) return;
  showError('view-error', '');
  // Chosen on the validation rows whatever "Rows" shows: the test rows only report.
  const { series } = viewState();
  const me = ++chooseSeq;
  ask('choose', { series, chooser }).then((t) => { if (me === chooseSeq) setThreshold(t); },
    (e) => { if (me === chooseSeq && !isGone(e)) showError('view-error', e.message); });
}

// ---------------------------------------------------------------- charts

function hookCanvas(id, canvas) {
  canvas.addEventListener('pointermove', (e) => {
    if (hoverBusy || training) return;
    hoverBusy = true;
    const r = canvas.getBoundingClientRect();
    charts.get(id).last = { x: e.clientX, y: e.clientY };
    ask('hover', { id, x: e.clientX - r.left, y: e.clientY - r.top })
      .then((text) => onHovered({ id, text }), () => { hoverBusy = false; });
  });
  canvas.addEventListener('pointerleave', () => { $('tooltip').hidden = true; });
  // Arrow keys walk the chart's points, announced (www/keyboard.js).
  keyboardReadout(canvas, { ask: (index) => ask('hitAt', { id, index }), tooltip: $('tooltip') });
}

function onHovered(m) {
  hoverBusy = false;
  const tip = $('tooltip');
  const at = charts.get(m.id)?.last;
  if (!m.text || !at) { tip.hidden = true; return; }
  tip.textContent = m.text;
  tip.style.left = `${at.x + window.scrollX + 14}px`;
  tip.style.top = `${at.y + window.scrollY + 14}px`;
  tip.hidden = false;
}

/** File endings and types of the model's export formats (src/export.rs). */
const EXPORT_SUFFIX = { onnx: '.onnx', sklearn: '.sklearn.py', notebook: '.ipynb', pyspark: '.pyspark.py' };
const EXPORT_TYPE = { onnx: 'application/octet-stream', sklearn: 'text/x-python', notebook: 'application/x-ipynb+json', pyspark: 'text/x-python' };

function buildCharts() {
  const box = $('charts');
  for (const id of CHARTS) {
    const canvas = el('canvas');
    const tools = el('div', { className: 'chart-tools' });
    let log = null;
    if (id === 'scores') {
      log = el('input', { type: 'checkbox', id: 'log-count' });
      log.addEventListener('change', requestView);
      tools.prepend(el('label', { className: 'check' }, log, el('span', { text: S.logCount })));
    }
    const figure = el('figure', { className: 'chart', id: `chart-${id}` }, canvas, tools);
    box.append(figure);
    charts.set(id, { figure, canvas, log });
  }
  // The result views (www/views.js): painted, hovered and exported like the charts above.
  buildViews(box, (id, figure, canvas) => charts.set(id, { figure, canvas, log: null, more: () => viewRequest(id) }), requestView);
  let resizeTimer = 0;
  const ro = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(requestView, 60);
  });
  ro.observe(box);
}

// ---------------------------------------------------------------- tabs

function selectTab(name) {
  for (const tab of document.querySelectorAll('#tabs [role=tab]')) {
    const on = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
  }
  document.body.dataset.tab = name;
  if (name === 'train') requestView(); else if (name === 'compare') compareShown(); else scoreShown();
}

function initTabs() {
  const tabs = [...document.querySelectorAll('#tabs [role=tab]')];
  for (const tab of tabs) {
    tab.textContent = S.tabs[tab.dataset.tab];
    tab.addEventListener('click', () => selectTab(tab.dataset.tab));
    // Arrow keys move between tabs, Home and End to the first and last (the ARIA tabs pattern).
    tab.addEventListener('keydown', (e) => {
      const at = tabs.indexOf(tab);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      next.focus();
      selectTab(next.dataset.tab);
    });
  }
}

// ---------------------------------------------------------------- set-up

function initText() {
  document.title = S.title;
  const texts = {
    title: S.title, tagline: S.tagline, 'data-heading': S.dataHeading, 'file-label': S.fileLabel,
    'drop-hint': S.dropHint, demo: S.demoButton, 'summary-heading': S.summaryHeading, footer: S.footer,
    status: S.starting, 'label-heading': S.labelHeading, 'label-col-label': S.labelColumn,
    'positive-label': S.positiveClass, 'train-heading': S.trainHeading, 'model-name': S.modelName,
    'c-label': S.cLabel, 'model-kind-label': S.modelKindLabel, 'weight-label': S.weightLabel, 'split-label': S.splitLabel, 'seed-label': S.seedLabel,
    train: S.train, cancel: S.cancel, 'results-heading': S.resultsHeading, 'no-results': S.noResults,
    'series-label': S.showing, 'part-label': S.part, 'clear-runs': S.clearRuns, 'save-report': S.saveReport,
    'threshold-label': S.thresholdLabel, 'best-f1': S.bestF1, 'recall-go': S.recallAtLeast, 'precision-go': S.precisionAtLeast,
    'cost-heading': S.costHeading, 'cost-fn-label': S.costMissed, 'cost-fp-label': S.costFalse, 'cost-go': S.cheapest,
    'save-model': S.saveModel, 'export-model': S.exportModel, 'export-format-label': S.exportFormatLabel, 'score-model-heading': S.scoreModelHeading, 'model-file-label': S.modelFileLabel,
    'model-hint': S.modelHint, 'score-data-heading': S.scoreDataHeading, 'score-file-label': S.scoreFileLabel,
    'score-hint': S.scoreHint, 'score-demo': S.scoreDemo, 'scored-heading': S.scoredHeading, 'no-scored': S.noScored,
    'score-id-label': S.idColumn, 'save-predictions': S.savePredictions,
  };
  for (const [id, t] of Object.entries(texts)) setText(id, t);
  $('split-train').setAttribute('aria-label', S.splitTrain);
  $('split-val').setAttribute('aria-label', S.splitVal);
  $('split-test').setAttribute('aria-label', S.splitTest);
  $('recall-target').setAttribute('aria-label', S.recallTarget);
  $('precision-target').setAttribute('aria-label', S.precisionTarget);
  $('weight').replaceChildren(...Object.entries(S.weights).map(([k, v]) => option(k, v)));
  $('part').replaceChildren(...Object.entries(S.parts).map(([k, v]) => option(k, v)));
  $('export-format').replaceChildren(...Object.entries(S.exportFormats).map(([k, v]) => option(k, v)));
  const head = document.querySelector('#columns thead tr');
  head.replaceChildren(...S.columnHeaders.map((h) => el('th', { scope: 'col', text: h })));
}

function initControls() {
  $('file').addEventListener('change', (e) => { loadFile(e.target.files[0]); e.target.value = ''; });
  $('demo').addEventListener('click', () => loadDemo(false));
  const over = (on) => (e) => { e.preventDefault(); document.body.classList.toggle('dragging', on); };
  document.addEventListener('dragenter', over(true));
  document.addEventListener('dragover', over(true));
  document.addEventListener('dragleave', (e) => { if (!e.relatedTarget) over(false)(e); });
  document.addEventListener('drop', (e) => {
    over(false)(e);
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    // On the Score tab a .json is the model and anything else the data to score.
    if (document.body.dataset.tab === 'score') {
      if (/\.json$/i.test(file.name) || file.type === 'application/json') openModel(file); else scoreFile(file);
    } else {
      loadFile(file);
    }
  });
  $('label-col').addEventListener('change', onLabelChange);
  $('positive').addEventListener('change', showBalance);
  $('train').addEventListener('click', startTraining);
  $('cancel').addEventListener('click', cancelTraining);
  $('threshold').addEventListener('input', () => { exactThreshold = null; requestView(); });
  sliderSteps($('threshold')); // 0.01 per arrow key, 0.001 with Shift (www/keyboard.js)
  $('series').addEventListener('change', requestView);
  $('part').addEventListener('change', requestView);
  $('best-f1').addEventListener('click', () => choose({ kind: 'best_f1' }));
  $('recall-go').addEventListener('click', () => choose({ kind: 'recall', target: Number($('recall-target').value) }));
  $('precision-go').addEventListener('click', () => choose({ kind: 'precision', target: Number($('precision-target').value) }));
  $('cost-go').addEventListener('click', () => choose({
    kind: 'min_cost', c_fn: Number($('cost-fn').value), c_fp: Number($('cost-fp').value),
  }));
  $('save-report').addEventListener('click', () => {
    if (!results) return;
    // The run's report (config with seed, data, split, every model's metrics
    // on each part, whose AUCs and KS summarise the curves) and the view shown.
    const view = { ...viewState(), series_name: results.names[viewState().series] ?? null, at_threshold: lastEvaluation };
    download('rareclass-report.json', JSON.stringify({ ...results.report, view }, null, 2), 'application/json');
  });
  $('save-model').addEventListener('click', () => {
    if (!results) return;
    showError('view-error', '');
    // The model keeps the threshold shown: its predictions are the ones seen here.
    const { series, threshold: t } = viewState();
    ask('saveModel', { series, threshold: t })
      .then((m) => download(`${slug(m.name)}.model.json`, m.json, 'application/json'), shownIn('view-error'));
  });
  $('export-model').addEventListener('click', () => {
    if (!results) return;
    showError('view-error', '');
    const { series, threshold: t } = viewState();
    ask('exportModel', { series, threshold: t, format: $('export-format').value, dataName: source?.name ?? 'data.csv' })
      .then((m) => download(`${slug(m.name)}${EXPORT_SUFFIX[m.format]}`, m.bytes, EXPORT_TYPE[m.format]), shownIn('view-error'));
  });
  for (const id of ['label-col', 'positive', 'c', 'weight', 'split-train', 'split-val', 'split-test', 'seed']) {
    $(id).addEventListener('change', updateFragment);
  }
  $('columns').addEventListener('change', updateFragment);
  $('clear-runs').addEventListener('click', () => {
    // Kept for "Undo" (www/undo.js): the worker keeps the runs aside until the next run.
    const kept = { results, done, view: viewState(), w: worker };
    ask('clearRuns').catch(() => {});
    done = [];
    hideResults();
    if (kept.results) offerUndo(S.clearUndo.cleared(kept.results.names.length), () => undoClear(kept));
  });
  darkQuery.addEventListener('change', requestView);
}

/** Asks the worker to read the fragment's settings for the demo's first run (before the demo's chunks). */
function initLink() {
  ask('parseLink', { hash: location.hash }).then((settings) => onLink({ settings }),
    (e) => { if (!isGone(e)) onLink({ error: e.message }); });
}

/** A grid cell's settings in the Train tab's controls, then a run ("Fit this"). */
function fitSettings(settings) {
  for (const [k, v] of settings) {
    if (k === 'C' || k === 'c') $('c').value = v;
    else if (k === 'class_weight' && [...$('weight').options].some((o) => o.value === v)) $('weight').value = v;
  }
  updateFragment();
  selectTab('train');
  startTraining();
}

// The chaos tests' hook (?chaos): the worker, to kill it or inject a fault.
if (new URLSearchParams(location.search).has('chaos')) {
  self.rareclassChaos = { worker: () => worker, fault: (kind) => { ask('fault', { kind }).catch(() => {}); } };
}
setInterval(watchdog, Math.max(250, WATCHDOG_MS / 4));

initText();
initTabs();
buildCharts();
initScore({ call: ask, dark: () => darkQuery.matches, demo: DEMO });
initControls();
// The Explore tab and the CV / grid panel borrow the worker, the file and the Train tab's settings.
const exploreCtx = {
  worker: () => worker, call: ask, summary: () => summary, config: readConfig, source: () => source,
  dark: () => darkQuery.matches, cancelFlag, fitSettings, modelFindings: showThresholdFindings,
  file: () => ({ no: fileNo, name: source?.name ?? '' }),
};
initExplore(exploreCtx);
initGrid(exploreCtx);
initChartExport();
selectTab('train');
initModels(updateFragment);
// www/boot.js found the browser lacking (and says so): start no engine.
if (!document.documentElement.dataset.unsupported) {
  startWorker();
  initLink();
  initCompare({
    worker: () => worker,
    call: ask,
    readConfig: () => (summary && $('label-col').value ? readConfig() : null),
    keepAnyway,
    dark: () => darkQuery.matches,
    cancelFlag,
    restart: restartWorker,
    busy: engineBusy,
    changed: updateTrain,
    file: () => ({ no: fileNo, name: source?.name ?? '' }),
  });
  loadDemo(true);
}
