// The Score tab: a saved model file (JSON) is read and described, then a
// CSV is scored with it in the worker (a second Session there, so scoring
// never disturbs the Train tab's runs): the scored rows, the notes (ignored,
// converted and unseen columns, missing labels), and, when the file has the
// label, the metric cards, confusion counts and the four charts the worker
// paints; the predictions download as CSV. All of the tab's state is the one
// `state` object. Knows nothing of the other tabs.
import { S } from './strings.js';
import { $, el, option, setText, showError, num, fix3, fmtDuration, download, slug } from './dom.js';
import { handCanvas, fitCanvas, replaceCanvas } from './frames.js';
import { isGone } from './rpc.js';
import { lang, onLang } from './i18n.js';
import { darkQuery } from './theme.js'; // the system's theme or the switch's
import { engineReadouts } from './keyboard.js';

const CHARTS = ['roc', 'pr', 'confusion', 'scores'];

const state = {
  model: null,       // {name, json, info, seq} of the model opened
  seq: 0,            // request counter: an answer for an older model or file is dropped
  scored: null,      // {name, started, seq, summary, columns} of the last scored file
  charts: new Map(), // 'score-<kind>' → {figure, canvas, kind}
  ctx: null,         // {call(method, args, options), dark(), demo} from app.js
};

/** Opens a saved model file (the picker or a .json dropped on this tab). */
export async function openModel(file) {
  if (!file) return;
  showError('model-error', '');
  setText('model-info', '');
  $('score-data').hidden = true;
  state.model = null;
  let json;
  try {
    json = await file.text();
  } catch (e) {
    showError('model-error', S.modelFailed(file.name) + String(e?.message ?? e));
    return;
  }
  state.model = { name: file.name, json, info: null, seq: ++state.seq };
  const seq = state.model.seq;
  state.ctx.call('readModel', { json }).then((info) => onModelInfo({ seq, info }), (e) => { if (!isGone(e)) onModelInfo({ seq, error: e }); });
}

function onModelInfo(m) {
  if (!state.model || m.seq !== state.model.seq) return;
  if (m.error) {
    // The error's message is read at each (re)write: it follows a language switch.
    const name = state.model.name;
    showError('model-error', () => S.modelFailed(name) + m.error.message);
    state.model = null;
    document.body.dataset.model = 'error';
    return;
  }
  state.model.info = m.info;
  const i = m.info;
  setText('model-info', () => S.modelInfo(S.shownModelName(i.name), i.label, i.positive_class, fix3.format(i.threshold), num.format(i.features.length)));
  $('score-data').hidden = false;
  document.body.dataset.model = 'ready';
}

async function scoreBytes(name, bytes) {
  if (!state.model?.info) return;
  showError('score-error', '');
  setText('score-status', () => S.scoring(name));
  document.body.dataset.score = 'running';
  state.scored = { name, started: performance.now(), seq: ++state.seq };
  const seq = state.scored.seq;
  state.ctx.call('score', { json: state.model.json, bytes, name }, { transfer: [bytes] })
    .then((r) => onScored({ seq, ...r }), (e) => { if (!isGone(e)) onScoreError({ seq, error: e }); });
}

/** Scores a CSV file with the opened model. */
export async function scoreFile(file) {
  if (!file) return;
  try {
    await scoreBytes(file.name, await file.arrayBuffer());
  } catch (e) {
    showError('score-error', S.scoreFailed(file.name) + String(e?.message ?? e));
  }
}

async function scoreDemo() {
  const name = state.ctx.demo.split('/').pop();
  try {
    const res = await fetch(state.ctx.demo);
    if (!res.ok) throw new Error(S.fetchFailed(res.status));
    await scoreBytes(name, await res.arrayBuffer());
  } catch (e) {
    showError('score-error', S.scoreFailed(name) + String(e?.message ?? e));
  }
}

function onScoreError(m) {
  if (m.seq !== -1 && m.seq !== state.scored?.seq) return;
  setText('score-status', '');
  const name = m.seq === -1 ? null : state.scored.name;
  const message = () => m.error?.message ?? m.message;
  showError('score-error', () => (name === null ? '' : S.scoreFailed(name)) + message());
  if (m.seq !== -1) {
    $('scored-body').hidden = true;
    $('no-scored').hidden = false;
  }
  document.body.dataset.score = 'error';
}

