// The page's engine worker (www/worker.js) and its lifecycle: starts it,
// asks it things (www/rpc.js), and notices when it is gone. A worker whose
// wasm trapped (a panic, memory exhausted) answers 'crashed'; one that died
// raises 'error'; one that hangs is noticed by the watchdog: while the page
// waits for it (a file being read, a run), a worker silent for WATCHDOG_MS
// is pinged, and one silent for twice that is given up. What is done then
// (a new worker, the file re-read, the runs replayed) is www/recovery.js's;
// who is waiting and who gets the new worker is told by the hooks app.js
// passes. All of its state is the one `state` object. Knows nothing of the
// tabs. (www/engine.js says what the browser engine can do.)
import { S } from './strings.js';
import { setText, showError } from './dom.js';
import { sharedCancelFlag } from './engine.js';
import { call, abandon, isGone } from './rpc.js';

// Null where the engine cannot share memory with a worker (www/engine.js).
export const cancelFlag = sharedCancelFlag();

const WATCHDOG_MS = Number(new URLSearchParams(location.search).get('watchdog')) || 30_000;

const state = {
  worker: null,
  ready: false,   // the worker answered 'hello': an uncaught error after it means it died
  lastHeard: 0,   // when the worker last sent anything (performance.now())
  pinged: false,  // the watchdog pinged it since
  // {started(worker, sentence), waiting(), lost(why)} from app.js
  hooks: { started() {}, waiting: () => false, lost() {} },
};

/** The current worker. */
export const currentWorker = () => state.worker;

function heard() { state.lastHeard = performance.now(); state.pinged = false; }

/**
 * Takes the hooks and starts the watchdog: `waiting()` says whether the page
 * waits for the worker, `lost(why)` replaces a worker that is gone,
 * `started(worker, sentence)` hands a new worker to whoever draws with it.
 */
export function initEngine(hooks) {
  state.hooks = hooks;
  // The chaos tests' hook (?chaos): the worker, to kill it or inject a fault.
  if (new URLSearchParams(location.search).has('chaos')) {
    self.rareclassChaos = { worker: () => state.worker, fault: (kind) => { ask('fault', { kind }).catch(() => {}); } };
  }
  setInterval(watchdog, Math.max(250, WATCHDOG_MS / 4));
}

/** A new worker; `sentence` (when the old one died) tells the tabs whose run it ended. */
export function startWorker(sentence) {
  state.ready = false;
  heard();
  const me = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  state.worker = me;
  me.addEventListener('message', heard);
  // Before 'ready' the engine could not start (nothing to recover); after
  // it, an uncaught error means the worker died: replace it.
  me.onerror = (e) => {
    if (state.ready) state.hooks.lost(e.message || S.workerDied);
    else showError('error', S.engineFailed + (e.message ?? ''));
  };
  // The first answer says the engine is up (a failed start answers with code `engine`).
  call(me, 'hello').then(({ version }) => {
    if (me !== state.worker) return;
    state.ready = true;
    setText('version', S.version(version));
  }, (e) => { if (me === state.worker && e.code === 'engine') showError('error', S.engineFailed + e.message); });
  if (cancelFlag) ask('cancelFlag', { flag: cancelFlag }).catch(() => {});
  state.hooks.started(me, sentence);
}

/** Ends the current worker; its unanswered requests reject with `code` (www/rpc.js). */
export function stopWorker(code, why) {
  try { state.worker.terminate(); } catch { /* already gone */ }
  abandon(state.worker, code, why);
}

// The Explore tab's signal table sends no progress while it computes, so
// it is not watched (a long one would be taken for a hang); the simple-model
// check and a Compare run report progress and are, and a chart view asked
// for (an idle worker that died is found out by the first one unanswered).
function watchdog() {
  if (!state.worker || !state.hooks.waiting()) { heard(); return; }
  const quiet = performance.now() - state.lastHeard;
  if (quiet > 2 * WATCHDOG_MS) state.hooks.lost(S.workerSilent);
  else if (quiet > WATCHDOG_MS && !state.pinged) { state.pinged = true; ask('ping').catch(() => {}); }
}

/**
 * Calls `method` on the current worker (www/rpc.js). A worker whose wasm
 * trapped answers with code `crashed`: it is replaced at the first such
 * answer, and callers drop answers of code `crashed`, `lost` or `cancelled`
 * (isGone) as the replacement already ended what they were waiting for.
 */
export function ask(method, args, options) {
  const w = state.worker;
  return call(w, method, args, options).catch((e) => {
    if (e.code === 'crashed' && w === state.worker) state.hooks.lost(e.message);
    throw e;
  });
}

/** Shows `e`'s message in `id` unless its worker was replaced (which says so itself). */
export const shownIn = (id, prefix = '') => (e) => { if (!isGone(e)) showError(id, prefix + e.message); };
