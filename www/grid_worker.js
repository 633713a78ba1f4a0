// One worker of the grid-search pool: its own wasm instance and its own
// Session over the same CSV bytes as every other pool worker, running the
// grid cells it is given (`cells`, a share of the grid) under stratified
// k-fold CV. The folds and every fit's random stream depend on the seed and
// the fold only, so the merged parts equal a one-worker run bit for bit.
// The page cancels by terminating the worker. Knows nothing of the DOM.
//
// In:  {type: 'run', bytes, config, grid, folds, scoring, cells}
//      {type: 'merge', parts}                  join the pool's parts (wasm)
// Out: {type: 'progress', fraction, message} | {type: 'done', part, seconds, parseSeconds}
//      {type: 'merged', report} | {type: 'error', message}
import init, { Session, mergeGridParts } from '../pkg/rareclass.js';
import { lockDown } from './lockdown.js';

const message = (e) => (e instanceof Error ? e.message : String(e));
// It holds the file's bytes: no network once the wasm is in.
const ready = init().then(() => lockDown());

self.onmessage = async ({ data: msg }) => {
  try {
    await ready;
    if (msg.type === 'merge') {
      postMessage({ type: 'merged', report: mergeGridParts(msg.parts) });
      return;
    }
    if (msg.type !== 'run') return;
    const started = performance.now();
    const session = Session.fromBytes(new Uint8Array(msg.bytes));
    const parsed = performance.now();
    let last = 0;
    const progress = (p) => {
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        postMessage({ type: 'progress', fraction: p.fraction, message: p.message });
      }
      return true;
    };
    const part = session.gridSearch(msg.config, msg.grid, msg.folds, msg.scoring, new Uint32Array(msg.cells), progress);
    session.free();
    const now = performance.now();
    postMessage({ type: 'done', part, seconds: (now - started) / 1000, parseSeconds: (parsed - started) / 1000 });
  } catch (e) {
    postMessage({ type: 'error', message: message(e) });
  }
};
