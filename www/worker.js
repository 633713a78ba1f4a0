// The Web Worker that owns the wasm instance: a small dispatcher from
// messages to `Session` calls, so parsing, training and chart layout never
// block the page. It also owns the chart canvases (an OffscreenCanvas per
// chart, whose frames www/frames.js sends to the page) and paints them
// through the wasm painter. Knows
// nothing of the DOM or of how results are shown.
//
// In:  {type: 'begin', id} | {type: 'chunk', id, bytes} | {type: 'end', id}
//      {type: 'canvas', id, canvas}          a MessagePort for chart id's frames (www/frames.js)
//      {type: 'cancelFlag', flag}            Int32Array over a SharedArrayBuffer
//      {type: 'distinct', column}            values for the label pickers
//      {type: 'train', run, config, history} train; progress between steps, loss drawn live
//      {type: 'view', seq, charts: [{id, request}], evaluate: {series, part, threshold}}
//      {type: 'choose', seq, series, chooser}   (chosen on the validation rows)
//      {type: 'hover', seq, id, x, y} | {type: 'clearRuns'} | {type: 'undoClearRuns'}
//      (a chart's PNG, SVG and CSV export travels on its own port: www/frames.js)
// Out: {type: 'ready', version} | {type: 'fatal', message}
//      {type: 'progress', id, bytesRead} | {type: 'summary', id, summary} | {type: 'error', id, message}
//      {type: 'distinct', column, values, more}
//      {type: 'trainProgress', run, stage, fraction, message, unit?, step?, of?, at_most, loss?, val?, drawn}
//                                             (rareclass::progress::Progress; drawn = points on the live chart)
//      {type: 'trained', run, result} | {type: 'cancelled', run} | {type: 'trainError', run, message}
//      {type: 'viewed', seq, evaluation, errors} | {type: 'chosen', seq, threshold} | {type: 'chooseError', seq, message}
//      {type: 'hovered', seq, id, text} | {type: 'undoneClear', error?}
// Saved models (a second Session, so scoring never disturbs the runs):
// In:  {type: 'saveModel', series, threshold} | {type: 'exportModel', series, threshold, format, dataName} | {type: 'readModel', seq, json}
//      {type: 'score', seq, json, bytes, name} | {type: 'scoreView', charts: [{id, request, dpr}]}
//      {type: 'predictions', id}
//      {type: 'parseLink', hash}             the URL fragment's settings, read by rareclass::link
//      {type: 'modelSpec', kind, settings}   a model spec from a kind and key=value settings
//      {type: 'ping'}                        the page's watchdog; {type: 'fault', kind} the chaos tests'
// Out: {type: 'model', json, name} | {type: 'exported', bytes, name, format} | {type: 'modelError', message}
//      {type: 'link', settings} | {type: 'link', error} | {type: 'pong'}
//      {type: 'modelSpec', spec} | {type: 'modelSpec', error}
//      {type: 'crashed', message}            the wasm instance trapped: replace this worker
//      {type: 'modelInfo', seq, info} | {type: 'modelInfo', seq, error}
//      {type: 'scored', seq, summary, columns} | {type: 'scoreError', seq, message}
//      {type: 'scoreViewed', errors} | {type: 'predictions', csv}
import { handleExplore } from './worker_explore.js';
// Once the wasm is in, this worker cannot reach the network (www/lockdown.js).
import { lockDown } from './lockdown.js';
import { frameCanvases } from './frames.js';
// The Compare tab's messages (compare*) are handled in worker_compare.js.
import { handleCompare } from './worker_compare.js';
// Transfer mode (www/transfer.js runs its own instance of this worker):
// In:  {type: 'transferFile', which, bytes} | {type: 'transferCancelFlag', flag}
//      {type: 'transferRun', config, look: {width, height, dark, dpr}}
//      {type: 'transferPaint', charts: [{id, request, dpr}]} | {type: 'transferHover', id, x, y}
// Out: {type: 'transferSummary', which, summary} | {type: 'transferError', which, message}
//      {type: 'transferProgress', stage, fraction, message}
//      {type: 'transferDone', report} | {type: 'transferCancelled'} | {type: 'transferRunError', message}
//      {type: 'transferPainted', errors} | {type: 'transferHovered', id, text}
import init, {
  Session, TransferSession, paintLossHistory, paintTransferHistory, paintTransferValidation, injectFault, modelSpec, parseLink, readModel, version,
  recordNextChart, recordedChart, recordedHasData,
} from '../pkg/rareclass.js';

