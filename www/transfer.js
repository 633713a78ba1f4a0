// The Transfer tab: two files (a labelled source population and a target
// population), the column-alignment report, a DAN run with live training
// curves (classification loss, MMD loss, λ; target-validation ROC-AUC and
// KS), then the comparison with the source-only baselines on the target
// test rows: a table, ROC and KS charts, and PCA projections of the learned
// features before and after adaptation. Runs its own instance of
// www/worker.js (its methods in worker_transfer.js, called through
// www/rpc.js), started when first needed, so the Train tab's worker is never
// blocked. The live curves' progress says how many points each shows
// (`drawn`), kept on their figures as data-points. Knows nothing of the Train
// and Score tabs.
import { S, LOCALE } from './strings.js';
import { sharedCancelFlag } from './engine.js';
import { handCanvas, fitCanvas } from './frames.js';
import { darkQuery } from './theme.js'; // the system's theme or the switch's
import { call, abandon } from './rpc.js';
import { $, putText, showError as showErrorIn, fmtDuration } from './dom.js';
import { chartReadouts } from './keyboard.js';
import { lang, onLang, engineText } from './i18n.js';
import { progressText } from './progress_words.js';

const T = S.transfer;
const DEMO = ['data/lending_club_source_term36.csv', 'data/lending_club_target_term60.csv'];
const CHARTS = ['history', 'validation', 'roc', 'ks', 'before', 'after'];
const flag = sharedCancelFlag(); // null: cancel restarts the worker (www/engine.js)

const state = {
  worker: null,
  files: { source: null, target: null },     // {name, bytes: ArrayBuffer} kept to restart a worker
  summaries: { source: null, target: null },
  canvases: new Map(),
  running: false,
  report: null,     // the report whose charts are shown (hover reads them)
  shown: null,      // {config, report} of the results on screen (or restored after a cancel)
  kept: null,       // `shown` while a new run goes: a cancelled run brings it back
  restoring: false, // the running run brings back `shown` after a cancel
};

const fmt = (v, d = 4) => (v === null || v === undefined ? S.none : Number(v).toLocaleString(LOCALE, {
  minimumFractionDigits: d, maximumFractionDigits: d,
}));

function showError(text) { showErrorIn('tr-error', text); }

function setPhase(phase) {
  document.body.dataset.transfer = phase;
}

function startWorker() {
  // The full module (Transfer has no code in the first-view module: www/worker.js).
  state.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'full' });
  state.worker.onerror = (e) => showError(S.engineFailed + (e.message ?? ''));
  if (flag) call(state.worker, 'cancelFlag', { flag }).catch(() => {});
  // A new worker gets new frame ports (www/frames.js) to the same canvases:
  // after a cancel that restarted it, they keep showing the earlier
  // results' charts (the page's own pixels) until it paints them again.
  for (const id of CHARTS) {
    let canvas = state.canvases.get(id);
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.width = 1;
      canvas.height = 1;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', T.charts[id]);
      $(`tr-chart-${id}`).replaceChildren(canvas);
      state.canvases.set(id, canvas);
      // Read-outs only over a finished run's charts (the live ones are redrawn every step).
      const idle = () => !state.running && state.report;
      chartReadouts(canvas, {
        hover: async (x, y) => (idle() ? call(state.worker, 'transferHover', { id: `transfer-${id}`, x, y }) : null),
        hitAt: async (index) => (idle() ? call(state.worker, 'transferHitAt', { id: `transfer-${id}`, index }) : null),
      });
    }
    handCanvas(state.worker, `transfer-${id}`, canvas);
  }
  for (const which of ['source', 'target']) {
    if (state.files[which]) send(which, state.files[which].bytes.slice(0));
  }
}

function ensureWorker() {
  if (!state.worker) startWorker();
}

