// The Compare tab: one click trains the tutorial's set (baseline,
// class-weighted and oversampled networks, plus the ticked extras) in ONE
// config, so every model shares the Train tab's data, label and split;
// progress across models and cancel; then the test-metrics table with the
// winner of each column, the overlaid ROC / PR charts (test curves; the
// training curves on demand), the history panels and a confusion matrix per
// model at its own threshold (0.5 until changed, or its best-F1 threshold on
// the validation rows). Above the charts, one checkbox per model shows or
// hides its curves (each with the model's legend sample: colour, dash and
// marker, drawn by the charts' own SVG writer), and one adds the training
// curves; the choice is kept by model name while the page lives, across
// runs. With more than one core the set is trained by the engine and the
// page's pool workers at once (www/shared_run.js: same numbers, bit for
// bit; `?compare-workers=1` forces the one-worker path, as on a page that
// cannot start a worker). The worker paints every chart; this file owns
// the DOM only. Knows nothing of how a model is fitted or a chart laid out.
import { S, FINDINGS } from './strings.js';
import { $, el, num, fix3, fmtDuration, putText, showError as showErrorIn } from './dom.js';
import { showFindings } from './findings.js';
import { handCanvas, replaceCanvas } from './frames.js';
import { darkQuery } from './theme.js'; // the system's theme or the switch's
import { isGone } from './rpc.js';
import { chartHeight } from './chart_size.js';
import { lang, onLang, engineText } from './i18n.js';
import { engineReadouts } from './keyboard.js';
import { progressText } from './progress_words.js';
import { trainShared, stopShared, poolWarm } from './shared_run.js';

const CHARTS = ['roc', 'pr'];

const state = {
  // {worker(), call(method, args, options), readConfig(), keepAnyway(column),
  // dark(), cancelFlag, restart(), busy(), changed(), file(), source()} from app.js
  ctx: null,
  running: null,          // {run, started, n, done, names, config, restoring} while training
  shown: null,            // {config, run} of the comparison shown, replayed after a worker restart
  nextRun: 0,
  names: null,            // the trained models' names
  thresholds: [],         // each model's threshold
  seq: 0,                 // view request counter
  colors: [],             // each model's colour in the charts' theme (from the worker)
  hiddenNames: new Set(), // models whose curves the user hid, by name (kept across runs)
  showTrain: false,       // draw the training rows' curves too
  figures: new Map(),     // canvas id -> {figure, canvas}
};

// `message`: a string, or a function giving it in the page's language (rewritten on a switch).
function showError(message) { showErrorIn('cmp-error', message); }

/**
 * The models of the set, in colour order: the tutorial's three, then the
 * ticked extras. Each names only what differs from the core's defaults (the
 * tutorial's 16-relu network, dropout 0.5, Adam 1e-3, early stopping on
 * validation PR-AUC; boosted trees' 300 rounds): the core fills the rest.
 */
function specs() {
  // Empty = scaled to the training rows (as the Train tab's network).
  const typed = Math.floor(Number($('cmp-epochs').value));
  const epochs = $('cmp-epochs').value.trim() === '' || !(typed >= 1) ? null : typed;
  const mlp = (name, params = {}, resampling = { method: 'none' }) => ({ kind: 'mlp', name, params: { epochs, ...params }, resampling });
  const n = S.compareNames;
  const list = [
    mlp(n.baseline),
    mlp(n.weighted, { class_weight: 'balanced' }),
    mlp(n.oversampled, { batches: { balanced: { steps_per_epoch: null } } }),
  ];
  if ($('cmp-smote').checked) list.push(mlp(n.smote, {}, { method: 'smote', k: 5 }));
  if ($('cmp-focal').checked) list.push(mlp(n.focal, { loss: { focal: {} } }));
  if ($('cmp-soft_f1').checked) list.push(mlp(n.soft_f1, { loss: 'soft_f1' }));
  if ($('cmp-logistic').checked) list.push({ kind: 'logistic', name: n.logistic });
  if ($('cmp-gbdt').checked) list.push({ kind: 'gbdt', name: n.gbdt });
  return list;
}

