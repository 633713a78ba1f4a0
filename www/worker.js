// The Web Worker that owns the wasm instance: one dispatcher (www/rpc.js
// `serve`) from method names to `Session` calls, so parsing, training and
// chart layout never block the page. It also owns the chart canvases (an
// OffscreenCanvas per chart, whose frames www/frames.js sends to the page)
// and paints them through the wasm painter. Knows nothing of the DOM or of
// how results are shown.
//
// Methods (args → value; "progress" = progress reports before the value):
//   hello                                → {version}           (the page's first call: the engine is up)
//   canvas {id, port}                    a MessagePort for chart id's frames (www/frames.js)
//   cancelFlag {flag}                    Int32Array over a SharedArrayBuffer; 1 = stop the run
//   begin {file, total} | chunk {file, bytes, giveBack?} → bytesRead (giveBack: {read, buffer}, the
//                                        chunk's buffer handed back for the next read) | end {file} → summary
//   distinct {column}                    → {values, more}      (for the label pickers)
//   train {config, history}              → {report, added}; progress: rareclass::progress::Progress
//   repaintHistory {look}                → points repainted (the last run's history in another theme, language, width)
//                                          plus `drawn` (points on the live history chart)
//   view {charts: [{id, request, dpr}], evaluate: {series, part, threshold}} → {evaluation, errors}
//   choose {series, chooser}             → threshold          (chosen on the validation rows)
//   hover {id, x, y}                     → text | null         (any chart this Session painted)
//   hitAt {id, index}                    → {index, count, x, y, label} | null   (keyboard read-out)
//   clearRuns | undoClearRuns | ping → 'pong' | fault {kind}   (the chaos tests' panic / abort)
//   memory {}                            → bytes of this worker's wasm memory (bench/memory_peak.mjs)
//   (a chart's PNG, SVG and CSV export travels on its own port: www/frames.js)
//   saveModel {series, threshold}        → {json, name}
//   exportModel {series, threshold, format, dataName} → {bytes, name, format}
//   parseLink {hash}                     → settings            (rareclass::link)
//   modelSpec {kind, settings}           → a model spec from a kind and key=value settings (<rareclass-demo>)
//   modelSpecOf {kind, settings}         → a model spec from a kind and [key, value] pairs (the Train tab)
//   modelSettings {}                     → every setting of every kind with its default (the Train tab's "All settings")
//   gridTable → {buffers, seconds} | gridChecks {config} → {checks, seconds}   the pool's table and data check
//                                          (www/pool.js, for the grid search and the shared runs)
//   trainOpen {config, checks, workers} → {costs, deal, train_rows, trees} | trainFit {index, trees} → {index, fit_seconds, n_iter}
//   | trainKept {} → [fit JSON] | trainJoin {fits} → [features per model] | trainImportance {index, columns}
//   | trainAdopt {fits, importance} → as train        a Train-tab forest grown by this engine and the pool, its
//                                       permutation importance measured by both (www/shared_run.js)
// Saved models (a second Session, so scoring never disturbs the runs):
//   readModel {json} → info | score {json, bytes, name} → {summary, columns}
//   scoreView {charts} → errors | predictions {id} → csv
// The Compare tab's methods are in worker_compare.js, the Explore tab's in
// worker_explore.js, the Transfer tab's (its own instance of this worker)
// in worker_transfer.js.
//
// Errors carry the wasm error's code (crate::app::error::Code): a run
// stopped through the cancel flag fails with code `cancelled`. A trap (a
// panic, an allocation past the memory limit) leaves the instance unusable:
// the call that met it and every later one fail with code `crashed`, and
// the page replaces this worker.
// Which module: the page's engine worker starts on the first-view module
// (pkg/first/: reading, the summary, logistic regression and every result
// view, < 450 kB gzipped) and is replaced by one on the full module (pkg/)
// once the first view is shown (www/engine_client.js); a worker named 'full'
// (new Worker(url, {name: 'full'}): the move's, Transfer's, an embedded
// demo's) loads the full module. A method the first-view module has no code
// for is refused with code `full_module` before any work (`FULL_ONLY`), as
// its core refuses a model kind it does not fit (src/app/first_view.rs):
// the page then moves to the full module and asks again.
// Once the wasm is in, this worker cannot reach the network (www/lockdown.js).
import { lockDown } from './lockdown.js';
import { frameCanvases } from './frames.js';
import { serve, Transfer } from './rpc.js';
import { exploreMethods } from './worker_explore.js';
import { compareMethods } from './worker_compare.js';
import { transferMethods } from './worker_transfer.js';

