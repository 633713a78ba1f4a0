// The Train tab's results: a finished run's metric cards at the chosen
// threshold with its confusion counts, the findings beside them, the
// threshold slider and its choosers (best F1, recall or precision at least,
// cheapest), the charts the worker paints (with hover and keyboard
// read-outs), the result views (www/views.js) and the downloads (report,
// model, exports). All of its state is the one `state` object. Knows
// nothing of how a run is trained (www/train.js).
import { S } from './strings.js';
import { $, el, option, setText, showError, showTooltip, num, fix3, download, slug } from './dom.js';
import { ask, shownIn } from './engine_client.js';
import { isGone } from './rpc.js';
import { handCanvas, fitCanvas, replaceCanvas } from './frames.js';
import { darkQuery } from './theme.js';
import { lang, onLang, engineText } from './i18n.js';
import { keyboardReadout, sliderSteps } from './keyboard.js';
import { requestModelDiagnostics } from './explore.js';
import { mergeFindings, showFindings } from './findings.js';
import { buildViews, viewRequest, viewsAsk, showViews } from './views.js';
import { fileInfo, source } from './file_load.js';
import { training, keepAnyway } from './train.js';

const CHARTS = ['roc', 'pr', 'confusion', 'scores', 'threshold', 'ks'];

/** File endings and types of the model's export formats (src/export.rs). */
const EXPORT_SUFFIX = { onnx: '.onnx', sklearn: '.sklearn.py', notebook: '.ipynb', pyspark: '.pyspark.py' };
const EXPORT_TYPE = { onnx: 'application/octet-stream', sklearn: 'text/x-python', notebook: 'application/x-ipynb+json', pyspark: 'text/x-python' };

const state = {
  results: null,        // {report, names, run, file} of the run shown
  // The shown threshold's model diagnostics (Explore's modelDiag answer) and
  // notes (metric fallbacks): with the run's findings, one list.
  thresholdFindings: [],
  thresholdNotes: [],
  lastEvaluation: null, // the cards' metrics, saved with the report
  noValidation: false,  // the run shown has no validation rows: the choosers say why they cannot run
  // A chosen threshold is kept exactly: the slider rounds to its 0.001 step
  // (kept so arrow keys move it finely), which could lose the target recall.
  exactThreshold: null,
  seq: 0,               // view request counter
  viewAsked: null,      // {seq, series, part, threshold} of the last view asked for
  viewBusy: false,
  viewDirty: false,
  chooseSeq: 0,
  hoverBusy: false,
  charts: new Map(),    // id -> {figure, canvas, log, more, last} of the results charts
};

/** {report, names, run, file} of the run shown, or null. */
export const currentResults = () => state.results;
/** True while a chart view asked for is unanswered (the watchdog watches the worker then). */
export const viewWaiting = () => state.viewBusy;

/** The one findings list beside the Train result: the run's (data check, model checks), then the threshold's. */
function showRunFindings() {
  const { results } = state;
  showFindings($('run-warnings'), mergeFindings(results?.report.warnings ?? [], state.thresholdFindings, state.thresholdNotes),
    { leftOut: results?.report.data.left_out ?? [], onKeep: keepAnyway });
}

/** The model diagnostics of the shown run and threshold arrived (or failed: `list` empty). */
export function showThresholdFindings(list) {
  state.thresholdFindings = list;
  showRunFindings();
  $('run-warnings').dataset.threshold = 'checked';
}

/** Shows a finished run: `added` = the worker's new series, `shown` = the run's number, `view` = a view to show again. */
export function showRun(report, added, shown, view) {
  const file = fileInfo();
  state.results = { report, names: added.names, run: shown, file: file.no };
  // The new run's findings at once (the threshold's follow with its evaluation).
  state.thresholdFindings = [];
  state.thresholdNotes = [];
  showRunFindings();
  const sel = $('series');
  sel.replaceChildren(...added.names.map((n, i) => option(String(i), () => S.shownModelName(n))));
  sel.value = String(added.series[added.series.length - 1]);
  const split = report.split;
  setText('split-info', () => S.splitInfo(num.format(split.test), num.format(split.test_positives)));
  // The choosers read the validation rows: without any they say why they cannot run.
  const noVal = !(split.val > 0);
  state.noValidation = noVal;
  for (const id of ['best-f1', 'recall-go', 'precision-go', 'cost-go']) {
    $(id).disabled = noVal;
    $(id).title = noVal ? S.noValidation : '';
  }
  setText('chooser-note', () => (noVal ? S.noValidation : S.choosersNote));
  $('no-results').hidden = true;
  const body = $('results-body');
  body.hidden = false;
  Object.assign(body.dataset, { file: String(file.no), run: String(shown) });
  setText('results-of', () => S.resultsOf(shown, file.name));
  if (view) {
    $('series').value = String(view.series);
    $('part').value = view.part;
    setThreshold(view.threshold);
  } else {
    setThreshold(report.config.threshold ?? 0.5);
  }
}