function start() {
  if (state.running || state.ctx.busy()) return; // one run at a time in the worker, and only on a file it holds
  const config = state.ctx.readConfig();
  if (!config) { showError(() => S.noTable); return; }
  showError('');
  config.models = specs();
  launch(config, ++state.nextRun, false);
}

/** Sends run `run` of `config` to the worker (`restoring`: a replay of the one shown before). */
function launch(config, run, restoring) {
  state.running = {
    run, started: performance.now(), n: config.models.length, done: 0, names: config.models.map((m) => m.name),
    config, restoring,
  };
  if (state.ctx.cancelFlag) Atomics.store(state.ctx.cancelFlag, 0, 0);
  $('cmp-train').disabled = true;
  $('cmp-cancel').disabled = false;
  $('cmp-progress').hidden = false;
  $('cmp-progress').value = 0;
  putText($('cmp-status'), () => (restoring ? S.compareRestoring : S.stages.prepare));
  document.body.dataset.compare = 'running';
  state.ctx.changed();
  const alone = () => {
    state.running.workers = 1;
    return state.ctx.call('compareTrain', { config }, { onProgress: (p) => onProgress({ run, ...p }) });
  };
  const workers = sharedWorkers(config.models.length);
  state.running.workers = workers;
  const trained = workers > 1
    ? trainShared({ tab: 'compare', config, ask: state.ctx.call, source: state.ctx.source(), workers, onProgress: (info) => onSharedProgress(run, info) })
      .then((result) => (result ?? (state.running?.run === run ? alone() : null)))
    : alone();
  trained.then(
    (result) => { if (result) onTrained({ run, result }); },
    (e) => {
      if (e.code === 'cancelled') end(run, () => S.cancelled, 'cancelled');
      // A worker that died or was replaced: compareWorkerStarted says so.
      else if (!isGone(e) && end(run, '', 'error')) showError(() => S.trainFailed + e.message);
    });
}

/**
 * How many workers train a set of `models`: the engine and a pool worker
 * per further core, one per model at most; `?compare-workers=N` sets it
 * (bench/end_to_end.mjs and the tests compare 1 and 2).
 */
function sharedWorkers(models) {
  const asked = Number(new URLSearchParams(location.search).get('compare-workers'));
  const cores = asked >= 1 ? Math.floor(asked) : (navigator.hardwareConcurrency || 1);
  return state.ctx.source?.() ? Math.max(1, Math.min(cores, models)) : 1;
}

/** True while a comparison trains in the worker (the watchdog and the Train button ask). */
export function compareBusy() { return state.running !== null; }

/** After a worker restart and re-read: trains the comparison shown before again (same seed, same results). */
export function compareRestore() {
  if (!state.shown || state.running) return;
  launch(state.shown.config, state.shown.run, true);
}

/** Another file was opened: its comparison is not this one; a run on the old file is dropped. */
export function compareFileChanged() {
  if (state.running) {
    if (state.ctx.cancelFlag) Atomics.store(state.ctx.cancelFlag, 0, 1);
    stopShared();
    end(state.running.run, () => S.cancelled, 'cancelled');
  }
  state.shown = null;
  hideBody();
}

function hideBody() {
  state.names = null;
  if (!$('cmp-body')) return;
  $('cmp-body').hidden = true;
  delete $('cmp-body').dataset.file;
  delete $('cmp-body').dataset.run;
  $('cmp-none').hidden = false;
}

function cancel() {
  if (!state.running) return;
  stopShared(); // the pool workers, if any, are terminated
  if (state.ctx.cancelFlag) { Atomics.store(state.ctx.cancelFlag, 0, 1); return; }
  // No shared memory: the busy worker cannot hear a message; restart it.
  end(state.running.run, () => S.cancelled, 'cancelled');
  state.ctx.restart();
}

function end(run, text, phase) {
  if (state.running?.run !== run) return false;
  // A replay that did not finish is not tried again.
  if (state.running.restoring && phase !== 'done') state.shown = null;
  state.running = null;
  state.ctx.changed(); // enables Compare's and Train's buttons unless the worker is busy otherwise
  $('cmp-cancel').disabled = true;
  $('cmp-progress').hidden = true;
  putText($('cmp-status'), text); // a function: follows a language switch
  document.body.dataset.compare = phase;
  return true;
}

