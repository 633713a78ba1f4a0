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
//
// Two modules (scripts/build.sh): the page starts on the first-view module
// (pkg/first/, < 450 kB gzipped: reading, the summary, logistic regression,
// every result view) and moves to the full module (pkg/) without the user
// losing anything:
// - once the first view is shown, `prefetchFull` starts a worker on the full
//   module in the background (the standby); when it is up, the file is read
//   into it and the file's runs replayed there (hooks.catchUp: the demo is
//   small, and a file the user opened is always read by the full module), and
//   when the page is idle, with nothing asked of the old worker, the standby
//   takes its place in one step (`swap`): new canvases (hooks.started) and
//   the views painted again (hooks.moved), no crash message;
// - a request the first-view module refuses (code `full_module`: another
//   model kind, Compare, Explore, Score, a model or chart export) waits,
//   with "Loading the full engine…" shown, for that move (`toFull`: the
//   same swap, as soon as the old worker has answered everything) and is
//   then asked again (`ask`);
// - a file the user opens (`fullForFile`) is read by the full module at
//   once: the standby takes over before the read begins, with nothing to
//   catch up (a new file is a new session), so no file is read twice.
// After the move, and after any restart, every worker is on the full module.
import { S } from './strings.js';
import { $, setText, showError } from './dom.js';
import { sharedCancelFlag } from './engine.js';
import { call, abandon, isGone, pending } from './rpc.js';

// Null where the engine cannot share memory with a worker (www/engine.js).
export const cancelFlag = sharedCancelFlag();

const WATCHDOG_MS = Number(new URLSearchParams(location.search).get('watchdog')) || 30_000;

const state = {
  worker: null,
  module: null,   // 'first' or 'full': the module the current worker runs
  standby: null,  // {worker, hello, caught} a worker on the full module catching up, or null
  demand: null,   // {promise, resolve, reject} while a request waits for the move, or null
  ready: false,   // the worker answered 'hello': an uncaught error after it means it died
  lastHeard: 0,   // when the worker last sent anything (performance.now())
  pinged: false,  // the watchdog pinged it since
  // {started(worker, sentence, moved), waiting(), lost(why), idle(), reading(),
  //  signature(), catchUp(worker), moved()} from app.js
  hooks: { started() {}, waiting: () => false, lost() {} },
};

/** The current worker. */
export const currentWorker = () => state.worker;

function heard() { state.lastHeard = performance.now(); state.pinged = false; }

/**
 * Takes the hooks and starts the watchdog: `waiting()` says whether the page
 * waits for the worker, `lost(why)` replaces a worker that is gone,
 * `started(worker, sentence, moved)` hands a new worker to whoever draws
 * with it. The move's: `idle()` (nothing under way), `reading()` (a file
 * being read), `signature()` (the file and its runs, as a string),
 * `catchUp(worker, still)` (reads the file into `worker` and replays the
 * runs, asking only while `still()`), `moved()` (the views painted again).
 */
export function initEngine(hooks) {
  state.hooks = hooks;
  // The chaos tests' hook (?chaos): the worker, to kill it or inject a fault.
  if (new URLSearchParams(location.search).has('chaos')) {
    self.rareclassChaos = { worker: () => state.worker, fault: (kind) => { ask('fault', { kind }).catch(() => {}); } };
  }
  setInterval(watchdog, Math.max(250, WATCHDOG_MS / 4));
}

/** A worker on the full module (`full`) or the first-view module. */
function spawn(full) {
  const url = new URL('./worker.js', import.meta.url);
  return new Worker(url, full ? { type: 'module', name: 'full' } : { type: 'module' });
}

/** Makes `me` (running `module`) the page's worker: watched, told the cancel flag, given the tabs' canvases. */
function adopt(me, module, sentence, moved) {
  state.worker = me;
  state.module = module;
  document.body.dataset.engine = module;
  me.addEventListener('message', heard);
  // Before 'ready' the engine could not start (nothing to recover); after
  // it, an uncaught error means the worker died: replace it.
  me.onerror = (e) => {
    if (state.ready) state.hooks.lost(e.message || S.workerDied);
    else showError('error', S.engineFailed + (e.message ?? ''));
  };
  if (cancelFlag) ask('cancelFlag', { flag: cancelFlag }).catch(() => {});
  state.hooks.started(me, sentence, moved);
}

/**
 * A new worker; `sentence` (when the old one died) tells the tabs whose run
 * it ended. The page's first worker runs the first-view module; a
 * replacement, the full one (the first view is over, or broke).
 */
export function startWorker(sentence) {
  const full = state.worker !== null;
  dropStandby();
  state.ready = false;
  heard();
  const me = spawn(full);
  // The first answer says the engine is up (a failed start answers with code `engine`).
  call(me, 'hello').then(({ version }) => {
    if (me !== state.worker) return;
    state.ready = true;
    setText('version', S.version(version));
  }, (e) => { if (me === state.worker && e.code === 'engine') showError('error', S.engineFailed + e.message); });
  adopt(me, full ? 'full' : 'first', sentence, false);
  if (full) endDemand(null);
}