let session = null;   // the Session of file `current`, replaced per file
let current = null;   // id of the file being read
let failed = false;   // `current` threw: ignore its remaining chunks
let cancelFlag = null; // set to 1 by the page to stop a training run
let scoring = null;   // the Session of the file scored with a saved model
// id → the OffscreenCanvas a chart is painted on; www/frames.js sends its frames to the page.
const canvases = frameCanvases({ recordNextChart, recordedChart, recordedHasData });

// A trap (a panic, or an allocation past the memory limit) leaves the wasm
// instance unusable: every later call fails. Any caught error is looked at
// here, and the page is told after the message that met it.
let crash = null;
const message = (e) => {
  if (e instanceof WebAssembly.RuntimeError) crash ??= String(self.rareclassPanic ?? e.message);
  return e instanceof Error ? e.message : String(e);
};

function read(msg) {
  if (msg.type === 'begin') {
    if (session) session.free();
    session = new Session();
    // Knowing the size up front lets the reader allocate columns once.
    if (Number.isFinite(msg.total) && msg.total > 0) session.sizeHint(msg.total);
    current = msg.id;
    failed = false;
    return;
  }
  if (msg.id !== current || failed) return;
  try {
    if (msg.type === 'chunk') {
      session.pushChunk(msg.bytes);
      postMessage({ type: 'progress', id: msg.id, bytesRead: session.bytesRead() });
    } else if (msg.type === 'end') {
      postMessage({ type: 'summary', id: msg.id, summary: session.finish() });
    }
  } catch (e) {
    failed = true;
    postMessage({ type: 'error', id: msg.id, message: message(e) });
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
function historyPainter(look) {
  const xs = [], losses = [], val = [];
  let unit = null;
  let drawn = 0;
  let fitted = false; // the model's fit ended: later fits (the checks' baseline) are not its history
  const paint = () => {
    if (!look || xs.length === 0) return;
    try {
      canvases.paint('history', look.dark, look.dpr, (canvas, dark, dpr) => paintLossHistory(canvas, look.axes?.[unit] ?? unit,
        new Float64Array(xs), new Float64Array(losses), new Float64Array(val), true, look.width, look.height, dark, dpr));
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
    /** Points drawn so far, for the page's live read-out. */
    get points() { return xs.length; },
  };
}

function train(msg) {
  const { run } = msg;
  let last = 0;
  const history = historyPainter(msg.history);
  const progress = (p) => {
    history.add(p);
    // At most ~30 messages a second: the page cannot show more. A report
    // that ends an epoch always goes, so the page knows what is drawn.
    const now = performance.now();
    if (now - last > 33 || p.fraction >= 1 || (p.unit === 'epoch' && p.loss !== undefined)) {
      last = now;
      postMessage({ type: 'trainProgress', run, ...p, drawn: history.points });
    }
    return !(cancelFlag && Atomics.load(cancelFlag, 0) === 1);
  };
  try {
    const result = session.train(msg.config, progress);
    try { history.finish(); } catch { /* the chart is not the result */ }
    postMessage({ type: 'trained', run, result });
  } catch (e) {
    history.finish();
    const text = message(e);
    // Cancellation is told by the error's code (crate::app::error::Code), never its text.
    postMessage(e?.code === 'cancelled' ? { type: 'cancelled', run } : { type: 'trainError', run, message: text });
  }
}

function view(msg) {
  const errors = {};
  let evaluation = null;
  try {
    const { series, part, threshold } = msg.evaluate;
    evaluation = session.evaluateAt(series, part, threshold);
  } catch (e) {
    errors.evaluate = message(e);
  }
  for (const { id, request, dpr } of msg.charts) {
    try {
      canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => session.paint(id, canvas, { ...request, dark }, scale));
    } catch (e) {
      errors[id] = message(e);
    }
  }
  postMessage({ type: 'viewed', seq: msg.seq, evaluation, errors });
}

let transferSession = null;
let transferFlag = null;

/** Live DAN curves, painted from inside the run's progress callback. */
function transferPainter(look) {
  const steps = [], cls = [], mmd = [], lambda = [];
  const vSteps = [], auc = [], ks = [];
  let drawn = 0;
  const paint = () => {
    if (!look) return;
    const f = (a) => new Float64Array(a);
    try {
      if (steps.length) {
        canvases.paint('transfer-history', look.dark, look.dpr, (c, dark, dpr) => paintTransferHistory(c, f(steps), f(cls), f(mmd), f(lambda), look.width, look.height, dark, dpr));
      }
      if (vSteps.length) {
        canvases.paint('transfer-validation', look.dark, look.dpr, (c, dark, dpr) => paintTransferValidation(c, f(vSteps), f(auc), f(ks), look.width, look.height, dark, dpr));
      }
    } catch { /* a failed drawing must not stop training */ }
    drawn = performance.now();
  };
  return {
    add(p) {
      if (p.step !== undefined) {
        steps.push(p.step); cls.push(p.cls_loss); mmd.push(p.mmd_loss); lambda.push(p.lambda);
      } else {
        vSteps.push(p.val_step); auc.push(p.roc_auc ?? NaN); ks.push(p.ks ?? NaN);
      }
      if (performance.now() - drawn > 150) paint();
    },
    paint,
  };
}

async function transfer(msg) {
  switch (msg.type) {
    case 'transferCancelFlag': transferFlag = msg.flag; return;
    case 'transferFile':
      try {
        transferSession ??= new TransferSession();
        transferSession.pushChunk(msg.which, new Uint8Array(msg.bytes));
        postMessage({ type: 'transferSummary', which: msg.which, summary: transferSession.finish(msg.which) });
      } catch (e) {
        postMessage({ type: 'transferError', which: msg.which, message: message(e) });
      }
      return;
    case 'transferRun': {
      if (transferFlag) Atomics.store(transferFlag, 0, 0);
      const live = transferPainter(msg.look);
      let last = 0;
      try {
        const report = transferSession.run(msg.config, (p) => {
          if (p.stage !== undefined) {
            const now = performance.now();
            if (now - last > 100 || p.fraction >= 1) {
              last = now;
              postMessage({ type: 'transferProgress', stage: p.stage, fraction: p.fraction, message: p.message });
            }
          } else {
            live.add(p);
          }
          return !(transferFlag && Atomics.load(transferFlag, 0) !== 0);
        });
        live.paint();
        postMessage({ type: 'transferDone', report });
      } catch (e) {
        const text = message(e);
        postMessage(e?.code === 'cancelled' ? { type: 'transferCancelled' } : { type: 'transferRunError', message: text });
      }
      return;
    }
    case 'transferPaint': {
      const errors = {};
      for (const { id, request, dpr } of msg.charts) {
        if (!transferSession) continue;
        try {
          canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => transferSession.paint(id, canvas, { ...request, dark }, scale));
        } catch (e) {
          errors[id] = message(e);
        }
      }
      postMessage({ type: 'transferPainted', errors });
      return;
    }
    case 'transferHover':
      postMessage({ type: 'transferHovered', id: msg.id, text: transferSession?.hover(msg.id, msg.x, msg.y) ?? null });
      return;
    default:
  }
}

async function handle(msg) {
  if (typeof msg.type === 'string' && msg.type.startsWith('transfer')) return transfer(msg);
  const cancelled = () => cancelFlag !== null && Atomics.load(cancelFlag, 0) === 1;
  if (handleCompare(msg, { session, canvases, cancelled })) return;
  switch (msg.type) {
    case 'canvas': canvases.set(msg.id, msg.canvas); return;
    case 'cancelFlag': cancelFlag = msg.flag; return;
    case 'train': train(msg); return;
    case 'view': view(msg); return;
    case 'clearRuns': session?.clearRuns(); return;
    case 'undoClearRuns':
      try {
        session.undoClearRuns();
        postMessage({ type: 'undoneClear' });
      } catch (e) {
        postMessage({ type: 'undoneClear', error: message(e) });
      }
      return;
    case 'distinct':
      try {
        const d = session.distinctValues(msg.column, 50);
        postMessage({ type: 'distinct', column: msg.column, values: d.values, more: d.more });
      } catch (e) {
        postMessage({ type: 'distinct', column: msg.column, values: [], more: false, error: message(e) });
      }
      return;
    case 'choose':
      try {
        postMessage({ type: 'chosen', seq: msg.seq, threshold: session.chooseThreshold(msg.series, msg.chooser) });
      } catch (e) {
        postMessage({ type: 'chooseError', seq: msg.seq, message: message(e) });
      }
      return;
    case 'hover':
      postMessage({ type: 'hovered', seq: msg.seq, id: msg.id, text: session?.hover(msg.id, msg.x, msg.y) ?? null });
      return;
    case 'saveModel':
      try {
        const json = session.modelJson(msg.series, msg.threshold);
        postMessage({ type: 'model', json, name: JSON.parse(json).name });
      } catch (e) {
        postMessage({ type: 'modelError', message: message(e) });
      }
      return;
    case 'exportModel':
      try {
        const bytes = session.exportModel(msg.series, msg.threshold, msg.format, msg.dataName);
        const name = JSON.parse(session.modelJson(msg.series, msg.threshold)).name;
        postMessage({ type: 'exported', bytes, name, format: msg.format }, [bytes.buffer]);
      } catch (e) {
        postMessage({ type: 'modelError', message: message(e) });
      }
      return;
    case 'fault': injectFault(msg.kind); return; // the chaos tests' panic / abort
    case 'ping': postMessage({ type: 'pong' }); return;
    // <rareclass-demo>'s `model` and `settings` attributes as a model spec.
    case 'modelSpec':
      try {
        postMessage({ type: 'modelSpec', spec: modelSpec(msg.kind, msg.settings) });
      } catch (e) {
        postMessage({ type: 'modelSpec', error: message(e) });
      }
      return;
    case 'parseLink':
      try {
        postMessage({ type: 'link', settings: parseLink(msg.hash) });
      } catch (e) {
        postMessage({ type: 'link', error: message(e) });
      }
      return;
    case 'readModel':
      try {
        postMessage({ type: 'modelInfo', seq: msg.seq, info: readModel(msg.json) });
      } catch (e) {
        postMessage({ type: 'modelInfo', seq: msg.seq, error: message(e) });
      }
      return;
    case 'score':
      try {
        if (scoring) scoring.free();
        scoring = null;
        const s = Session.fromBytes(new Uint8Array(msg.bytes));
        scoring = s;
        const { summary } = s.scoreModel(msg.json);
        const columns = s.summary().columns.map((c) => c.name);
        postMessage({ type: 'scored', seq: msg.seq, summary, columns });
      } catch (e) {
        postMessage({ type: 'scoreError', seq: msg.seq, message: message(e) });
      }
      return;
    case 'scoreView': {
      const errors = {};
      for (const { id, request, dpr } of msg.charts) {
        if (!scoring) continue;
        try {
          canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => scoring.paintScored(id, canvas, { ...request, dark }, scale));
        } catch (e) {
          errors[id] = message(e);
        }
      }
      postMessage({ type: 'scoreViewed', errors });
      return;
    }
    case 'predictions':
      try {
        postMessage({ type: 'predictions', csv: scoring.predictionsCsv(msg.id || undefined) });
      } catch (e) {
        postMessage({ type: 'scoreError', seq: -1, message: message(e) });
      }
      return;
    default:
      // The Explore tab's messages (worker_explore.js documents them).
      if (!handleExplore(msg, exploreCtx)) read(msg);
  }
}

const exploreCtx = {
  session: () => session,
  canvases,
  cancelled: () => Boolean(cancelFlag && Atomics.load(cancelFlag, 0) === 1),
};

// Messages are handled in order, each only after the module is instantiated.
let queue = init().then(
  () => { lockDown(); postMessage({ type: 'ready', version: version() }); },
  (e) => { postMessage({ type: 'fatal', message: message(e) }); throw e; },
);
// After a crash the page is told once and every later message is dropped:
// the page replaces this worker and re-reads the file.
self.onmessage = (e) => {
  queue = queue.then(async () => {
    if (crash === 'told') return;
    try {
      await handle(e.data);
    } catch (err) {
      message(err);
    }
    if (crash === null && self.rareclassPanic !== undefined) crash = String(self.rareclassPanic);
    if (crash !== null) {
      postMessage({ type: 'crashed', message: crash });
      crash = 'told';
    }
  });
};
