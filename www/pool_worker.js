// One worker of the page's pool (www/pool.js): its own wasm instance
// holding its own table, built from the typed arrays the page hands it (the
// page's engine already parsed the file; or one parse of the CSV for the
// whole pool; transferred or shared), and the work the page deals it:
//   - a grid search's single (cell, fold) fits (www/grid.js), one at a time;
//   - a run shared with the engine (www/shared_run.js: a Compare set's
//     models, a Train-tab forest's trees): its table prepared as the
//     engine's, each model or forest part it is dealt fitted and sent back
//     as JSON for the engine to adopt.
// The page may start it before the work (warm) and hand it the data check
// made once by the engine. Every fit's random stream depends on the seed
// and its place only (fold, model), so the joined fits equal a one-worker
// run bit for bit. Speaks www/rpc.js; the page cancels by terminating the
// worker. Knows nothing of the DOM.
//
// Methods (rpc):
//   ready {}                              → true once the wasm is instantiated (the page's warm-up)
//   parse {bytes}                         → {buffers: TableBuffers, seconds}   the file read once, arrays moved to the page
//   open {buffers | bytes, config, grid, folds, scoring, checks?}
//                                         → {cells, folds, parseSeconds, timings: {build, check}}
//                                           this worker's search (bytes: it reads the file itself;
//                                           checks: Session.gridChecks of the same table, else made here)
//   fit {cell, fold}                      → a fit ({cell, result, fold_warnings, prepare_seconds}); progress: Rust's Progress
//   assemble {fits}                       → the GridReport of every fit of the pool
//   sharedOpen {buffers, config, checks?} → {seconds}   a shared run's table, prepared as the engine's open
//   sharedFit {index, trees?}             → {fit: JSON text for the engine's adopt, seconds}   model `index`, or
//                                           trees [start, end] of it (a forest); progress: Rust's Progress
//   sharedInspect {fits}                  → {columns, names}   every worker's fits (JSON texts, the engine's trainKept
//                                           among them) joined into the run's models; features to measure and name per model
//   sharedImportance {index, columns}     → {part: JSON text for the engine's trainAdopt, seconds}   the permutation
//                                           importance of features [start, end] of model `index`; progress: Rust's Progress
//   memory {}                             → bytes of this worker's wasm memory (its high-water mark: it never shrinks)
import init, { tableBuffers, GridWorker, PoolRun, assembleGrid } from '../pkg/rareclass.js';
import { lockDown } from './lockdown.js';
import { serve, Transfer, RpcError } from './rpc.js';

let search = null; // this worker's GridWorker
let shared = null; // this worker's PoolRun (its side of a run shared with the engine)
let wasm = null; // the instance's exports (its memory)

function read(bytes) {
  const started = performance.now();
  const buffers = tableBuffers(new Uint8Array(bytes));
  return { buffers, seconds: (performance.now() - started) / 1000 };
}

/** A progress callback passing at most ten reports a second (and every epoch's end, for the page's count). */
function throttled(progress) {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last > 100 || p.fraction >= 1) {
      last = now;
      progress(p);
    }
    return true;
  };
}

function opened() {
  if (!search) throw new RpcError('not_ready', 'grid worker: no search opened yet');
  return search;
}

serve({
  parse({ bytes }) {
    const { buffers, seconds } = read(bytes);
    const moved = ['numbers', 'codes', 'levelEnds', 'levelText'].map((k) => buffers[k].buffer);
    return new Transfer({ buffers, seconds }, moved);
  },
  ready: () => true,
  open({ buffers, bytes, config, grid, folds, scoring, checks }) {
    search?.free();
    search = null;
    shared?.free();
    shared = null;
    let parseSeconds = 0;
    if (!buffers) ({ buffers, seconds: parseSeconds } = read(bytes));
    search = new GridWorker(buffers, config, grid, folds, scoring, checks ?? undefined);
    return { cells: search.cells(), folds: search.folds(), parseSeconds, timings: search.timings() };
  },
  fit({ cell, fold }, { progress }) {
    return opened().run(cell, fold, throttled(progress));
  },
  sharedOpen({ buffers, config, checks }) {
    shared?.free();
    shared = null;
    search?.free(); // one piece of work at a time: the grid's table and folds go
    search = null;
    const started = performance.now();
    shared = new PoolRun(buffers, config, checks ?? undefined);
    return { seconds: (performance.now() - started) / 1000 };
  },
  sharedFit({ index, trees }, { progress }) {
    if (!shared) throw new RpcError('not_ready', 'pool worker: no shared run opened yet');
    const started = performance.now();
    const fit = shared.fit(index, trees ?? undefined, throttled(progress));
    return { fit, seconds: (performance.now() - started) / 1000 };
  },
  sharedInspect({ fits }) {
    if (!shared) throw new RpcError('not_ready', 'pool worker: no shared run opened yet');
    return { columns: shared.inspect(fits), names: shared.names() };
  },
  sharedImportance({ index, columns }, { progress }) {
    if (!shared) throw new RpcError('not_ready', 'pool worker: no shared run opened yet');
    const started = performance.now();
    const part = shared.importance(index, columns, throttled(progress));
    return { part, seconds: (performance.now() - started) / 1000 };
  },
  assemble({ fits }) {
    return assembleGrid(opened().emptyReport(), fits);
  },
  memory() {
    return wasm.memory.buffer.byteLength;
  },
}, {
  // It holds the file's data: no network once the wasm is in.
  ready: init().then((exports) => { wasm = exports; lockDown(); }),
});