function onProgress(m) {
  if (state.running?.run !== m.run) return;
  const r = state.running;
  // Each model ends with an "evaluate" step; the fit's fraction restarts per model.
  if (m.stage === 'evaluate') r.done = Math.min(r.n, r.done + 1);
  const within = m.stage === 'fit' ? m.fraction : 0;
  const overall = Math.min(1, (r.done + within) / r.n);
  $('cmp-progress').value = overall;
  const i = Math.min(r.n, r.done + 1);
  let text = S.compareProgress(i, r.n, r.names[i - 1] ?? '', progressText(m));
  const elapsed = (performance.now() - r.started) / 1000;
  if (overall > 0.02 && overall < 1) text += ` · ${S.timeLeft(fmtDuration((elapsed * (1 - overall)) / overall))}`;
  putText($('cmp-status'), text);
}

/** Progress of a set trained by several workers: models done, and each running model's own report. */
function onSharedProgress(run, info) {
  if (state.running?.run !== run) return;
  const r = state.running;
  let sum = info.done;
  for (const { p } of info.running) sum += Math.min(1, Math.max(0, p.fraction ?? 0));
  const overall = Math.min(1, sum / info.n);
  $('cmp-progress').value = overall;
  if (!info.running.length && info.done === 0) {
    putText($('cmp-status'), progressText({ stage: info.stage === 'check' ? 'check' : 'prepare' }));
    return;
  }
  const each = info.running.map(({ name, p }) => progressText({ ...p, name })).join('; ');
  let text = S.compareShared(info.done, info.n, info.workers, each);
  const elapsed = (performance.now() - r.started) / 1000;
  if (overall > 0.02 && overall < 1) text += ` · ${S.timeLeft(fmtDuration((elapsed * (1 - overall)) / overall))}`;
  putText($('cmp-status'), text);
  document.body.dataset.compareRunning = String(info.running.length);
}

function onTrained(m) {
  const seconds = (performance.now() - (state.running?.started ?? 0)) / 1000;
  const me = state.running?.run === m.run ? state.running : null;
  const n = m.result.names.length;
  if (!end(m.run, () => S.compareDone(n, fmtDuration(seconds)), 'done')) return;
  state.shown = { config: me.config, run: me.run };
  state.names = m.result.names;
  const report = m.result.report;
  // Each model's fit time and epochs, for bench/end_to_end.mjs's breakdown.
  document.body.dataset.compareFit = JSON.stringify(report.models.map((r) => ({ name: r.name, seconds: r.fit_seconds, epochs: r.n_iter })));
  // How many workers trained it, and where the time went (www/shared_run.js), for the bench and the tests.
  document.body.dataset.compareWorkers = String(m.result.workers ?? 1);
  document.body.dataset.compareStages = JSON.stringify(m.result.stages ?? null);
  showFindings($('cmp-warnings'), report.warnings, { leftOut: report.data.left_out, onKeep: state.ctx.keepAnyway });
  // A restored comparison keeps the thresholds chosen before.
  state.thresholds = me.restoring && state.thresholds.length === state.names.length ? state.thresholds : state.names.map(() => 0.5);
  buildConfusions();
  buildToggles();
  $('cmp-none').hidden = true;
  const body = $('cmp-body');
  body.hidden = false;
  Object.assign(body.dataset, { file: String(state.ctx.file().no), run: String(me.run) });
  const fileName = state.ctx.file().name;
  putText($('cmp-of'), () => S.compareOf(me.run, fileName));
  view();
}

/** A canvas handed to the worker as `id`, inside a figure. */
function figure(id, label, ...tools) {
  const canvas = el('canvas', { width: 1, height: 1 });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const fig = el('figure', { className: 'chart', id: `chart-${id}` }, canvas, el('div', { className: 'chart-tools' }, ...tools));
  // Its ⓘ (www/glossary.js): every confusion matrix is one term.
  fig.dataset.term = id.startsWith('cmp-cm-') ? 'chart.confusion' : { 'cmp-roc': 'chart.roc', 'cmp-pr': 'chart.pr', 'cmp-history': 'chart.cmp-history' }[id];
  state.figures.set(id, { figure: fig, canvas, label });
  transfer(id);
  return fig;
}

