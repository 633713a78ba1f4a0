// The Train tab's runs: the settings read into a run's config, a run in the
// worker with its progress, live history chart and Cancel, the file's runs
// kept to be replayed after a worker restart (same config, same seed: the
// same results), "Clear runs" with its Undo, and a grid cell's "Fit this".
// A random forest grows its trees on the engine and the page's pool workers
// at once (www/shared_run.js: the same forest, bit for bit;
// `?train-workers=1` keeps it on the engine).
// What a finished run shows (cards, threshold, charts) is
// www/train_results.js's. All of its state is the one `state` object.
// Knows nothing of how a model is fitted.
import { S } from './strings.js';
import { $, el, putText, setText, showError, num, fmtDuration } from './dom.js';
import { ask, cancelFlag, currentWorker } from './engine_client.js';
import { isGone } from './rpc.js';
import { handCanvas, replaceCanvas } from './frames.js';
import { darkQuery } from './theme.js';
import { lang, onLang } from './i18n.js';
import { progressText } from './progress_words.js';
import { modelSpec, specReady, specSettled, applySettingPairs } from './models.js';
import { compareBusy, compareRestore } from './compare.js';
import { offerUndo, dismissUndo } from './undo.js';
import { fileBusy, fileInfo, source } from './file_load.js';
import { trainShared, stopShared } from './shared_run.js';
import { summary } from './data_summary.js';
import { waitingForPositive, updateFragment } from './link.js';
import { restartWorker } from './recovery.js';
import { selectTab } from './tabs.js';
import { showRun, hideResults, restoreResults, currentResults, viewState } from './train_results.js';

const state = {
  training: null,      // {run, started, config, restoring} while a run is under way
  nextRun: 0,
  done: [],            // {run, config} of this file's runs since "Clear runs", replayed after a restart
  restore: null,       // {queue, n, view} while those runs are replayed in a new worker
  starting: null,      // a token while Train waits for the model's spec (Cancel drops it)
  autoTrain: false,    // train once the file is read (the demo on first visit)
  historyCanvas: null, // the live training-loss chart
  // Columns the user chose to keep although the data check left them out
  // ("Keep anyway" on a finding); read into every run's config.checks.keep.
  keepColumns: new Set(),
};

/** The run under way, or null. */
export const currentRun = () => state.training?.run ?? null;
/** True while a run (or a replay) is under way. */
export const training = () => state.training !== null;
/** True when the file has runs a new worker would replay. */
export const hasRuns = () => state.done.length > 0;
/** The configs of the file's runs a new worker would replay, in order. */
export const runConfigs = () => state.done.map((d) => d.config);

/** Train once the file being read is read (`on`), or not. */
export function trainWhenReady(on) { state.autoTrain = on; }

/** Trains now if a run was wanted once the file was read. */
export function trainIfWanted() {
  if (!state.autoTrain) return;
  state.autoTrain = false;
  startTraining();
}

/** Train is clickable on a file the worker holds, one run at a time (Compare's too). */
export function updateTrain() {
  $('train').disabled = engineBusy() || compareBusy();
  $('cmp-train').disabled = engineBusy() || compareBusy();
}

/** True while nothing may start a run: a run, a read or a re-read under way. */
export function engineBusy() {
  return state.training !== null || fileBusy();
}

/** Marks `column` kept for the next runs (a finding's "Keep anyway"). */
export function keepAnyway(column) {
  state.keepColumns.add(column);
  for (const id of ['kept-note', 'cmp-kept-note']) {
    const p = $(id);
    const kept = [...state.keepColumns].join(', ');
    if (p) { putText(p, () => S.keptNote(kept)); p.hidden = false; }
  }
}