function send(which, bytes) {
  const me = state.worker;
  call(me, 'transferFile', { which, bytes }, { transfer: [bytes] }).then((summary) => {
    if (me !== state.worker || state.files[which] === null) return;
    state.summaries[which] = summary;
    const name = state.files[which].name;
    // A function: the line is said again after a language switch (dom.js putText).
    putText($(`tr-${which}-name`), () => T.loaded(name, summary.rows.toLocaleString(LOCALE), summary.columns.length));
    if (which === 'source') fillLabels();
    refresh();
    if (state.summaries.source && state.summaries.target) setPhase('ready');
  }, (e) => {
    if (me !== state.worker || e.code === 'cancelled' || e.code === 'lost') return;
    state.summaries[which] = null;
    const name = state.files[which]?.name ?? which;
    showError(() => S.errorPrefix(name) + e.message);
    refresh();
  });
}

async function openFile(which, name, bytes) {
  ensureWorker();
  showError('');
  state.files[which] = { name, bytes };
  state.summaries[which] = null;
  putText($(`tr-${which}-name`), name); // (a plain string: the loaded line below replaces it)
  refresh();
  send(which, bytes.slice(0));
}

async function loadDemo() {
  try {
    const [a, b] = await Promise.all(DEMO.map(async (url) => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(S.fetchFailed(r.status));
      return r.arrayBuffer();
    }));
    await openFile('source', DEMO[0].split('/').pop(), a);
    await openFile('target', DEMO[1].split('/').pop(), b);
  } catch (e) {
    showError(() => String(e?.message ?? e));
  }
}

/** The label picker lists the source's columns, `Class` or the last one first chosen. */
function fillLabels() {
  const sel = $('tr-label');
  const names = state.summaries.source?.columns.map((c) => c.name) ?? [];
  const keep = sel.value;
  sel.replaceChildren(...names.map((n) => new Option(n, n)));
  const pick = names.includes(keep) ? keep : (names.find((n) => /^(class|label|target|y)$/i.test(n)) ?? names.at(-1));
  if (pick) sel.value = pick;
}

function refresh() {
  $('tr-run').disabled = state.running || !(state.summaries.source && state.summaries.target);
  $('tr-cancel').disabled = !state.running;
}

function look(id) {
  const canvas = state.canvases.get(id);
  let { width, height } = fitCanvas($(`tr-chart-${id}`), canvas, { ratio: 0.62, max: 360, square: id === 'roc' });
  // Narrow: the ROC legend (a line per model and the chance line) goes in a
  // strip under the square plot (src/chart/layout.rs); the chart grows by
  // it rather than shrinking the square, as Compare's does.
  const entries = (state.report?.models?.length ?? 0) + 1;
  if (id === 'roc' && width < 560 && entries > 3) {
    height += 18 * (entries - 3);
    canvas.style.height = `${height}px`;
  }
  return { width, height, dark: darkQuery.matches, lang: lang(), dpr: devicePixelRatio || 1 };
}

function run() {
  if (!(state.summaries.source && state.summaries.target)) { showError(T.needBoth); return; }
  showError('');
  state.running = true;
  state.kept = state.shown;
  state.report = null;
  refresh();
  setPhase('running');
  $('tr-results').hidden = true;
  $('tr-align-section').hidden = true;
  $('tr-train-section').hidden = false;
  const live = look('history');
  look('validation');
  const positive = $('tr-positive').value.trim();
  const methods = [...document.querySelectorAll('#tr-methods input:checked')].map((i) => i.value);
  const config = {
    methods,
    data: {
      label: $('tr-label').value,
      positive: positive ? { value: positive } : 'minority',
      target_val: Number($('tr-fraction').value),
      seed: Number($('tr-seed').value),
    },
    dan: { max_steps: Math.max(1, Math.floor(Number($('tr-steps').value))) },
    seed: Number($('tr-seed').value),
  };
  $('tr-progress').hidden = false;
  $('tr-progress').value = 0;
  $('tr-status').textContent = T.starting;
  start(config, live);
}