function onScored(m) {
  if (m.seq !== state.scored?.seq) return;
  const s = m.summary;
  state.scored.summary = s;
  state.scored.columns = m.columns;
  state.scored.answer = m; // shown again in another language
  state.scored.took ??= (performance.now() - state.scored.started) / 1000;
  const { name, took } = state.scored;
  setText('score-status', () => S.scoredIn(name, fmtDuration(took)));
  const line = $('scored-line');
  line.textContent = S.scoredLine(num.format(s.rows), num.format(s.predicted_positive), s.positive_class, fix3.format(s.threshold));
  Object.assign(line.dataset, { rows: s.rows, predicted: s.predicted_positive });
  const notes = [];
  if (s.ignored_columns.length) notes.push(S.ignoredColumns(num.format(s.ignored_columns.length), s.ignored_columns.join(', ')));
  for (const [col, , to] of s.converted_columns) notes.push(S.convertedColumn(col, S.kinds[to] ?? to));
  for (const [col, n] of s.unseen_categories) notes.push(S.unseenCategories(col, num.format(n)));
  if (s.has_label && s.missing_labels) notes.push(S.missingLabels(num.format(s.missing_labels)));
  if (!s.has_label) notes.push(S.noLabel(state.model?.info?.label ?? ''));
  for (const w of s.evaluation?.warnings ?? []) notes.push(w);
  $('scored-notes').replaceChildren(...notes.map((t) => el('li', { text: t })));
  const id = $('score-id').value;
  $('score-id').replaceChildren(option('', S.noId), ...m.columns.map((c) => option(c, c)));
  if (m.columns.includes(id)) $('score-id').value = id;
  $('no-scored').hidden = true;
  $('scored-body').hidden = false;
  const e = s.evaluation;
  $('scored-metrics').hidden = !e;
  if (e) {
    const card = (key, value) => el('div', { className: 'card', data: { metric: key, value: String(value ?? ''), term: key } },
      el('div', { className: 'card-name', text: S.cards[key] }),
      el('div', { className: 'card-value', text: value === null || value === undefined ? S.none : fix3.format(value) }));
    $('scored-cards').replaceChildren(...['roc_auc', 'pr_auc', 'ks', 'log_loss', 'precision', 'recall', 'f1', 'accuracy']
      .map((k) => card(k, e[k])));
    const cm = $('scored-cm');
    cm.textContent = S.cmLine(num.format(e.tp), num.format(e.fp), num.format(e.tn), num.format(e.fn));
    Object.assign(cm.dataset, { tp: e.tp, fp: e.fp, tn: e.tn, fn: e.fn });
  }
  document.body.dataset.score = 'done';
  requestScoreView();
}

function requestScoreView() {
  const s = state.scored?.summary;
  if (!s?.evaluation || $('panel-score').hidden) return;
  const dark = state.ctx.dark();
  const dpr = devicePixelRatio || 1;
  const list = [];
  for (const [id, c] of state.charts) {
    const { width, height } = fitCanvas(c.figure, c.canvas, { square: c.kind === 'roc' });
    list.push({ id, dpr, request: { kind: c.kind, width, height, dark, lang: lang(), threshold: s.threshold } });
  }
  state.ctx.call('scoreView', { charts: list }).then((errors) => {
    showError('score-error', Object.values(errors ?? {}).join('\n'));
    document.body.dataset.scoreView = 'done';
  }, (e) => { if (!isGone(e)) showError('score-error', e.message); });
}

/** Chart `id`'s read-outs by pointer and keyboard, once it shows a scored file. */
function readouts(id, canvas) {
  engineReadouts(canvas, id, (method, args) => state.ctx.call(method, args));
}

/** Builds the tab's charts and wires its controls; `c` = {call, dark(), demo}. */
export function initScore(c) {
  state.ctx = c;
  const box = $('scored-charts');
  for (const kind of CHARTS) {
    const id = `score-${kind}`;
    const canvas = el('canvas', { role: 'img', 'aria-label': S.charts[id] });
    const figure = el('figure', { className: 'chart', id: `chart-${id}`, data: { term: `chart.${kind}` } }, canvas, el('div', { className: 'chart-tools' }));
    readouts(id, canvas);
    box.append(figure);
    state.charts.set(id, { figure, canvas, kind });
  }
  let timer = 0;
  new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(requestScoreView, 60);
  }).observe(box);
  $('model-file').addEventListener('change', (e) => { openModel(e.target.files[0]); e.target.value = ''; });
  $('score-file').addEventListener('change', (e) => { scoreFile(e.target.files[0]); e.target.value = ''; });
  $('score-demo').addEventListener('click', scoreDemo);
  $('save-predictions').addEventListener('click', () => state.ctx.call('predictions', { id: $('score-id').value }).then(
    (csv) => download(`${slug(state.scored?.name ?? 'data')}.predictions.csv`, csv, 'text/csv'),
    (e) => { if (!isGone(e)) onScoreError({ seq: -1, error: e }); }));
  darkQuery.addEventListener('change', requestScoreView);
  // Another language: the scored file's lines, cards and charts again in it.
  onLang(() => {
    for (const [id, ch] of state.charts) ch.canvas.setAttribute('aria-label', S.charts[id]);
    if (state.scored?.answer) onScored(state.scored.answer);
  });
}

/** A new worker: it has no scored file (the old one's predictions go) and gets new canvases. */
export function scoreWorkerStarted(worker) {
  if (state.scored) {
    state.scored = null;
    $('scored-body').hidden = true;
    $('no-scored').hidden = false;
    setText('score-status', '');
  }
  for (const [id, c] of state.charts) {
    const canvas = el('canvas', { width: 1, height: 1, role: 'img', 'aria-label': S.charts[id] });
    replaceCanvas(c.canvas, canvas);
    readouts(id, canvas);
    c.canvas = canvas;
    handCanvas(worker, id, canvas);
  }
}

/** The tab is shown: draw at its current size. */
export function scoreShown() { requestScoreView(); }