const full = self.name === 'full';
/** The wasm package's exports (a namespace: the first-view module lacks some names). */
let lib = null;
const fullOnly = (what) => Object.assign(
  new Error(`${what} needs rareclass's full engine; the first-view engine (loaded first, for a quicker start) has no code for it`),
  { code: 'full_module' },
);
/** `lib[name]`, or a refusal with code `full_module` when this module lacks it. */
const need = (name) => {
  if (typeof lib?.[name] !== 'function') throw fullOnly(name);
  return lib[name];
};

let session = null;   // the Session of file `current`, replaced per file
let current = null;   // id of the file being read
let failed = null;    // `current` threw this error: its remaining chunks fail with it
let cancelFlag = null; // set to 1 by the page to stop a run
let scoring = null;   // the Session of the file scored with a saved model
let wasm = null;      // the instance's exports (its memory)
let lastHistory = null; // the last run's history chart, repainted in another look after the run (repaintHistory)
// The session that paints chart `id`: the Score tab's charts (score-*) are the scoring session's.
const sessionOf = (id) => (id.startsWith('score-') ? scoring : session);
// id → the OffscreenCanvas a chart is painted on; www/frames.js sends its frames to the page.
const canvases = frameCanvases({
  recordNextChart: () => need('recordNextChart')(),
  // SVG and CSV export: the full module's (the first-view module has no chart writer).
  recordedChart: (format, id) => need('recordedChart')(format, id),
  recordedHasData: () => need('recordedHasData')(),
  recordedFit: () => need('recordedFit')(),
});

// A trap is noticed on any error a method meets (and on the panic hook's
// note); from then on every call is refused with code `crashed`.
let crash = null;
const note = (e) => {
  if (e instanceof WebAssembly.RuntimeError) crash ??= String(self.rareclassPanic ?? e.message);
  return e;
};
const refuse = () => {
  if (crash === null && self.rareclassPanic !== undefined) crash = String(self.rareclassPanic);
  return crash === null ? null : { code: 'crashed', message: crash };
};
const cancelled = () => cancelFlag !== null && Atomics.load(cancelFlag, 0) === 1;

/** Runs `f`, letting its error through after noting a trap. */
function guarded(f) {
  try {
    return f();
  } catch (e) {
    throw note(e);
  }
}

/**
 * The live loss chart, painted on the `history` canvas from inside the
 * progress callback (the page's thread cannot paint on a canvas this worker
 * owns). It reads the progress reports' data, never their text: a report
 * with a `loss` ends a solver iteration or an epoch and adds one point;
 * a network's validation loss (`val.loss`) is the dashed second series,
 * drawn as it grows. `look.axes` names the x axis per unit (strings.js).
 */