/** Shows again `results` that "Clear runs" put aside, at `view` (its Undo). */
export function restoreResults(results, view) {
  state.results = results;
  $('series').value = String(view.series);
  $('part').value = view.part;
  $('no-results').hidden = true;
  $('results-body').hidden = false;
  Object.assign($('results-body').dataset, { file: String(results.file), run: String(results.run) });
  showRunFindings();
  setThreshold(view.threshold);
}

export function hideResults() {
  state.results = null;
  $('results-body').hidden = true;
  delete $('results-body').dataset.file;
  delete $('results-body').dataset.run;
  $('cards').replaceChildren(); // no metric of a run no longer shown stays in the page
  for (const k of Object.keys($('cards').dataset)) delete $('cards').dataset[k];
  state.thresholdFindings = [];
  state.thresholdNotes = [];
  showRunFindings(); // nor a finding of it
  $('no-results').hidden = false;
}

function showEvaluation(e) {
  state.lastEvaluation = e;
  const cards = $('cards');
  const card = (key, value, note) => {
    const text = value === null || value === undefined || Number.isNaN(value) ? S.none : fix3.format(value);
    // data-term: the metric's ⓘ (www/glossary.js).
    return el('div', { className: 'card', data: { metric: key, value: String(value ?? ''), term: key } },
      el('div', { className: 'card-name', text: S.cards[key] }),
      el('div', { className: 'card-value', text }),
      el('div', { className: 'card-note muted', text: note ?? '' }));
  };
  cards.replaceChildren(
    card('roc_auc', e.roc_auc), card('pr_auc', e.pr_auc), card('ks', e.ks), card('log_loss', e.log_loss),
    card('precision', e.precision, S.atThreshold), card('recall', e.recall, S.atThreshold),
    card('f1', e.f1, S.atThreshold), card('accuracy', e.accuracy, S.majority(fix3.format(e.majority_accuracy))),
  );
  // One span per metric, each with its ⓘ (www/glossary.js).
  const more = { specificity: e.specificity, balanced_accuracy: e.balanced_accuracy, mcc: e.mcc, brier: e.brier };
  $('more-metrics').replaceChildren(...Object.entries(more).flatMap(([key, v], i) => [
    ...(i ? [' · '] : []),
    el('span', { text: `${S.moreMetric[key]} ${v === null || v === undefined ? S.none : fix3.format(v)}`, data: { term: key } })]));
  state.thresholdNotes = e.warnings ?? [];
  state.thresholdFindings = [];
  showRunFindings();
  // Set again when this threshold's model diagnostics arrive (tests wait for it).
  delete $('run-warnings').dataset.threshold;
  const line = $('cm-line');
  line.textContent = S.cmLine(num.format(e.tp), num.format(e.fp), num.format(e.tn), num.format(e.fn));
  Object.assign(line.dataset, { tp: e.tp, fp: e.fp, tn: e.tn, fn: e.fn, rows: e.rows, positives: e.positives });
}

function choose(chooser) {
  if (!state.results) return;
  showError('view-error', '');
  // Chosen on the validation rows whatever "Rows" shows: the test rows only report.
  const { series } = viewState();
  const me = ++state.chooseSeq;
  ask('choose', { series, chooser }).then((t) => { if (me === state.chooseSeq) setThreshold(t); },
    (e) => { if (me === state.chooseSeq && !isGone(e)) showError('view-error', e.message); });
}

function threshold() { return state.exactThreshold ?? Number($('threshold').value); }

function setThreshold(t) {
  $('threshold').value = String(t);
  state.exactThreshold = t;
  $('threshold').dataset.exact = String(t); // the slider snaps to its step; tests read the exact value
  requestView();
}

/** The series, rows and threshold shown. */
export function viewState() {
  return {
    series: Number($('series').value) || 0,
    part: $('part').value,
    threshold: threshold(),
  };
}

/** Asks the worker for the cards and every chart at the view shown (one request in flight; a newer one waits). */
export function requestView() {
  if (!state.results) return;
  setText('threshold-value', fix3.format(threshold()));
  if (state.viewBusy) { state.viewDirty = true; return; }
  state.viewBusy = true;
  state.viewDirty = false;
  const st = viewState();
  const dark = darkQuery.matches;
  const dpr = devicePixelRatio || 1;
  const list = [];
  for (const [id, c] of state.charts) {
    const { width, height } = fitCanvas(c.figure, c.canvas, { square: id === 'roc' });
    list.push({
      id, dpr,
      request: { kind: id, width, height, dark, lang: lang(), log_count: c.log?.checked ?? false, ...st, ...c.more?.() },
    });
  }
  state.viewAsked = { seq: ++state.seq, ...st };
  const me = state.seq;
  ask('view', { charts: list, evaluate: st, views: viewsAsk(st) }).then((r) => onViewed({ seq: me, ...r }), (e) => {
    state.viewBusy = false;
    if (!isGone(e)) showError('view-error', e.message);
  });
}