/** Runs `config` on the current worker; its results replace the ones shown. */
function start(config, live) {
  for (const id of ['history', 'validation']) $(`tr-chart-${id}`).dataset.points = '0';
  if (flag) Atomics.store(flag, 0, 0);
  const me = state.worker;
  call(me, 'transferRun', { config, look: live }, { onProgress }).then((r) => {
    if (me !== state.worker) return;
    const restored = state.restoring;
    state.restoring = false;
    done();
    $('tr-status').textContent = restored ? T.restored : '';
    state.kept = null;
    state.shown = { config, report: r };
    showResults(r);
  }, (e) => {
    if (me !== state.worker) return;
    state.restoring = false;
    done();
    if (e.code === 'cancelled') {
      $('tr-status').textContent = T.cancelled;
      setPhase('cancelled');
      restoreKept(false);
      return;
    }
    $('tr-status').textContent = '';
    showError(() => e.message);
    setPhase('error');
  });
}

/**
 * After a cancel: the results shown before the cancelled run come back.
 * With the shared flag the worker still holds that run and repaints it;
 * a restarted worker (no flag) runs it again from the same files and
 * settings (same seed: the same numbers), showing the earlier tables and
 * charts (the canvases keep their pixels) until it is done.
 */
function restoreKept(restarted) {
  const earlier = state.kept;
  state.kept = null;
  if (!earlier) return;
  state.shown = earlier;
  if (!restarted) {
    showResults(earlier.report);
    return;
  }
  // The new worker has no run to paint yet: show the tables and the kept
  // pixels, and repaint (showResults) when the run again is done.
  $('tr-results').hidden = false;
  $('tr-align-section').hidden = false;
  state.running = true;
  state.restoring = true;
  refresh();
  setPhase('restoring');
  $('tr-progress').hidden = false;
  $('tr-progress').value = 0;
  $('tr-status').textContent = T.restoring;
  start(earlier.config, look('history'));
}

/** A report of the run: the bar and line from its stage reports, the live charts' point counts from `drawn`. */
function onProgress(p) {
  if (p.drawn) {
    $('tr-chart-history').dataset.points = String(p.drawn.history);
    $('tr-chart-validation').dataset.points = String(p.drawn.validation);
  }
  if (p.message === undefined) return;
  $('tr-progress').value = p.fraction;
  $('tr-status').textContent = state.restoring ? T.restoring : progressText(p);
}

function cancel() {
  if (!state.running) return;
  if (flag) {
    Atomics.store(flag, 0, 1);
    return;
  }
  // Without a shared flag the busy worker cannot hear a message: replace it.
  state.worker.terminate();
  abandon(state.worker, 'cancelled');
  state.worker = null;
  state.restoring = false;
  done();
  $('tr-status').textContent = T.cancelled;
  setPhase('cancelled');
  startWorker();
  restoreKept(true);
}

function done() {
  state.running = false;
  $('tr-progress').hidden = true;
  refresh();
}