function historyPainter(initial) {
  let look = initial;
  const xs = [], losses = [], val = [];
  let unit = null;
  let drawn = 0;
  let fitted = false; // the model's fit ended: later fits (the checks' baseline) are not its history
  const paint = () => {
    if (!look || xs.length === 0) return;
    try {
      canvases.paint('history', look.dark, look.dpr, (canvas, dark, dpr) => lib.paintLossHistory(canvas, look.axes?.[unit] ?? unit,
        new Float64Array(xs), new Float64Array(losses), new Float64Array(val), true, look.width, look.height, dark, dpr, look.lang));
    } catch { /* a failed drawing must not stop training */ }
    drawn = performance.now();
  };
  return {
    add(p) {
      if (p.stage === 'evaluate') fitted = true;
      if (fitted || p.stage !== 'fit' || p.loss === undefined || p.step === undefined) return;
      if (unit !== p.unit || (xs.length && p.step <= xs[xs.length - 1])) {
        xs.length = 0; losses.length = 0; val.length = 0;
        unit = p.unit;
      }
      xs.push(p.step);
      losses.push(p.loss);
      val.push(p.val?.loss ?? NaN);
      // Every epoch is drawn (they are seconds apart); solver iterations
      // come faster, so those at most ten times a second.
      if (unit === 'epoch' || performance.now() - drawn > 100) paint();
    },
    finish() { paint(); },
    /** Paints the points again in `next` look (another theme, language or width); the number of points. */
    repaint(next) { look = next; paint(); return xs.length; },
    /** Points drawn so far, for the page's live read-out. */
    get points() { return xs.length; },
  };
}

/**
 * A progress callback for a wasm run: passes at most ~30 reports a second
 * to `progress` (the page cannot show more) plus every one `always(p)`
 * keeps, with `extra(p)`'s fields; returns false (cancel) once the page set
 * the flag.
 */
function throttled(progress, { always = () => false, extra = () => ({}), every = 33, isCancelled = cancelled } = {}) {
  let last = 0;
  return (p) => {
    const more = extra(p);
    const now = performance.now();
    if (now - last > every || p.fraction >= 1 || always(p)) {
      last = now;
      progress({ ...p, ...more });
    }
    return !isCancelled();
  };
}

function train({ config, history: look }, { progress }) {
  const history = historyPainter(look);
  lastHistory = history;
  const report = throttled(progress, {
    extra: (p) => { history.add(p); return { drawn: history.points }; },
    // A report that ends an epoch always goes, so the page knows what is drawn.
    always: (p) => p.unit === 'epoch' && p.loss !== undefined,
  });
  try {
    return guarded(() => session.train(config, report));
  } finally {
    try { history.finish(); } catch { /* the chart is not the result */ }
  }
}

/**
 * Paints each of `charts` with `paint(id, canvas, request, dpr)` through
 * canvases.paint (which keeps the painter for export, in the light theme);
 * returns the errors by chart id.
 */
function paintAll(charts, paint) {
  const errors = {};
  for (const { id, request, dpr } of charts) {
    try {
      canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => paint(id, canvas, { ...request, dark }, scale));
    } catch (e) {
      errors[id] = note(e).message ?? String(e);
    }
  }
  return errors;
}

function view({ charts, evaluate, views: ask }) {
  const errors = {};
  let evaluation = null;
  try {
    evaluation = session.evaluateAt(evaluate.series, evaluate.part, evaluate.threshold);
  } catch (e) {
    errors.evaluate = note(e).message ?? String(e);
  }
  Object.assign(errors, paintAll(charts, (id, canvas, request, dpr) => session.paint(id, canvas, request, dpr)));
  // The result views' numbers (www/views.js writes them under the charts).
  let views = null;
  let viewsError = null;
  try {
    if (ask) views = session.resultViews(ask.series, ask.part, ask.bins, ask.strategy);
  } catch (e) {
    viewsError = note(e).message ?? String(e);
  }
  return { evaluation, errors, views, viewsError };
}

/** The Session of the table read, or an error a person can act on. */
function table() {
  if (!session) throw Object.assign(new Error('session: no table yet; open a CSV file first'), { code: 'no_table' });
  return session;
}

/** `f()`'s value as `wrap(value)` plus its `seconds`, moving `moved(value)`'s buffers. */
function timed(f, wrap, moved = () => []) {
  const started = performance.now();
  const value = f();
  return new Transfer({ ...wrap(value), seconds: (performance.now() - started) / 1000 }, moved(value));
}

