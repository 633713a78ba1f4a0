// The page's pool of module workers (www/pool_worker.js, each with its own
// wasm instance) and the one parsed table they share: the file's table as
// typed arrays (TableBuffers) from the page's engine (`gridTable`: no second
// read of the file), kept here for the next pieces of work on the same file
// and handed to every worker — shared (SharedArrayBuffer) when the engine
// can (www/engine.js), else a copy transferred to each. The grid search
// (www/grid.js) and the runs shared with the engine (www/shared_run.js: a Compare set, a Train-tab forest) deal their work
// to these workers. Knows nothing of what the work is.
import { call, abandon } from './rpc.js';
import { canShareMemory } from './engine.js';

export const ARRAYS = ['numbers', 'codes', 'levelEnds', 'levelText'];

const state = {
  // The parsed table of the file last handed to a pool: {source, buffers}.
  table: { source: null, buffers: null },
};

const since = (t) => (performance.now() - t) / 1000;

/**
 * A pool worker, started now: `ready` resolves to its seconds to
 * instantiate and rejects when it cannot start (no module workers, the
 * wasm refused): callers then run on the engine alone.
 */
export function startPoolWorker() {
  const started = performance.now();
  let worker;
  try {
    // The testing hook `?nopool`: a worker that cannot start (its script is missing).
    const script = new URLSearchParams(location.search).has('nopool') ? './no_pool_worker.js' : './pool_worker.js';
    worker = new Worker(new URL(script, import.meta.url), { type: 'module' });
  } catch (e) {
    return { worker: null, ready: Promise.reject(e) };
  }
  worker.onerror = (e) => { e.preventDefault?.(); abandon(worker, 'crashed', e.message || 'worker error'); };
  const ready = call(worker, 'ready').then(() => since(started));
  ready.catch(() => {});
  return { worker, ready };
}

/** The table kept for `source`, or null. */
export function keptTable(source) {
  return state.table.source === source && source !== null ? state.table.buffers : null;
}

/** Keeps `buffers` as `source`'s table (moved into shared memory when the engine can): what the workers get. */
export function keepTable(source, buffers) {
  state.table = { source, buffers: canShareMemory() ? shared(buffers) : buffers };
  return state.table.buffers;
}

/** Another file, or a bench starting over: the kept table goes. */
export function forgetTable() {
  state.table = { source: null, buffers: null };
}

/**
 * `source`'s table for a pool: the kept one, else the page's engine's
 * (`ask('gridTable')`), kept. `st` (optional) hears where the time went.
 */
export async function engineTable(source, ask, st = {}) {
  const kept = keptTable(source);
  if (kept) {
    st.kept = true;
    return kept;
  }
  const t = performance.now();
  const answer = await ask('gridTable');
  st.engineTable = answer.seconds;
  st.handOver = since(t) - answer.seconds;
  const t2 = performance.now();
  const buffers = keepTable(source, answer.buffers);
  st.share = since(t2);
  return buffers;
}

/** `buffers` moved into SharedArrayBuffers, which every worker reads without a copy of its own. */
function shared(buffers) {
  const out = { header: buffers.header };
  for (const k of ARRAYS) {
    const a = buffers[k];
    out[k] = new a.constructor(new SharedArrayBuffer(a.byteLength));
    out[k].set(a);
  }
  return out;
}

/** The arguments that hand `buffers` to one worker, and what to transfer. */
export function handOver(buffers) {
  if (buffers[ARRAYS[0]].buffer instanceof ArrayBuffer) {
    const copy = { header: buffers.header };
    for (const k of ARRAYS) copy[k] = buffers[k].slice();
    return [copy, ARRAYS.map((k) => copy[k].buffer)];
  }
  return [buffers, []];
}