function transfer(id) {
  const f = state.figures.get(id);
  handCanvas(state.ctx.worker(), id, f.canvas);
  engineReadouts(f.canvas, id, (method, args) => state.ctx.call(method, args));
}

/**
 * A new worker needs new canvases (and www/frames.js ports to them); a run
 * the old one had is over (`sentence` says why when it died), unless the
 * worker `moved` to the full module (www/engine_client.js): then the run
 * waiting for it goes on there, and the set, if any, is the new worker's.
 */
export function compareWorkerStarted(sentence, moved = false) {
  if (state.running && !moved) {
    end(state.running.run, '', 'error');
    if (sentence) showError(() => sentence);
  }
  if (!moved) stopShared(); // the engine it shared with is gone
  for (const [id, f] of state.figures) {
    const canvas = el('canvas', { width: 1, height: 1 });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', f.label);
    replaceCanvas(f.canvas, canvas);
    f.canvas = canvas;
    transfer(id);
  }
  // The new worker has not the models: hide them until compareRestore trains them again.
  if (!moved) hideBody();
}

/** The shown set's indices of the models the user hid. */
function hiddenIndices() {
  return (state.names ?? []).flatMap((n, i) => (state.hiddenNames.has(n) ? [i] : []));
}

/** One checkbox per model of the set (its sample, then its name), then "training curves too". */
function buildToggles() {
  let box = $('cmp-toggles');
  if (!box) {
    box = el('fieldset', { id: 'cmp-toggles', className: 'cmp-toggles' });
    $('cmp-charts').before(box);
  }
  const models = state.names.map((name) => {
    const input = el('input', { type: 'checkbox', checked: !state.hiddenNames.has(name) });
    input.dataset.model = name;
    input.addEventListener('change', () => {
      if (input.checked) state.hiddenNames.delete(name);
      else state.hiddenNames.add(name);
      view();
    });
    // The name in the page's language (a set trained in English reads in Chinese after a switch).
    return el('label', { className: 'check cmp-toggle' }, input, el('span', { className: 'cmp-sample' }), el('span', { text: () => S.shownModelName(name) }));
  });
  const train = el('input', { type: 'checkbox', id: 'cmp-show-train', checked: state.showTrain });
  train.addEventListener('change', () => { state.showTrain = train.checked; view(); });
  box.replaceChildren(
    el('legend', { id: 'cmp-toggles-legend', text: S.compareToggles }),
    ...models,
    el('label', { className: 'check cmp-train-toggle' }, train, el('span', { id: 'cmp-show-train-label', text: S.compareShowTrain })),
  );
}

/** Each model's legend sample (an <svg> string from the worker) in its checkbox. */
function showSamples(samples) {
  const spots = document.querySelectorAll('#cmp-toggles .cmp-sample');
  spots.forEach((spot, i) => {
    if (!samples[i] || spot.dataset.svg === samples[i]) return;
    const svg = new DOMParser().parseFromString(samples[i], 'image/svg+xml').documentElement;
    if (svg.nodeName !== 'svg') return;
    svg.setAttribute('aria-hidden', 'true');
    spot.replaceChildren(document.importNode(svg, true));
    spot.dataset.svg = samples[i];
  });
}

function buildConfusions() {
  for (const id of [...state.figures.keys()]) if (id.startsWith('cmp-cm-')) state.figures.delete(id);
  const box = $('cmp-cms');
  box.replaceChildren(...state.names.map((name, i) => {
    const input = el('input', { type: 'number', min: '0', max: '1', step: '0.01', value: String(state.thresholds[i]), id: `cmp-t-${i}` });
    input.setAttribute('aria-label', S.compareThreshold(name));
    input.addEventListener('change', () => {
      const t = Number(input.value);
      if (Number.isFinite(t) && t >= 0 && t <= 1) { state.thresholds[i] = t; view(); }
    });
    const best = el('button', { type: 'button', text: () => S.compareBestF1, className: 'small' });
    best.addEventListener('click', () => state.ctx.call('compareBestF1', { series: i })
      .then((threshold) => onChosen(i, threshold), (e) => { if (!isGone(e)) showError(() => e.message); }));
    const label = el('label', { htmlFor: input.id, text: () => S.thresholdLabel });
    const fig = figure(`cmp-cm-${i}`, S.compareCm(name), label, input, best);
    const swatch = el('span', { className: 'swatch' });
    fig.prepend(el('figcaption', { className: 'cm-name' }, swatch, el('span', { text: () => S.shownModelName(name) })));
    return fig;
  }));
}

