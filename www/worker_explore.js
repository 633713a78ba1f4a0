// The Explore tab's and the simple-model check's half of the main worker:
// message handlers over the worker's Session (the file's table and the
// runs), imported by worker.js. Knows nothing of the DOM; the grid search
// runs in its own pool (grid_worker.js), not here.
//
// In:  {type: 'signal', seq, choice}                       signal table + data diagnostics
//      {type: 'exploreView', seq, charts: [{id, request, dpr}]}
//      {type: 'exploreHover', id, x, y}
//      {type: 'modelDiag', seq, series, threshold}
//      {type: 'simpleCheck', seq, config}                  majority, logistic, tree on one split
//      {type: 'cvRoc', id, request, dpr}                   fold ROC curves of a grid cell
// Out: {type: 'signal', seq, result} | {type: 'signal', seq, error}
//      {type: 'exploreViewed', seq, errors}
//      {type: 'exploreHovered', id, text}
//      {type: 'modelDiag', seq, list} | {type: 'modelDiag', seq, error}
//      {type: 'simpleProgress', seq, stage, fraction, message}
//      {type: 'simpleChecked', seq, rows} | {type: 'simpleChecked', seq, error, cancelled}
//      {type: 'cvRocPainted', id, error}

const message = (e) => (e instanceof Error ? e.message : String(e));

/**
 * Handles `msg` if it is one of this file's; false otherwise. `ctx` gives
 * the worker's current `session()`, its `canvases` map and `cancelled()`
 * (the page's cancel flag).
 */
export function handleExplore(msg, ctx) {
  const session = ctx.session();
  switch (msg.type) {
    case 'signal':
      try {
        postMessage({ type: 'signal', seq: msg.seq, result: session.signalTable(msg.choice) });
      } catch (e) {
        postMessage({ type: 'signal', seq: msg.seq, error: message(e) });
      }
      return true;
    case 'exploreView': {
      const errors = {};
      for (const { id, request, dpr } of msg.charts) {
        if (!session) continue;
        try {
          ctx.canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => session.paintExplore(id, canvas, { ...request, dark }, scale));
        } catch (e) {
          errors[id] = message(e);
        }
      }
      postMessage({ type: 'exploreViewed', seq: msg.seq, errors });
      return true;
    }
    case 'exploreHover':
      postMessage({ type: 'exploreHovered', id: msg.id, text: session?.hover(msg.id, msg.x, msg.y) ?? null });
      return true;
    case 'modelDiag':
      try {
        postMessage({ type: 'modelDiag', seq: msg.seq, list: session.modelDiagnostics(msg.series, msg.threshold) });
      } catch (e) {
        postMessage({ type: 'modelDiag', seq: msg.seq, error: message(e) });
      }
      return true;
    case 'simpleCheck': {
      let last = 0;
      const progress = (p) => {
        const now = performance.now();
        if (now - last > 50 || p.fraction >= 1) {
          last = now;
          postMessage({ type: 'simpleProgress', seq: msg.seq, ...p });
        }
        return !ctx.cancelled();
      };
      try {
        postMessage({ type: 'simpleChecked', seq: msg.seq, rows: session.simpleCheck(msg.config, progress) });
      } catch (e) {
        const text = message(e);
        postMessage({ type: 'simpleChecked', seq: msg.seq, error: text, cancelled: e?.code === 'cancelled' });
      }
      return true;
    }
    case 'cvRoc': {
      let error = null;
      try {
        const { id, request } = msg;
        if (session) ctx.canvases.paint(id, request.dark, msg.dpr, (canvas, dark, scale) => session.paintCvRoc(id, canvas, { ...request, dark }, scale));
      } catch (e) {
        error = message(e);
      }
      postMessage({ type: 'cvRocPainted', id: msg.id, error });
      return true;
    }
    default:
      return false;
  }
}