const methods = {
  hello: () => ({ version: lib.version(), module: full ? 'full' : 'first' }),
  canvas: ({ id, port }) => { canvases.set(id, port); },
  cancelFlag: ({ flag }) => { cancelFlag = flag; },
  ping: () => 'pong',
  // Bytes of this worker's wasm memory: its high-water mark, as wasm memory never shrinks.
  memory: () => wasm?.memory.buffer.byteLength ?? 0,
  fault: ({ kind }) => guarded(() => lib.injectFault(kind)),
  begin: ({ file, total }) => {
    if (session) session.free();
    session = new lib.Session();
    lastHistory = null;
    // Knowing the size up front lets the reader allocate columns once.
    if (Number.isFinite(total) && total > 0) session.sizeHint(total);
    current = file;
    failed = null;
  },
  chunk: ({ file, bytes, giveBack }) => {
    if (file !== current) throw Object.assign(new Error('another file is being read'), { code: 'stale' });
    if (failed) throw failed;
    try {
      session.pushChunk(bytes);
    } catch (e) {
      failed = note(e);
      throw e;
    }
    // The page reuses the buffer for a later chunk (www/file_load.js): no
    // new buffer per chunk, so no garbage the size of the file.
    if (giveBack) return new Transfer({ read: session.bytesRead(), buffer: bytes.buffer }, [bytes.buffer]);
    return session.bytesRead();
  },
  end: ({ file }) => {
    if (file !== current) throw Object.assign(new Error('another file is being read'), { code: 'stale' });
    if (failed) throw failed;
    return guarded(() => session.finish());
  },
  distinct: ({ column }) => guarded(() => table().distinctValues(column, 50)),
  train,
  view,
  choose: ({ series, chooser }) => guarded(() => table().chooseThreshold(series, chooser)),
  // The finished run's history chart in another look (null: none drawn).
  repaintHistory: ({ look }) => lastHistory?.repaint(look) ?? 0,
  hover: ({ id, x, y }) => sessionOf(id)?.hover(id, x, y) ?? null,
  // A chart walked by keyboard (www/keyboard.js): read-out `index`.
  hitAt: ({ id, index }) => sessionOf(id)?.hitAt(id, index) ?? null,
  clearRuns: () => { session?.clearRuns(); },
  undoClearRuns: () => guarded(() => table().undoClearRuns()),
  saveModel: ({ series, threshold }) => guarded(() => {
    const json = table().modelJson(series, threshold);
    return { json, name: JSON.parse(json).name };
  }),
  exportModel: ({ series, threshold, format, dataName }) => guarded(() => {
    const bytes = table().exportModel(series, threshold, format, dataName);
    const name = JSON.parse(session.modelJson(series, threshold)).name;
    return new Transfer({ bytes, name, format }, [bytes.buffer]);
  }),
  parseLink: ({ hash }) => guarded(() => lib.parseLink(hash)),
  // <rareclass-demo>'s `model` and `settings` attributes as a model spec.
  modelSpec: ({ kind, settings }) => guarded(() => lib.modelSpec(kind, settings)),
  modelSpecOf: ({ kind, settings }) => guarded(() => lib.modelSpecOf(kind, settings)),
  modelSettings: () => guarded(() => lib.modelSettings()),
  gridTable: () => guarded(() => timed(() => table().gridTable(), (buffers) => ({ buffers }),
    (buffers) => ['numbers', 'codes', 'levelEnds', 'levelText'].map((k) => buffers[k].buffer))),
  trainOpen: ({ config, checks, workers }, { progress }) => guarded(() => table().trainOpen(config, checks ?? undefined, workers, throttled(progress))),
  trainFit: ({ index, trees }, { progress }) => guarded(() => table().trainFit(index, trees ?? undefined, throttled(progress))),
  trainKept: () => guarded(() => table().trainKept()),
  trainJoin: ({ fits }, { progress }) => guarded(() => table().trainJoin(fits, throttled(progress))),
  trainImportance: ({ index, columns }, { progress }) => guarded(() => table().trainImportance(index, columns, throttled(progress))),
  trainAdopt: ({ fits, importance }, { progress }) => {
    lastHistory = null; // a forest draws no loss history
    return guarded(() => session.trainAdopt(fits, importance ?? [], throttled(progress)));
  },
  gridChecks: ({ config }) => guarded(() => timed(() => table().gridChecks(config), (checks) => ({ checks }))),
  readModel: ({ json }) => guarded(() => need('readModel')(json)),
  score: ({ json, bytes }) => guarded(() => {
    if (scoring) scoring.free();
    scoring = null;
    const s = lib.Session.fromBytes(new Uint8Array(bytes));
    scoring = s;
    const { summary } = s.scoreModel(json);
    return { summary, columns: s.summary().columns.map((c) => c.name) };
  }),
  scoreView: ({ charts }) => (scoring ? paintAll(charts, (id, canvas, request, dpr) => scoring.paintScored(id, canvas, request, dpr)) : {}),
  predictions: ({ id }) => guarded(() => {
    if (!scoring) throw Object.assign(new Error('no file scored yet'), { code: 'no_table' });
    return scoring.predictionsCsv(id || undefined);
  }),
};

