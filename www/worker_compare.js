// The worker's half of the Compare tab: trains the set through
// `Session.compareTrain` (progress and cancel as for a Train-tab run), paints
// the comparison charts and answers the metrics table and best-F1
// thresholds. Called by worker.js with the live session and canvases. Knows
// nothing of the DOM.
//
// In:  {type: 'compareTrain', run, config}
//      {type: 'compareView', seq, charts: [{id, request, dpr}], thresholds, dark}
//      {type: 'compareBestF1', series}
// Out: {type: 'compareProgress', run, stage, fraction, message}
//      {type: 'compareTrained', run, result} | {type: 'compareCancelled', run} | {type: 'compareError', run, message}
//      {type: 'compareViewed', seq, table, colors, errors}  (colors: each model's CSS colour, as in the charts)
//      {type: 'compareChosen', series, threshold} | {type: 'compareChosen', series, message}

import { modelColors } from '../pkg/rareclass.js';

const message = (e) => (e instanceof Error ? e.message : String(e));

/** Handles a compare* message; false for any other. `w` = {session, canvases, cancelled()}. */
export function handleCompare(msg, w) {
  switch (msg.type) {
    case 'compareTrain': train(msg, w); return true;
    case 'compareView': view(msg, w); return true;
    case 'compareBestF1':
      try {
        postMessage({ type: 'compareChosen', series: msg.series, threshold: w.session.compareBestF1(msg.series) });
      } catch (e) {
        postMessage({ type: 'compareChosen', series: msg.series, message: message(e) });
      }
      return true;
    default: return false;
  }
}

function train(msg, w) {
  const { run } = msg;
  let last = 0;
  const progress = (p) => {
    const now = performance.now();
    // Every evaluate step is sent: the page counts them to know which model runs.
    if (now - last > 33 || p.fraction >= 1 || p.stage === 'evaluate') {
      last = now;
      postMessage({ type: 'compareProgress', run, ...p });
    }
    return !w.cancelled();
  };
  try {
    if (!w.session) throw new Error('session: no table yet; open a CSV file first');
    const result = w.session.compareTrain(msg.config, progress);
    postMessage({ type: 'compareTrained', run, result });
  } catch (e) {
    const text = message(e);
    postMessage(e?.code === 'cancelled' ? { type: 'compareCancelled', run } : { type: 'compareError', run, message: text });
  }
}

function view(msg, w) {
  const errors = {};
  let table = null;
  try {
    table = w.session.compareTable(new Float64Array(msg.thresholds));
  } catch (e) {
    errors.table = message(e);
  }
  const { session } = w;
  for (const { id, request, dpr } of msg.charts) {
    try {
      w.canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => session.comparePaint(id, canvas, { ...request, dark }, scale));
    } catch (e) {
      errors[id] = message(e);
    }
  }
  const colors = modelColors(msg.dark === true, msg.thresholds.length);
  postMessage({ type: 'compareViewed', seq: msg.seq, table, colors, errors });
}
