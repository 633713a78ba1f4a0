// Reading a data file into the engine worker: the bundled demo on first
// visit, then any file the user opens or drops, streamed in chunks
// (www/rpc.js `begin`, `chunk`, `end`) with a progress bar. A new file is a
// new session: nothing of the old one stays on screen, in any tab. After a
// worker restart the same file is read again from the File (or demo) the
// page still holds, and its runs are replayed (www/train.js). All of its
// state is the one `state` object. Knows nothing of how a CSV is parsed.
import { S } from './strings.js';
import { $, setText, showError, fmtBytes, fmtDuration } from './dom.js';
import { ask, fullForFile } from './engine_client.js';
import { isGone } from './rpc.js';
import { exploreFileChanged } from './explore.js';
import { gridFileChanged } from './grid.js';
import { compareFileChanged } from './compare.js';
import { openModel, scoreFile } from './score.js';
import { showSummary, forgetSummary } from './data_summary.js';
import {
  updateTrain, restoreRuns, dropReplay, forgetRuns, dropRunForNewFile, trainWhenReady, trainIfWanted,
} from './train.js';
import { hideResults } from './train_results.js';

export const DEMO = 'data/lending_club.csv';

/** Chunks of a file sent to the worker and not yet parsed, at most, and a BYOB chunk's size (see `load`). */
const IN_FLIGHT = 4;
const CHUNK_BYTES = 1 << 20;

const state = {
  nextId: 0,
  active: null,      // {id, name, total, started, abort, reread} of the file being read
  fileNo: 0,         // the file the user opened (a re-read keeps it); every result view carries it
  rereading: false,  // a replaced worker is about to read the file again: no run until it has
  source: null,      // {name, open()} of the loaded file, to re-read after a restart
  pendingView: null, // the view to show once the re-read file's runs are replayed
};

/** True while a file is being read or is about to be read again: no run may start. */
export const fileBusy = () => state.active !== null || state.rereading;
/** True while a file is being read (the watchdog watches the worker then). */
export const reading = () => state.active !== null;
/** The file the user opened: its number (every result view carries it) and name. */
export const fileInfo = () => ({ no: state.fileNo, name: state.source?.name ?? '' });
/** {name, open()} of the loaded file, or null. */
export const source = () => state.source;

