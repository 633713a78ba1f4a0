// One worker of the grid-search pool: its own wasm instance holding its
// own table, built from the typed arrays the page hands it (the page's
// engine already parsed the file; or one parse of the CSV for the whole
// pool; transferred or shared), and the single (cell, fold) fits the page
// deals it one at a time. The page may start it before a search (warm)
// and hand it the data check made once for the pool. The folds and every
// fit's random stream depend on the seed and the fold only, so the joined
// fits equal a one-worker run bit for bit. Speaks www/rpc.js; the page
// cancels by terminating the worker. Knows nothing of the DOM.
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
//   memory {}                             → bytes of this worker's wasm memory (its high-water mark: it never shrinks)
import init, { tableBuffers, GridWorker, assembleGrid } from '../pkg/rareclass.js';
import { lockDown } from './lockdown.js';
import { serve, Transfer, RpcError } from './rpc.js';

let search = null; // this worker's GridWorker
let wasm = null; // the instance's exports (its memory)

function read(bytes) {
  const started = performance.now();
  const buffers = tableBuffers(new Uint8Array(bytes));
  return { buffers, seconds: (performance.now() - started) / 1000 };
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
    let parseSeconds = 0;
    if (!buffers) ({ buffers, seconds: parseSeconds } = read(bytes));
    search = new GridWorker(buffers, config, grid, folds, scoring, checks ?? undefined);
    return { cells: search.cells(), folds: search.folds(), parseSeconds, timings: search.timings() };
  },
  fit({ cell, fold }, { progress }) {
    let last = 0;
    return opened().run(cell, fold, (p) => {
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        progress(p);
      }
      return true;
    });
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