function view() {
  if (!state.names || $('panel-compare').hidden) return;
  const dark = state.ctx.dark();
  const dpr = devicePixelRatio || 1;
  const charts = [];
  for (const [id, f] of state.figures) {
    const width = Math.max(160, Math.floor(f.figure.clientWidth));
    let height, request;
    if (id === 'cmp-history') {
      height = width >= 640 ? 560 : 960;
      request = { kind: 'history' };
    } else if (id.startsWith('cmp-cm-')) {
      const series = Number(id.slice(7));
      height = Math.round(width * 0.8);
      request = { kind: 'confusion', series, threshold: state.thresholds[series] };
    } else {
      // Narrow: the legend goes in a strip under the plot (src/chart/layout.rs),
      // up to one 18 px row per entry (each model, the chance line, the two
      // row-set keys with the training curves); the chart grows by it so the
      // plot keeps its size. The ROC plot is square.
      const entries = (state.names.length - hiddenIndices().length) + 1 + (state.showTrain ? 2 : 0);
      if (id === 'cmp-roc') height = chartHeight(width, { square: true }) + (width < 560 ? 18 * Math.max(0, entries - 3) : 0);
      else height = width < 560 ? Math.round(width * 0.8 + 18 * entries)
        : Math.round(Math.min(460, Math.max(260, width * 0.8)));
      request = { kind: id.slice(4) };
    }
    if (!id.startsWith('cmp-cm-')) Object.assign(request, { hidden: hiddenIndices(), train: state.showTrain });
    f.canvas.style.width = `${width}px`;
    f.canvas.style.height = `${height}px`;
    charts.push({ id, dpr, request: { ...request, width, height, dark, lang: lang() } });
  }
  const me = ++state.seq;
  state.ctx.call('compareView', { charts, thresholds: state.thresholds, dark }).then((r) => onViewed({ seq: me, ...r }),
    (e) => { if (!isGone(e) && me === state.seq) showError(() => e.message); });
}

function onViewed(m) {
  if (m.seq !== state.seq) return;
  const errors = Object.values(m.errors ?? {});
  showError(errors.length ? () => errors.map((t) => engineText(t)).join('\n') : '');
  state.colors = m.colors ?? [];
  showSamples(m.samples ?? []);
  if (m.table) showTable(m.table);
  document.querySelectorAll('#cmp-cms .swatch').forEach((sw, i) => { sw.style.background = state.colors[i] ?? ''; });
  document.body.dataset.compareView = String(m.seq);
}

function showTable(t) {
  // Say which metric ranks the models overall (PR-AUC on imbalanced data) and why.
  putText($('cmp-ranked'), t.ranked_reason ? () => S.compareRanked(FINDINGS.sentence(t.ranked_reason) ?? t.ranked_reason) : '');
  const head = document.querySelector('#cmp-table thead tr');
  const c = S.compareColumns;
  // Each metric's header has its ⓘ (www/glossary.js); TP, FP, TN and FN share one term.
  const termOf = (k) => (['tp', 'fp', 'tn', 'fn'].includes(k) ? 'confusion' : k);
  head.replaceChildren(
    el('th', { scope: 'col', text: c.name }),
    el('th', { scope: 'col', text: c.threshold, 'data-term': 'threshold' }),
    ...t.columns.map((k) => el('th', { scope: 'col', text: c[k] ?? k, 'data-term': termOf(k) })),
  );
  const body = document.querySelector('#cmp-table tbody');
  body.replaceChildren(...t.rows.map((r, i) => {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = state.colors[i] ?? '';
    const cells = r.values.map((v, col) => {
      const count = col < 4;
      const text = v === null || v === undefined ? S.none : count ? num.format(v) : fix3.format(v);
      const td = el('td', { text });
      td.dataset.column = t.columns[col];
      if (t.winners[col] === i) {
        td.className = 'win';
        td.title = S.compareWinner;
      }
      return td;
    });
    const badge = t.best === i ? [el('span', { className: 'badge', text: S.compareBest(c[t.ranked_by] ?? t.ranked_by) })] : [];
    const th = el('th', { scope: 'row' }, swatch, S.shownModelName(r.name), ...badge);
    th.dataset.name = r.name;
    const tr = el('tr', {}, th, el('td', { text: fix3.format(r.threshold) }), ...cells);
    tr.dataset.oneClass = String(Boolean(t.one_class?.[i]));
    if (t.best === i) tr.dataset.best = 'true';
    return tr;
  }));
}