function showAlignment(r) {
  const a = r.alignment;
  const names = (list) => list.slice(0, 6).join(', ') + (list.length > 6 ? ', …' : '');
  const items = [T.shared(a.shared.length)];
  if (a.only_in_source.length) items.push(T.onlySource(a.only_in_source.length, names(a.only_in_source)));
  if (a.only_in_target.length) items.push(T.onlyTarget(a.only_in_target.length, names(a.only_in_target)));
  if (a.kind_mismatches.length) items.push(T.mismatched(a.kind_mismatches.length, names(a.kind_mismatches.map((k) => k.name))));
  items.push(T.labelCoverage(a.label), T.sizes(r.sizes), ...r.warnings);
  $('tr-align').replaceChildren(...items.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
  $('tr-align-section').hidden = false;
}

// The results table's columns' glossary terms (www/glossary_terms.js), in
// T.columns' order, and the column of the model checks' codes.
const COLUMN_TERMS = ['model', null, 'roc_auc', 'ks', 'pr_auc', 'threshold', 'recall', null, 'fit_time'];
const CHECKS_COLUMN = 7;

function showResults(r) {
  state.report = r;
  showAlignment(r);
  $('tr-results').hidden = false;
  const head = document.createElement('tr');
  head.replaceChildren(...T.columns.map((c, k) => {
    const th = Object.assign(document.createElement('th'), { textContent: c });
    if (COLUMN_TERMS[k]) th.dataset.term = COLUMN_TERMS[k]; // its ⓘ (www/glossary.js)
    return th;
  }));
  $('tr-table').tHead.replaceChildren(head);
  $('tr-table').tBodies[0].replaceChildren(...r.models.map((m) => {
    const tr = document.createElement('tr');
    if (m.chosen) tr.className = 'chosen';
    const cells = [
      S.shownModelName(m.name) + (m.chosen ? T.chosenMark : ''), T.methodNames[m.method] ?? m.method, fmt(m.test.roc_auc),
      fmt(m.test.ks), fmt(m.test.pr_auc), fmt(m.threshold, 3), fmt(m.test.recall, 3),
      m.checks.map((c) => c.code).join(', '), fmtDuration(m.fit_seconds),
    ];
    tr.replaceChildren(...cells.map((c) => Object.assign(document.createElement('td'), { textContent: c })));
    // Each check's code with its ⓘ (www/glossary.js), as in the findings lists.
    tr.cells[CHECKS_COLUMN].replaceChildren(...m.checks.flatMap((c, i) => {
      const code = Object.assign(document.createElement('span'), { className: 'code', textContent: c.code });
      code.dataset.term = c.code;
      return i ? [', ', code] : [code];
    }));
    return tr;
  }));
  const v = r.verdict;
  const signed = (x) => (x >= 0 ? '+' : '') + fmt(x);
  const verdict = $('tr-verdict');
  verdict.replaceChildren();
  // One verdict as its word in bold and its sentence.
  const said = (x) => [
    Object.assign(document.createElement('strong'), { textContent: `${T.verdictWord[x.basis][x.outcome]}. ` }),
    T.verdict({ ...x, chosen: S.shownModelName(x.chosen), baseline: S.shownModelName(x.baseline) }, signed),
  ];
  if (v) {
    verdict.append(...said(v));
    // When the target's labels won, what adaptation itself did, on its own line.
    if (r.adaptation_verdict) verdict.append(document.createElement('br'), ...said(r.adaptation_verdict));
    verdict.dataset.outcome = v.outcome;
    verdict.dataset.basis = v.basis;
  } else {
    verdict.textContent = T.noVerdict;
    delete verdict.dataset.outcome;
    delete verdict.dataset.basis;
  }
  showCurve(r);
  paintAll();
}

/** The learning curve of target-only vs source + target fits, as a table. */
function showCurve(r) {
  const curve = r.learning_curve ?? [];
  $('tr-curve-section').hidden = curve.length === 0;
  if (!curve.length) return;
  const chosen = r.models.find((m) => m.chosen);
  $('tr-curve-note').textContent = T.curveNote(chosen ? S.shownModelName(chosen.name) : S.none, fmt(chosen?.test.roc_auc));
  const head = document.createElement('tr');
  // The two curves' columns have their ⓘ (www/glossary.js).
  const curveTerms = [null, null, 'target_only', 'learning_curve'];
  head.replaceChildren(...T.curveColumns.map((c, k) => {
    const th = Object.assign(document.createElement('th'), { textContent: c });
    if (curveTerms[k]) th.dataset.term = curveTerms[k];
    return th;
  }));
  $('tr-curve').tHead.replaceChildren(head);
  $('tr-curve').tBodies[0].replaceChildren(...curve.map((c) => {
    const tr = document.createElement('tr');
    const cells = [`${Math.round(c.share * 100)} %`, `${c.rows.toLocaleString(LOCALE)} (${c.positives.toLocaleString(LOCALE)})`,
      fmt(c.target_only), fmt(c.source_target)];
    tr.replaceChildren(...cells.map((x) => Object.assign(document.createElement('td'), { textContent: x })));
    return tr;
  }));
}

function paintAll() {
  if (!state.report) return;
  const charts = CHARTS.map((id) => {
    const l = look(id);
    return { id: `transfer-${id}`, dpr: l.dpr, request: { kind: id, width: l.width, height: l.height, dark: l.dark, lang: l.lang, series: 0 } };
  });
  const me = state.worker;
  call(me, 'transferPaint', { charts }).then((errors) => {
    if (me !== state.worker) return;
    if (Object.keys(errors).length) showError(() => Object.values(errors).map((t) => engineText(t)).join('; '));
    // A run started since (Run clicked right after a cancel brought the
    // earlier results back) is what the page is doing now: not "done".
    if (!state.running) setPhase('done');
  }, () => {});
}

/** The tab's fixed words (again after a switch of language). */
function labels() {
  const text = {
    'tr-data-heading': T.dataHeading, 'tr-source-label': T.sourceLabel, 'tr-target-label': T.targetLabel,
    'tr-demo': T.demo, 'tr-settings-heading': T.settingsHeading, 'tr-label-label': T.label,
    'tr-positive-label': T.positive, 'tr-fraction-label': T.fraction, 'tr-steps-label': T.steps,
    'tr-seed-label': T.seed, 'tr-run': T.run, 'tr-cancel': T.cancel, 'tr-align-heading': T.alignHeading,
    'tr-train-heading': T.trainHeading, 'tr-results-heading': T.resultsHeading,
    'tr-methods-label': T.methodsLabel, 'tr-curve-heading': T.curveHeading,
  };
  for (const [id, t] of Object.entries(text)) $(id).textContent = t;
  for (const [value, name] of Object.entries(T.methods)) {
    const words = $(`tr-method-${value}-name`);
    if (words) words.textContent = ` ${name}`;
  }
}

function init() {
  for (const value of Object.keys(T.methods)) {
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', value, checked: true, id: `tr-method-${value}` });
    const label = Object.assign(document.createElement('label'), { htmlFor: box.id, className: 'check' });
    label.dataset.term = value === 'target' ? 'target_only' : value; // its ⓘ (www/glossary.js)
    label.append(box, Object.assign(document.createElement('span'), { id: `tr-method-${value}-name` }));
    $('tr-methods').append(label);
  }
  labels();
  for (const which of ['source', 'target']) {
    const input = $(`tr-file-${which}`);
    input.addEventListener('change', async () => {
      const f = input.files?.[0];
      if (f) openFile(which, f.name, await f.arrayBuffer());
    });
    const zone = $(`tr-drop-${which}`);
    zone.addEventListener('dragover', (e) => { e.preventDefault(); e.stopPropagation(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', async (e) => {
      // This zone's file is this population's; the page-wide drop is the Train tab's.
      e.preventDefault();
      e.stopPropagation();
      zone.classList.remove('over');
      const f = e.dataTransfer?.files?.[0];
      if (f) openFile(which, f.name, await f.arrayBuffer());
    });
  }
  $('tr-demo').addEventListener('click', loadDemo);
  $('tr-run').addEventListener('click', run);
  $('tr-cancel').addEventListener('click', cancel);
  $('tab-transfer').addEventListener('click', ensureWorker);
  darkQuery.addEventListener('change', paintAll);
  // Another language: the words, the results and the charts again in it.
  onLang(() => {
    labels();
    for (const [id, canvas] of state.canvases) canvas.setAttribute('aria-label', T.charts[id]);
    if (state.report) showResults(state.report);
    if (!$('panel-transfer').hidden) paintAll();
  });
  // Repainted when the panel's width changes, including when it is shown
  // again after the window was resized while another tab was open (the
  // charts would otherwise be scaled-down bitmaps of the old width).
  let resize = null;
  let shownWidth = 0;
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === shownWidth) return;
    shownWidth = width;
    clearTimeout(resize);
    resize = setTimeout(() => { if (!$('panel-transfer').hidden) paintAll(); }, 200);
  }).observe($('panel-transfer'));
  refresh();
}

init();