/** Streams `stream` (a ReadableStream of bytes) to the worker as file `name`. */
async function load(name, stream, total, abort, reread, first) {
  if (state.active?.abort) state.active.abort();
  const id = ++state.nextId;
  state.active = { id, name, total, started: performance.now(), abort, reread: reread === true };
  showError('error', '');
  $('summary').hidden = true; // never show one file's summary under another's name
  // A new file is a new session in the worker: its runs and settings are gone,
  // and a run still going on the old file is dropped (its result, when it
  // comes, belongs to no run the page is waiting for).
  if (!state.active.reread) dropRunForNewFile();
  if (!state.active.reread) {
    // Nothing of the old file is shown under the new one, in any tab.
    state.fileNo += 1;
    forgetRuns();
    state.pendingView = null;
    state.rereading = false;
    compareFileChanged();
    gridFileChanged();
    hideResults();
    forgetSummary();
    exploreFileChanged();
    $('label-section').hidden = true;
    $('train-section').hidden = true;
    // The old file's training history, status and errors go too.
    $('chart-history').hidden = true;
    setText('train-status', '');
    for (const e of ['train-error', 'view-error', 'link-error']) showError(e, '');
  }
  setText('summary-line', '');
  $('read-notes').replaceChildren();
  // No run until this file is in the worker (a re-read keeps the old summary on screen).
  $('train').disabled = true;
  $('progress').hidden = false;
  $('progress').removeAttribute('value');
  // A read error fails the file once (later chunks fail with it; `stale` = another file's).
  const failed = (e) => { if (!isGone(e) && e.code !== 'stale') fail(id, () => e.message); };
  // Any file but the first visit's demo is read by the full module (a
  // re-read, by the worker a restart started): www/engine_client.js.
  if (!reread && !first) fullForFile();
  ask('begin', { file: id, total }).catch(() => {});
  // Memory: a default reader hands every chunk over in a new buffer, and
  // those wait for a garbage collection after the worker has copied them:
  // reading the 150 MB fraud file piled up ~150 MB of them in the tab
  // (bench/memory_peak.mjs). A byte stream's BYOB reader fills buffers we
  // give it instead, so IN_FLIGHT buffers go round — read here, parsed in
  // the worker, handed back — and the file passes through in ~IN_FLIGHT MB.
  // Streams without BYOB (not byte streams in some engines) use the
  // default reader, as before.
  let byob = null;
  try { byob = stream.getReader({ mode: 'byob' }); } catch { /* not a byte stream */ }
  const reader = byob ?? stream.getReader();
  const spare = [];
  // No further ahead than IN_FLIGHT chunks, so the worker's message queue
  // stays short while it always has the next chunk.
  const inFlight = [];
  const sent = (r) => {
    if (typeof r === 'number') return r;
    if (spare.length < IN_FLIGHT) spare.push(r.buffer);
    return r.read;
  };
  try {
    for (;;) {
      const { done, value } = byob ? await reader.read(new Uint8Array(spare.pop() ?? new ArrayBuffer(CHUNK_BYTES))) : await reader.read();
      if (state.active?.id !== id) { reader.cancel(); return; }
      if (done) break;
      const chunk = ask('chunk', { file: id, bytes: value, giveBack: byob !== null }, { transfer: [value.buffer] });
      inFlight.push(chunk.then((r) => onReadProgress(id, sent(r)), failed));
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    ask('end', { file: id }).then((summary) => onReadSummary(id, summary), failed);
  } catch (e) {
    if (state.active?.id === id) fail(id, String(e?.message ?? e));
  }
}

/** Ends read `id` with `message` (a string, or a function: an engine error's message follows a language switch). */
function fail(id, message) {
  if (state.active?.id !== id) return;
  $('progress').hidden = true;
  setText('status', '');
  const name = state.active.name;
  showError('error', () => S.errorPrefix(name) + (typeof message === 'function' ? message() : message));
  state.active = null;
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

/** Reads the bundled demo; `train`: train once it is read (first visit, on the first-view module). */
export async function loadDemo(train) {
  const name = DEMO.split('/').pop();
  setText('status', () => S.loadingDemo(name));
  trainWhenReady(train);
  try {
    const { stream, total, abort } = await openDemo();
    state.source = { name, open: openDemo, keep: false, demo: true };
    await load(name, stream, total, abort, false, train);
  } catch (e) {
    if (e.name !== 'AbortError') showError('error', () => S.errorPrefix(name) + String(e?.message ?? e));
  }
}

function loadFile(file) {
  if (!file) return;
  trainWhenReady(false);
  state.rereading = false;
  state.source = { name: file.name, open: async () => ({ stream: file.stream(), total: file.size, abort: null }) };
  load(file.name, file.stream(), file.size, null);
}

function onReadProgress(id, bytesRead) {
  if (state.active?.id !== id) return;
  const { total, name } = state.active;
  if (total) $('progress').value = Math.min(1, bytesRead / total);
  setText('status', () => S.reading(name, fmtBytes(bytesRead), total ? fmtBytes(total) : ''));
}

function onReadSummary(id, s) {
  if (state.active?.id !== id) return;
  $('progress').hidden = true;
  const { name } = state.active;
  const took = (performance.now() - state.active.started) / 1000;
  setText('status', () => S.loaded(name, fmtDuration(took)));
  const reread = state.active.reread;
  state.active = null;
  updateTrain();
  showSummary(s, reread);
  document.body.dataset.state = 'loaded';
  if (reread) {
    const view = state.pendingView;
    state.pendingView = null;
    restoreRuns(view);
  } else {
    trainIfWanted();
  }
}

/**
 * A new worker reads the file again from the File (or demo) the page holds;
 * Train stays disabled from now until that read is done, then the file's
 * earlier runs are replayed (same config, same seed: the same results) and
 * `view` shown again.
 */
export function rereadFile(view) {
  dropReplay();
  if (!state.source) return;
  const { name, open } = state.source;
  const me = state.source;
  state.rereading = true;
  updateTrain();
  open().then(({ stream, total, abort }) => {
    if (state.source !== me) return; // another file was opened meanwhile
    state.rereading = false;
    state.pendingView = view;
    return load(name, stream, total, abort, true);
  }, (e) => {
    state.rereading = false;
    updateTrain();
    showError('error', () => S.errorPrefix(name) + String(e?.message ?? e));
  });
}

/** The worker was replaced: the file being read is dropped. True if this file's second reading failed too. */
export function fileWorkerLost() {
  const again = state.active?.reread === true || state.rereading;
  if (state.active) { state.active = null; $('progress').hidden = true; }
  return again;
}

/** The worker holds no table now: the file is not read again. */
export function forgetFile() {
  state.rereading = false;
  state.source = null;
}

/** The file picker, the demo button and drag and drop (a .json on the Score tab is a model). */
export function initFileControls() {
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
}