/** Model `series`'s best-F1 threshold on the validation rows arrived. */
function onChosen(series, threshold) {
  if (!state.names || !Number.isFinite(threshold)) return;
  state.thresholds[series] = threshold;
  const input = $(`cmp-t-${series}`);
  if (input) input.value = String(Math.round(threshold * 1e4) / 1e4);
  view();
}

/** A chart's accessible name, in the page's language (kept for a new canvas too). */
function relabelFigure(id, label) {
  const f = state.figures.get(id);
  if (!f) return;
  f.label = label;
  f.canvas.setAttribute('aria-label', label);
}

/** Shows the tab (redraws at the current size); with a file open, a pool worker starts ahead of a run. */
export function compareShown() {
  view();
  if (!state.running && state.ctx.readConfig() && sharedWorkers(3) > 1) poolWarm();
}

/** Sets up the tab; `c` = {worker(), readConfig(), keepAnyway(column), dark(), cancelFlag, restart()}. */
export function initCompare(c) {
  state.ctx = c;
  // The tab's fixed words, written again after a language switch.
  const text = {
    'compare-heading': 'compareHeading', 'compare-intro': 'compareIntro', 'compare-extras-label': 'compareExtras',
    'cmp-epochs-label': 'compareEpochs', 'cmp-train': 'compareTrain', 'cmp-cancel': 'cancel',
    'cmp-results-heading': 'compareResults', 'cmp-none': 'compareNone', 'cmp-caption': 'compareTableCaption',
    'cmp-cm-heading': 'compareCmHeading',
  };
  for (const [id, key] of Object.entries(text)) putText($(id), () => S[key]);
  for (const k of Object.keys(S.compareExtra)) putText($(`cmp-${k}-label`), () => S.compareExtra[k]);
  $('cmp-epochs').placeholder = S.scaled;
  $('cmp-train').addEventListener('click', start);
  $('cmp-cancel').addEventListener('click', cancel);
  const charts = $('cmp-charts');
  for (const k of CHARTS) charts.append(figure(`cmp-${k}`, S.compareCharts[k]));
  $('cmp-history-box').append(figure('cmp-history', S.compareCharts.history));
  let timer = 0;
  new ResizeObserver(() => { clearTimeout(timer); timer = setTimeout(view, 60); }).observe($('cmp-body'));
  darkQuery.addEventListener('change', view);
  onLang(() => {
    // The fixed words follow by putText; here what is not text of an element.
    $('cmp-epochs').placeholder = S.scaled;
    for (const k of CHARTS) relabelFigure(`cmp-${k}`, S.compareCharts[k]);
    relabelFigure('cmp-history', S.compareCharts.history);
    (state.names ?? []).forEach((name, i) => {
      relabelFigure(`cmp-cm-${i}`, S.compareCm(name));
      $(`cmp-t-${i}`)?.setAttribute('aria-label', S.compareThreshold(name));
    });
    if ($('cmp-toggles-legend')) $('cmp-toggles-legend').textContent = S.compareToggles;
    if ($('cmp-show-train-label')) $('cmp-show-train-label').textContent = S.compareShowTrain;
    // The table (headers, badge, model names) and the charts come back in the new language.
    view();
  });
}