const shared = { session: () => session, table, canvases, cancelled, note, guarded, paintAll, throttled, lib: () => lib };
Object.assign(methods, compareMethods(shared), exploreMethods(shared), transferMethods(shared));

// What the first-view module has no code for (its Session lacks the methods
// these call): the saved and scored models, exports, the pool's table and a
// forest shared with it, and the Compare, Explore and Transfer tabs.
const FULL_ONLY = [
  'saveModel', 'exportModel', 'readModel', 'score', 'scoreView', 'predictions', 'gridTable', 'gridChecks',
  'trainOpen', 'trainFit', 'trainKept', 'trainJoin', 'trainImportance', 'trainAdopt',
  ...Object.keys(compareMethods(shared)), ...Object.keys(exploreMethods(shared)), ...Object.keys(transferMethods(shared)),
];
if (!full) for (const name of FULL_ONLY) methods[name] = () => { throw fullOnly(name); };

/**
 * A small made-up run on a module just compiled. V8 runs new wasm code at
 * its baseline tier and optimises a function only once it has run a while,
 * and a call already under way never switches: the full module's first big
 * job is usually the user's file (its read, data check and fits), which ran
 * at the baseline tier, the data check on the fraud file 1.2–1.5 s instead
 * of 0.65 s (bench/end_to_end.mjs). Reading and fitting 2,000 made-up rows
 * first (~0.1 s) gets the reader's, the check's and the fit's code
 * optimised in the background meanwhile. Its session is thrown away.
 */
function warmUp() {
  const lines = ['a,b,c,d,e,kind,y'];
  let x = 12345;
  const next = () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
  for (let i = 0; i < 2000; i++) {
    const v = [next(), next(), next(), next(), next()];
    lines.push(`${v.map((t) => t.toFixed(4)).join(',')},${['p', 'q', 'r'][i % 3]},${v[0] + v[1] * next() > 1.1 ? 1 : 0}`);
  }
  const s = new lib.Session();
  try {
    s.pushChunk(new TextEncoder().encode(lines.join('\n')));
    s.finish();
    s.train({ label: 'y', seed: 1 }, () => true);
  } catch { /* only a warm-up: the real runs say what fails */ } finally {
    s.free();
  }
}

async function load() {
  lib = await import(full ? '../pkg/rareclass.js' : '../pkg/first/rareclass.js');
  wasm = await lib.default();
  lockDown();
  if (full) warmUp();
}

// Requests are answered in order, each only after the module is instantiated.
serve(methods, { ready: load(), refuse });