function onViewed(m) {
  state.viewBusy = false;
  const { results, viewAsked } = state;
  // A view of results no longer shown (another file, a replaced worker): drop it.
  if (!results) return;
  const errs = Object.values(m.errors ?? {});
  showError('view-error', errs.map((t) => engineText(t)).join('\n'));
  if (m.evaluation) showEvaluation(m.evaluation);
  showViews(m.views, m.viewsError);
  // The cards say which run, rows and threshold they were computed for.
  if (m.evaluation && viewAsked?.seq === m.seq) {
    const { series, part, threshold: t } = viewAsked;
    Object.assign($('cards').dataset, { run: String(results.run), series: String(series), part, threshold: String(t) });
  }
  if (m.evaluation) requestModelDiagnostics(viewState());
  document.body.dataset.view = String(m.seq);
  if (state.viewDirty) requestView();
}

// ---------------------------------------------------------------- charts

function hookCanvas(id, canvas) {
  canvas.addEventListener('pointermove', (e) => {
    if (state.hoverBusy || training()) return;
    state.hoverBusy = true;
    const r = canvas.getBoundingClientRect();
    state.charts.get(id).last = { x: e.clientX, y: e.clientY };
    ask('hover', { id, x: e.clientX - r.left, y: e.clientY - r.top })
      .then((text) => onHovered({ id, text }), () => { state.hoverBusy = false; });
  });
  canvas.addEventListener('pointerleave', () => { $('tooltip').hidden = true; });
  // Arrow keys walk the chart's points, announced (www/keyboard.js).
  keyboardReadout(canvas, { ask: (index) => ask('hitAt', { id, index }), tooltip: $('tooltip') });
}

function onHovered(m) {
  state.hoverBusy = false;
  showTooltip(m.text, state.charts.get(m.id)?.last);
}

/** The results charts' figures, and the result views beside them. */
export function buildCharts() {
  const box = $('charts');
  for (const id of CHARTS) {
    const canvas = el('canvas');
    const tools = el('div', { className: 'chart-tools' });
    let log = null;
    if (id === 'scores') {
      log = el('input', { type: 'checkbox', id: 'log-count' });
      log.addEventListener('change', requestView);
      // Its ⓘ (www/glossary.js): the same counts-on a-log-axis idea as Explore's toggle.
      tools.prepend(el('label', { className: 'check', data: { term: 'log_scale' } }, log, el('span', { text: () => S.logCount })));
    }
    const figure = el('figure', { className: 'chart', id: `chart-${id}`, data: { term: `chart.${id}` } }, canvas, tools);
    box.append(figure);
    state.charts.set(id, { figure, canvas, log });
  }
  // The result views (www/views.js): painted, hovered and exported like the charts above.
  buildViews(box, (id, figure, canvas) => state.charts.set(id, { figure, canvas, log: null, more: () => viewRequest(id) }), requestView);
  let resizeTimer = 0;
  const ro = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(requestView, 60);
  });
  ro.observe(box);
}

/**
 * A new worker: requests the old one never answered must not block it, and
 * it gets new canvases (www/frames.js sends each its frames).
 */
export function resultsWorkerStarted(worker) {
  state.viewBusy = false;
  state.hoverBusy = false;
  for (const [id, c] of state.charts) {
    const canvas = el('canvas', { width: 1, height: 1 });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', S.charts[id]);
    replaceCanvas(c.canvas, canvas);
    c.canvas = canvas;
    hookCanvas(id, canvas);
    handCanvas(worker, id, canvas);
  }
}

/** The threshold, its choosers, the series and rows shown, and the downloads. */
export function initResultsControls() {
  $('threshold').addEventListener('input', () => { state.exactThreshold = null; requestView(); });
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
    const { results } = state;
    if (!results) return;
    // The run's report (config with seed, data, split, every model's metrics
    // on each part, whose AUCs and KS summarise the curves) and the view shown.
    const view = { ...viewState(), series_name: results.names[viewState().series] ?? null, at_threshold: state.lastEvaluation };
    download('rareclass-report.json', JSON.stringify({ ...results.report, view }, null, 2), 'application/json');
  });
  $('save-model').addEventListener('click', () => {
    if (!state.results) return;
    showError('view-error', '');
    // The model keeps the threshold shown: its predictions are the ones seen here.
    const { series, threshold: t } = viewState();
    ask('saveModel', { series, threshold: t })
      .then((m) => download(`${slug(m.name)}.model.json`, m.json, 'application/json'), shownIn('view-error'));
  });
  $('export-model').addEventListener('click', () => {
    if (!state.results) return;
    showError('view-error', '');
    const { series, threshold: t } = viewState();
    ask('exportModel', { series, threshold: t, format: $('export-format').value, dataName: source()?.name ?? 'data.csv' })
      .then((m) => download(`${slug(m.name)}${EXPORT_SUFFIX[m.format]}`, m.bytes, EXPORT_TYPE[m.format]), shownIn('view-error'));
  });
  darkQuery.addEventListener('change', requestView);
  // Another language: the cards, captions and charts again in it, and the words set once per run.
  onLang(() => {
    for (const id of ['best-f1', 'recall-go', 'precision-go', 'cost-go']) $(id).title = state.noValidation ? S.noValidation : '';
    for (const [id, c] of state.charts) c.canvas.setAttribute('aria-label', S.charts[id]);
    requestView();
  });
}
