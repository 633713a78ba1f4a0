// The one protocol between the page and its Web Workers: a request names a
// method, and its answer is one final reply, after any number of progress
// reports. Every worker (worker.js with its compare, explore and transfer
// methods, the grid pool) speaks it; nothing else is posted either way
// (chart frames travel on their own MessagePorts, www/frames.js).
//
//   request   {id, method, args}
//   progress  {id, progress: {stage, step, of, at_most, loss, val: {...}, ...}}   any number, before the last
//   answer    {id, ok: value} | {id, error: {code, message, zh?}}              exactly one, last
//
// `progress` is data (Rust's `rareclass::progress::Progress`, plus what a
// worker adds such as `drawn`): charts and bars read its fields, never its
// `message` text. An error's `code` says what kind of failure it is
// (`cancelled`, `crashed`, `lost`, `engine`, `unknown_method`, or the app's
// codes from crate::app::error::Code), so a caller decides by code, never by
// the words; `message` is for a person.
//
// Cancellation: with a shared cancel flag the worker's method sees the flag
// and throws an error of code `cancelled`; without one the page terminates
// the worker and calls `abandon(worker, 'cancelled')`, which rejects every
// call still waiting on it with that code. Either way the promise rejects
// with code `cancelled`.
//
// Page:    call(worker, method, args, {onProgress, transfer}) → Promise
//          abandon(worker, code, message)   the worker is gone: reject what waits on it
// Worker:  serve(methods, {ready, refuse, scope})
//
// Knows nothing of what the methods do.

/**
 * A failed call: `code` says what kind of failure, `message` is for a
 * person. The engine's errors carry their English (`en`) and, for the kinds
 * translated (src/app/error_zh.rs), their Chinese (`zh`); `message` reads
 * through `RpcError.say`, which the page's www/i18n.js sets to pick the
 * page's language at the time it is read (so a switch rewords a message
 * shown again). Elsewhere (a worker, Node) it is the English.
 */
export class RpcError extends Error {
  constructor(code, message, zh) {
    super();
    this.name = 'RpcError';
    this.code = code;
    this.en = String(message ?? '');
    if (typeof zh === 'string') this.zh = zh;
  }

  get message() { return RpcError.say(this); }
}
/** How an error's `message` reads: its English unless the page says otherwise. */
RpcError.say = (e) => e.en;

/** Codes that mean the worker went away (cancelled by terminating it, crashed, replaced). */
const GONE = new Set(['cancelled', 'crashed', 'lost']);

/** True when `e` failed because its worker was stopped or replaced, not because of the request. */
export function isGone(e) {
  return e instanceof RpcError && GONE.has(e.code);
}

// ---------------------------------------------------------------- page

// worker → {next, waiting: Map(id → {resolve, reject, onProgress})}
const links = new WeakMap();

function link(worker) {
  let l = links.get(worker);
  if (l) return l;
  l = { next: 0, waiting: new Map() };
  links.set(worker, l);
  // A listener, not `onmessage`: the page may listen to the same worker
  // for its own reasons (the watchdog hears every message).
  worker.addEventListener('message', ({ data }) => {
    const w = data && l.waiting.get(data.id);
    if (!w) return; // an answer to a call abandoned meanwhile
    if ('progress' in data) {
      try { w.onProgress?.(data.progress); } catch (e) { console.error(e); }
      return;
    }
    l.waiting.delete(data.id);
    if ('error' in data) w.reject(new RpcError(data.error?.code ?? 'failed', data.error?.message ?? String(data.error), data.error?.zh));
    else w.resolve(data.ok);
  });
  return l;
}

/**
 * Asks `worker` to run `method` with `args`; resolves with its value,
 * rejects with an RpcError. `onProgress(progress)` hears each progress
 * report; `transfer` lists the args' buffers / ports to move, not copy.
 */
export function call(worker, method, args = {}, { onProgress, transfer } = {}) {
  const l = link(worker);
  const id = ++l.next;
  return new Promise((resolve, reject) => {
    l.waiting.set(id, { resolve, reject, onProgress });
    try {
      worker.postMessage({ id, method, args }, transfer ?? []);
    } catch (e) {
      l.waiting.delete(id);
      reject(new RpcError('failed', e instanceof Error ? e.message : String(e)));
    }
  });
}

/** Rejects every call still waiting on `worker` (terminated or replaced) with `code`. */
export function abandon(worker, code, message = code) {
  const l = links.get(worker);
  if (!l) return;
  const waiting = [...l.waiting.values()];
  l.waiting.clear();
  for (const w of waiting) w.reject(new RpcError(code, message));
}

/** How many calls on `worker` wait for their answer (the watchdog's question: is it busy?). */
export function pending(worker) {
  return links.get(worker)?.waiting.size ?? 0;
}

// ---------------------------------------------------------------- worker

/** A method's value with the buffers to move (not copy) to the page. */
export class Transfer {
  constructor(value, list) {
    this.value = value;
    this.list = list;
  }
}

/**
 * `{code, message, zh?}` of anything thrown: wasm errors carry a `code`
 * (crate::app::error::Code) and, when translated, their Chinese `zh`.
 */
export function errorOf(e) {
  const zh = typeof e?.zh === 'string' ? { zh: e.zh } : {};
  if (e instanceof RpcError) return { code: e.code, message: e.en, ...zh };
  if (e && typeof e.code === 'string') return { code: e.code, message: e.message ?? String(e), ...zh };
  return { code: 'failed', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Worker: answers requests with `methods[method](args, {progress})`, one at
 * a time in arrival order, each after `ready` settled (a failed `ready`
 * answers every request with code `engine`). A method returns its value (or
 * a `Transfer`), or throws; `progress(p)` posts a progress report.
 * `refuse()`, when given, is asked before and after each method: an
 * `{code, message}` it returns answers the request instead (the wasm
 * instance trapped: every answer says so). `scope` is the worker's global
 * (tests pass a MessagePort).
 */
export function serve(methods, { ready = Promise.resolve(), refuse = () => null, scope = self } = {}) {
  // Looked up at each post: www/frames.js wraps the worker's postMessage.
  const post = (m, list) => scope.postMessage(m, list ?? []);
  const started = Promise.resolve(ready).then(() => null, (e) => errorOf(e));
  let queue = Promise.resolve();
  const answer = async (id, method, args) => {
    const failed = await started;
    if (failed) { post({ id, error: { code: 'engine', message: failed.message } }); return; }
    const before = refuse();
    if (before) { post({ id, error: before }); return; }
    const fn = Object.hasOwn(methods, method) ? methods[method] : null;
    if (typeof fn !== 'function') {
      post({ id, error: { code: 'unknown_method', message: `worker: no method "${method}" (it has ${Object.keys(methods).join(', ')})` } });
      return;
    }
    let reply;
    try {
      const value = await fn(args ?? {}, { progress: (p) => post({ id, progress: p }) });
      reply = value instanceof Transfer ? [{ id, ok: value.value }, value.list] : [{ id, ok: value }];
    } catch (e) {
      reply = [{ id, error: errorOf(e) }];
    }
    const after = refuse();
    if (after) reply = [{ id, error: after }];
    post(...reply);
  };
  scope.onmessage = ({ data }) => {
    if (!data || data.id === undefined || typeof data.method !== 'string') return;
    const { id, method, args } = data;
    queue = queue.then(() => answer(id, method, args)).catch((e) => console.error(e));
  };
}
