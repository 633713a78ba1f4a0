// The page: starts the worker, streams a CSV to it (the bundled demo on
// load, then any file the user opens or drops), shows progress, errors and
// the data summary. Every piece of data reaches the DOM through textContent.
// Knows nothing of how a CSV is parsed or a statistic computed.
import { S, LOCALE } from './strings.js';

const $ = (id) => document.getElementById(id);
const DEMO = 'data/lending_club.csv';
const num = new Intl.NumberFormat(LOCALE);
const dec = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4 });

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 0;
let active = null; // {id, name, total, started, abort} of the file being read

function setText(id, text) { $(id).textContent = text; }

function showError(message) {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
}

function fmtBytes(n) {
  if (n < 1024) return `${num.format(n)} B`;
  if (n < 1024 * 1024) return `${dec.format(n / 1024)} KB`;
  return `${dec.format(n / 1024 / 1024)} MB`;
}

function fmtNumber(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return S.none;
  return Math.abs(x) >= 1000 && Number.isInteger(x) ? num.format(x) : dec.format(x);
}

/** `top` is a list of `[value, count]`, most frequent first. */
function fmtTop(top) {
  if (!Array.isArray(top) || top.length === 0) return S.none;
  return top.map(([v, c]) => S.topValue(v === '' ? S.emptyValue : String(v), num.format(c))).join(', ');
}

function td(tr, text, cls) {
  const cell = document.createElement('td');
  cell.textContent = text;
  if (cls) cell.className = cls;
  tr.append(cell);
}

function showSummary(summary) {
  const cols = summary.columns ?? [];
  setText('summary-line', S.summaryLine(num.format(summary.rows), num.format(cols.length)));
  $('summary-line').dataset.rows = String(summary.rows);
  $('summary-line').dataset.columns = String(cols.length);
  const body = document.querySelector('#columns tbody');
  body.replaceChildren();
  for (const c of cols) {
    const tr = document.createElement('tr');
    td(tr, c.name);
    td(tr, S.kinds[c.kind] ?? String(c.kind));
    td(tr, num.format(c.missing), 'num');
    td(tr, fmtNumber(c.min), 'num');
    td(tr, fmtNumber(c.mean), 'num');
    td(tr, fmtNumber(c.max), 'num');
    td(tr, fmtTop(c.top));
    body.append(tr);
  }
  $('summary').hidden = false;
}

/** Streams `stream` (a ReadableStream of bytes) to the worker as file `name`. */
async function load(name, stream, total, abort) {
  if (active?.abort) active.abort();
  const id = ++nextId;
  active = { id, name, total, started: performance.now(), abort };
  $('error').hidden = true;
  $('summary').hidden = true; // never show one file's summary under another's name
  $('progress').hidden = false;
  $('progress').removeAttribute('value');
  worker.postMessage({ type: 'begin', id });
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (active?.id !== id) { reader.cancel(); return; }
      if (done) break;
      worker.postMessage({ type: 'chunk', id, bytes: value }, [value.buffer]);
    }
    worker.postMessage({ type: 'end', id });
  } catch (e) {
    if (active?.id === id) fail(id, String(e?.message ?? e));
  }
}

function fail(id, message) {
  if (active?.id !== id) return;
  $('progress').hidden = true;
  setText('status', '');
  showError(S.errorPrefix(active.name) + message);
  active = null;
}

async function loadDemo() {
  const name = DEMO.split('/').pop();
  setText('status', S.loadingDemo(name));
  const ctl = new AbortController();
  try {
    const res = await fetch(DEMO, { signal: ctl.signal });
    if (!res.ok) throw new Error(S.fetchFailed(res.status));
    const total = Number(res.headers.get('content-length')) || 0;
    await load(name, res.body, total, () => ctl.abort());
  } catch (e) {
    if (e.name !== 'AbortError') showError(S.errorPrefix(name) + String(e?.message ?? e));
  }
}

function loadFile(file) {
  if (file) load(file.name, file.stream(), file.size, null);
}

worker.onmessage = ({ data: m }) => {
  if (m.type === 'ready') { setText('version', S.version(m.version)); return; }
  if (m.type === 'fatal') { showError(S.engineFailed + m.message); return; }
  if (!active || m.id !== active.id) return;
  if (m.type === 'progress') {
    const { total, name } = active;
    if (total) { $('progress').value = Math.min(1, m.bytesRead / total); }
    setText('status', S.reading(name, fmtBytes(m.bytesRead), total ? fmtBytes(total) : ''));
  } else if (m.type === 'summary') {
    const ms = Math.round(performance.now() - active.started);
    $('progress').hidden = true;
    setText('status', S.loaded(active.name, num.format(ms)));
    showSummary(m.summary);
    document.body.dataset.state = 'loaded';
    active = null;
  } else if (m.type === 'error') {
    fail(m.id, m.message);
    document.body.dataset.state = 'error';
  }
};
worker.onerror = (e) => showError(S.engineFailed + (e.message ?? ''));

function initText() {
  document.title = S.title;
  setText('title', S.title);
  setText('tagline', S.tagline);
  setText('data-heading', S.dataHeading);
  setText('file-label', S.fileLabel);
  setText('drop-hint', S.dropHint);
  setText('summary-heading', S.summaryHeading);
  setText('footer', S.footer);
  setText('status', S.starting);
  const head = document.querySelector('#columns thead tr');
  head.replaceChildren(...S.columnHeaders.map((h) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    return th;
  }));
}

function initDrop() {
  $('file').addEventListener('change', (e) => { loadFile(e.target.files[0]); e.target.value = ''; });
  const over = (on) => (e) => { e.preventDefault(); document.body.classList.toggle('dragging', on); };
  document.addEventListener('dragenter', over(true));
  document.addEventListener('dragover', over(true));
  document.addEventListener('dragleave', (e) => { if (!e.relatedTarget) over(false)(e); });
  document.addEventListener('drop', (e) => {
    over(false)(e);
    loadFile(e.dataTransfer?.files?.[0]);
  });
}

initText();
initDrop();
loadDemo();