/** The run's config from the Train tab's controls. */
export function readConfig() {
  const label = $('label-col').value;
  const kinds = {};
  const drop = [];
  const keep = [];
  for (const tr of document.querySelectorAll('#columns tbody tr')) {
    const name = tr.dataset.column;
    if (state.keepColumns.has(name)) keep.push(name);
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

export function startTraining() {
  if (!summary()) { showError('train-error', S.noTable); return; }
  // A demo run waits for the positive class a link asked for.
  if (waitingForPositive()) { state.autoTrain = true; return; }
  if (engineBusy() || compareBusy() || state.starting) return; // a run at a time, and only on a file the worker has
  // The core makes the model's spec from the controls (www/models.js); a
  // setting it refuses is shown under the form, and nothing runs. Known
  // already (the usual case), the run starts at once, so a Cancel right
  // after Train finds it; else it starts when the core answers, unless
  // Cancel came first.
  if (specSettled()) {
    if (modelSpec()) beginRun();
    return;
  }
  const token = { before: document.body.dataset.train };
  state.starting = token;
  // For a person's scripts and the tests: a run is on its way (the last
  // run's 'done' no longer describes the page); put back if none starts.
  document.body.dataset.train = 'starting';
  specReady().then((spec) => {
    if (state.starting !== token) return;
    state.starting = null;
    if (spec && !engineBusy() && !compareBusy()) beginRun();
    else notStarted(token);
  }, () => {
    if (state.starting !== token) return;
    state.starting = null;
    notStarted(token);
  });
}

/** A Train that waited for its spec started nothing (refused, busy or cancelled): the run state it found comes back. */
function notStarted(token) {
  if (document.body.dataset.train !== 'starting') return;
  if (token.before === undefined) delete document.body.dataset.train;
  else document.body.dataset.train = token.before;
}

function beginRun() {
  showError('train-error', '');
  dismissUndo(); // a new run replaces the cleared ones for good
  const run = ++state.nextRun;
  const config = readConfig();
  state.training = { run, started: performance.now(), config };
  if (cancelFlag) Atomics.store(cancelFlag, 0, 0);
  $('train').disabled = true;
  $('cancel').disabled = false;
  $('train-progress').hidden = false;
  $('train-progress').value = 0;
  setText('train-status', () => S.stages.prepare);
  document.body.dataset.train = 'running';
  const fig = $('chart-history');
  fig.hidden = false;
  fig.dataset.points = '0';
  clearHistory();
  const look = historyLook();
  state.training.look = look;
  train(run, config, look);
}

/** The history chart's look now (its box's width, the theme, the language), its canvas sized to it. */
function historyLook() {
  const width = Math.max(160, Math.floor($('chart-history').clientWidth));
  const height = 220;
  state.historyCanvas.style.width = `${width}px`;
  state.historyCanvas.style.height = `${height}px`;
  return { width, height, dark: darkQuery.matches, lang: lang(), dpr: devicePixelRatio || 1, axes: S.historyAxis };
}

/**
 * After a run, the history chart follows a theme, language or width change
 * (one made while a run goes is applied when it ends: endRun).
 */
function repaintHistory() {
  const fig = $('chart-history');
  if (state.training || fig.hidden || !state.historyCanvas || fig.dataset.points === '0' || !fig.dataset.points) return;
  ask('repaintHistory', { look: historyLook() }).then((n) => { fig.dataset.repainted = String(n); }, () => {});
}

/** The worker moved to the full module (www/engine_client.js): the finished run's history chart is painted again. */
export function trainWorkerMoved() { repaintHistory(); }

/** Repaints the finished run's history chart when the theme, the language or its width changes. */
function followHistoryLook() {
  darkQuery.addEventListener('change', repaintHistory);
  onLang(repaintHistory);
  let width = 0;
  let timer = 0;
  new ResizeObserver(() => {
    const w = Math.floor($('chart-history').clientWidth);
    if (w === width) return;
    width = w;
    clearTimeout(timer);
    timer = setTimeout(repaintHistory, 80);
  }).observe($('chart-history'));
}

/** Runs `config` in the worker as run `run`; `history` = the live chart's look (null: not drawn). */
function train(run, config, history) {
  const alone = () => ask('train', { config, history }, { onProgress: (p) => onTrainProgress({ run, ...p }) });
  const workers = forestWorkers(config);
  const trained = workers > 1
    ? trainShared({ tab: 'train', config, ask, source: source(), workers, onProgress: (info) => onSharedProgress(run, info) })
      .then((result) => (result ?? (state.training?.run === run ? alone() : null)))
    : alone();
  trained.then(
    (result) => {
      if (!result) return;
      document.body.dataset.trainWorkers = String(result.workers ?? 1);
      // Where a shared run's time went (www/shared_run.js), for bench/forest_workers.mjs.
      document.body.dataset.trainStages = JSON.stringify(result.stages ?? null);
      onTrained({ run, result });
    },
    (e) => {
      // Cancellation is told by the error's code (crate::app::error::Code), never its text.
      if (e.code === 'cancelled') endRun(run, () => S.cancelled, 'cancelled');
      else if (!isGone(e) && endRun(run, '', 'train-error')) showError('train-error', () => S.trainFailed + e.message);
    });
}

/**
 * How many workers grow a run's trees: a lone random forest of two trees or
 * more goes to the engine and a pool worker per further core (one tree
 * each at most); anything else runs on the engine. `?train-workers=N` sets
 * the count (the tests and bench/forest_workers.mjs compare 1 and 2).
 */
function forestWorkers(config) {
  const [spec] = config.models;
  if (config.models.length !== 1 || spec?.kind !== 'forest' || !source()) return 1;
  const trees = spec.params?.n_trees ?? 100;
  const asked = Number(new URLSearchParams(location.search).get('train-workers'));
  const cores = asked >= 1 ? Math.floor(asked) : (navigator.hardwareConcurrency || 1);
  return Math.max(1, Math.min(cores, trees));
}

/** A forest growing on several workers: its trees counted across them. */
function onSharedProgress(run, info) {
  let step = 0;
  let of = 0;
  for (const { p } of info.running) { step += p.step ?? 0; of += p.of ?? 0; }
  const [spec] = state.training?.config.models ?? [];
  const total = spec?.params?.n_trees ?? of;
  // Parts already grown count whole; the trees of those still growing as they come.
  const grown = info.done > 0 ? Math.round((total * info.done) / info.n) : 0;
  const trees = Math.min(total, grown + step);
  const c = info.columns;
  if (c && (c.done || c.running)) {
    // The permutation importance, measured feature by feature on every worker: features done or under way.
    const at = Math.min(c.of, c.done + c.running);
    onTrainProgress({ run, stage: 'inspect', name: c.name ?? undefined, task: 'importance', unit: 'column', step: at, of: c.of, fraction: c.of ? c.done / c.of : 0 });
  } else if (info.stage === 'fit' || info.running.length) {
    onTrainProgress({ run, stage: 'fit', unit: 'tree', step: trees, of: total, fraction: total ? trees / total : 0 });
  } else {
    onTrainProgress({ run, stage: info.stage ?? 'prepare', fraction: 0 });
  }
  document.body.dataset.trainRunning = String(info.running.length);
}

/** A new worker gets a new history canvas (www/frames.js sends each its frames). */
export function trainWorkerStarted(worker) {
  const history = el('canvas', { width: 1, height: 1 });
  history.setAttribute('role', 'img');
  history.setAttribute('aria-label', S.charts.history);
  if (state.historyCanvas) replaceCanvas(state.historyCanvas, history); else $('chart-history').prepend(history);
  state.historyCanvas = history;
  handCanvas(worker, 'history', history);
}

/**
 * The history chart shows this run only: the previous run's curve is wiped
 * (a 1 × 1 canvas is "nothing yet", www/frames.js) and a note says what
 * will be drawn; a model that reports no loss per step (boosted trees,
 * forests, trees: their progress has no `loss`) leaves it empty with a note
 * saying why, rather than a curve it did not make.
 */
function clearHistory() {
  const canvas = state.historyCanvas;
  canvas.width = 1;
  canvas.height = 1;
  canvas.hidden = true; // shown with the run's first point
  let note = $('history-note');
  if (!note) {
    note = el('figcaption', { id: 'history-note', className: 'muted' });
    $('chart-history').append(note);
  }
  putText(note, () => S.historyNote.waiting);
  note.hidden = false;
}

/** The run ended: a chart with no point says why. */
function endHistory() {
  const note = $('history-note');
  if (!note || $('chart-history').dataset.points !== '0') return;
  putText(note, () => S.historyNote.none);
}

/** After a re-read, replays the file's earlier runs one by one (Cancel stops it), then shows `view`. */
export function restoreRuns(view) {
  if (!state.done.length) { compareRestore(); return; }
  state.restore = { queue: [...state.done], n: state.done.length, view };
  nextRestore();
}

function nextRestore() {
  const { restore } = state;
  const { run: shownRun, config } = restore.queue.shift();
  const run = ++state.nextRun;
  state.training = { run, started: performance.now(), config, restoring: shownRun };
  if (cancelFlag) Atomics.store(cancelFlag, 0, 0);
  updateTrain();
  $('cancel').disabled = false;
  $('train-progress').hidden = false;
  $('train-progress').value = 0;
  const [i, n] = [restore.n - restore.queue.length, restore.n];
  setText('train-status', () => S.restoring(i, n));
  document.body.dataset.train = 'restoring';
  train(run, config, null);
}

function onTrainProgress(m) {
  const { training: t } = state;
  if (t?.run !== m.run) return;
  $('train-progress').value = m.fraction;
  if (t.restoring) return; // the status says which earlier run is being restored
  // What the live history chart shows, for a person and for the tests.
  if (m.drawn !== undefined) {
    $('chart-history').dataset.points = String(m.drawn);
    if (m.drawn > 0 && state.historyCanvas.hidden) {
      state.historyCanvas.hidden = false;
      $('history-note').hidden = true;
    }
  }
  const elapsed = (performance.now() - t.started) / 1000;
  setText('train-status', () => {
    let text = progressText(m);
    // Early stopping or convergence may end the fit before its cap.
    if (m.at_most && m.of !== undefined && S.units[m.unit]) text += ` (${S.atMost(num.format(m.of), S.units[m.unit])})`;
    if (m.stage === 'fit' && m.fraction > 0.02 && m.fraction < 1) {
      text += ` · ${S.timeLeft(fmtDuration(Math.max(0, (elapsed * (1 - m.fraction)) / m.fraction)))}`;
    }
    return text;
  });
}

/** Ends run `run` in the UI (`text`, or a function returning it, in the status, `end` as body[data-train]); false if it was not the current run. */
export function endRun(run, text, end) {
  if (state.training?.run !== run) return false;
  // A replay that did not finish leaves the earlier results unrestored.
  if (state.training.restoring && end !== 'done') { state.restore = null; state.done = []; }
  if (!state.training.restoring) endHistory();
  const { look } = state.training;
  state.training = null;
  // The worker paints a run's history in the look it started with (it is
  // busy fitting, so it hears nothing else meanwhile): a theme, language or
  // width changed during the run repaints it now.
  const now = look && historyLook();
  if (now && (now.dark !== look.dark || now.lang !== look.lang || now.width !== look.width || now.dpr !== look.dpr)) repaintHistory();
  updateTrain();
  $('cancel').disabled = true;
  $('train-progress').hidden = true;
  setText('train-status', text);
  document.body.dataset.train = end;
  return true;
}

function onTrained(m) {
  const seconds = (performance.now() - (state.training?.started ?? 0)) / 1000;
  const { config, restoring } = state.training?.run === m.run ? state.training : {};
  if (!endRun(m.run, '', 'done')) return;
  const { report, added } = m.result;
  // The run this view shows: its number as first shown, on this file.
  const shown = restoring ?? m.run;
  if (restoring) {
    if (state.restore.queue.length) { nextRestore(); return; }
    const { n } = state.restore;
    setText('train-status', () => S.restored(n));
  } else {
    state.done.push({ run: m.run, config });
    const names = report.models.map((x) => x.name);
    setText('train-status', () => S.trainedIn(names.map(S.shownModelName).join(', '), fmtDuration(seconds)));
  }
  const view = restoring ? state.restore.view : null;
  state.restore = null;
  showRun(report, added, shown, view);
  if (restoring) compareRestore();
}

function cancelTraining() {
  if (state.starting) { notStarted(state.starting); state.starting = null; return; } // the run had not started
  if (!state.training) return;
  stopShared(); // a forest's pool workers, if any, are terminated
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

/** What the results view shows (to show it again after a restart), and hides it. */
export function keepView() {
  const results = currentResults();
  const view = results ? { ...viewState(), run: results.run } : state.restore?.view ?? null;
  hideResults();
  return view;
}

/** A new file: a run still going on the old one is dropped (its result belongs to no run the page waits for). */
export function dropRunForNewFile() {
  if (!state.training) return;
  if (cancelFlag) Atomics.store(cancelFlag, 0, 1);
  stopShared();
  endRun(state.training.run, () => S.cancelled, 'cancelled');
}

/** The worker was replaced: a replay that itself brought the engine down is not tried again, a run ends. */
export function trainWorkerLost() {
  if (state.restore) state.done = [];
  if (state.training) endRun(state.training.run, '', 'train-error');
}

/** The file's runs are gone (a new file, or the engine lost the table): none is replayed. */
export function forgetRuns() {
  state.done = [];
  state.restore = null;
}

/** A replay not yet started is dropped (the file is about to be read again). */
export function dropReplay() { state.restore = null; }

/**
 * Brings back the runs "Clear runs" put aside, and the view of them. A
 * worker that took over since (the move to the full module, a restart)
 * never held them: it trains them again from their settings (same seed,
 * same results), as after a restart, with "Restoring run i of n".
 */
function undoClear(kept) {
  if (kept.results.file !== fileInfo().no || state.training || state.restore || currentResults()) {
    return Promise.reject(new Error(S.clearUndo.gone));
  }
  if (kept.w !== currentWorker()) {
    if (fileBusy() || document.body.dataset.state !== 'loaded' || !kept.done.length) {
      return Promise.reject(new Error(S.clearUndo.gone));
    }
    state.done = kept.done;
    restoreRuns(kept.view);
    return Promise.resolve();
  }
  return ask('undoClearRuns').then(() => {
    state.done = kept.done;
    restoreResults(kept.results, kept.view);
    setText('train-status', () => S.clearUndo.restored);
  });
}

/** A grid cell's settings (every one, `[key, value]` as the core takes them) in the Train tab's controls, then a run ("Fit this"). */
export function fitSettings(settings) {
  applySettingPairs(settings);
  updateFragment();
  selectTab('train');
  startTraining();
}

/** Train, Cancel and Clear runs; the history chart follows the page's look. */
export function initTrainControls() {
  followHistoryLook();
  $('train').addEventListener('click', startTraining);
  $('cancel').addEventListener('click', cancelTraining);
  $('clear-runs').addEventListener('click', () => {
    // Kept for "Undo" (www/undo.js): the worker keeps the runs aside until the next run.
    const results = currentResults();
    const kept = { results, done: state.done, view: viewState(), w: currentWorker() };
    ask('clearRuns').catch(() => {});
    state.done = [];
    hideResults();
    if (kept.results) offerUndo(S.clearUndo.cleared(kept.results.names.length), () => undoClear(kept));
  });
}