// ---------------------------------------------------------------- the move to the full module

/** "Loading the full engine…" while a request (or a file) waits for it. */
function showLoading(on) {
  const note = $('engine-note');
  if (note) {
    if (on) setText('engine-note', () => S.loadingFullEngine);
    note.hidden = !on;
  }
  if (on) document.body.dataset.engine = 'loading';
  else document.body.dataset.engine = state.module ?? '';
}

/** Ends the standby (a restart, a failed start). */
function dropStandby() {
  const sb = state.standby;
  if (!sb) return;
  state.standby = null;
  try { sb.worker.terminate(); } catch { /* already gone */ }
  abandon(sb.worker, 'lost', 'replaced');
}

/** The waiting requests go on (`error` null) or fail with `error`. */
function endDemand(error) {
  const d = state.demand;
  if (!d) return;
  state.demand = null;
  showLoading(false);
  if (error) d.reject(error); else d.resolve();
}

/** The page's first view is shown: the full module comes now, in the background. */
export function prefetchFull() {
  if (state.module !== 'first' || state.standby) return;
  const worker = spawn(true);
  const sb = { worker, hello: call(worker, 'hello'), caught: null };
  state.standby = sb;
  sb.hello.then(() => settle(sb), (e) => {
    if (state.standby !== sb) return;
    dropStandby();
    // The first-view engine goes on; a request that needs the full one is told why not.
    endDemand(Object.assign(new Error(S.engineFailed + (e.message ?? '')), { code: 'engine' }));
  });
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * The standby catches up (the file and its runs, again whenever they
 * changed) and takes over once the page is idle; when a request waits
 * for it, as soon as the old worker has answered all it was asked.
 */
async function settle(sb) {
  let failures = 0;
  while (state.standby === sb) {
    const signature = state.hooks.signature();
    if (sb.caught !== signature) {
      try {
        await state.hooks.catchUp(sb.worker, () => state.standby === sb);
        sb.caught = signature;
        failures = 0;
      } catch (e) {
        if (state.standby !== sb) return;
        // A file or run the full module cannot take (or one that changed
        // under it three times running): the first-view engine goes on.
        failures += 1;
        if (e.code === 'engine' || e.code === 'crashed' || e.code === 'no_move' || failures >= 3) {
          dropStandby();
          endDemand(e);
          return;
        }
        await sleep(200); // the file or its runs changed meanwhile: again
      }
      continue;
    }
    const free = pending(state.worker) === 0 && !state.hooks.reading();
    if (free && (state.demand || state.hooks.idle())) { swap(sb); return; }
    await sleep(state.demand ? 30 : 150);
  }
}

/** The standby becomes the page's worker, in one step; the old one ends (`fresh`: a new file comes, no view to paint again). */
function swap(sb, fresh = false) {
  state.standby = null;
  const old = state.worker;
  try { old.terminate(); } catch { /* already gone */ }
  abandon(old, 'lost', 'moved to the full module');
  state.ready = false;
  heard();
  sb.hello.then(() => { if (state.worker === sb.worker) state.ready = true; }, () => {});
  adopt(sb.worker, 'full', undefined, true);
  endDemand(null);
  if (!fresh) state.hooks.moved?.();
}

// What the page asks by itself after the first view, not at a person's
// request: waiting for the full engine for it says nothing (the model
// diagnostics under the results, www/explore.js, come a moment later).
const QUIET = new Set(['modelDiag']);

/**
 * Resolves once the page's worker runs the full module (moving it there
 * now); "Loading the full engine…" shows meanwhile unless `quiet`.
 */
export function toFull(quiet = false) {
  if (state.module === 'full') return Promise.resolve();
  if (!state.demand) {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    state.demand = { promise, resolve, reject };
    prefetchFull();
  }
  if (!quiet) showLoading(true);
  return state.demand.promise;
}

/**
 * A file the user opened is read by the full module: the standby (started
 * now if need be) takes over before the read begins, with nothing to catch
 * up, as the file replaces the session; its requests wait in the worker
 * until the module is compiled ("Loading the full engine…" till then).
 */
export function fullForFile() {
  if (state.module === 'full' || !state.worker) return;
  prefetchFull();
  const sb = state.standby;
  if (!sb) return;
  swap(sb, true);
  showLoading(true);
  sb.hello.then(() => { if (!state.demand) showLoading(false); }, () => { if (!state.demand) showLoading(false); });
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
    // Refused by the first-view module before any work: asked again of the full one.
    if (e.code === 'full_module' && !(w === state.worker && state.module === 'full')) {
      return toFull(QUIET.has(method)).then(() => ask(method, args, options));
    }
    throw e;
  });
}

/** Shows `e`'s message in `id` unless its worker was replaced (which says so itself). */
export const shownIn = (id, prefix = '') => (e) => { if (!isGone(e)) showError(id, prefix + e.message); };
