// The worker's half of the Compare tab, as www/rpc.js methods over the
// worker's Session (worker.js merges them into its dispatcher): trains the
// set through `Session.compareTrain` (progress and cancel as for a Train-tab
// run) or, shared with the page's pool workers (www/shared_run.js),
// through compareOpen / compareFit / compareAdopt; paints the comparison
// charts and answers the metrics table and best-F1 thresholds. Knows
// nothing of the DOM.
//
//   compareTrain {config}                            → {report, names}; progress: every `evaluate`
//                                                      report (the page counts them to know which model runs)
//   compareOpen {config, checks, workers}            → {costs, train_rows, deal}   split and preparation kept here;
//                                                      deal[w]: the models worker w fits (0: this engine)
//   compareFit {index}                               → {index, fit_seconds, n_iter}  fitted and kept here; progress
//   compareAdopt {fits}                              → {report, names}   the pool's fits (JSON texts) joined with this
//                                                      engine's into the set compareTrain makes
//   compareView {charts: [{id, request, dpr}], thresholds, dark} → {table, colors, samples, errors}
//                                                      (colors: each model's CSS colour, as in the charts;
//                                                      samples: each model's legend sample as an <svg> string)
//   compareBestF1 {series}                           → threshold

/**
 * The methods; `w` = {table(), guarded(f), paintAll(charts, paint), throttled(progress, opts), note(e),
 * lib(): the full module's exports} from worker.js (which refuses them on the first-view module).
 */
export function compareMethods(w) {
  return {
    compareTrain: ({ config }, { progress }) => {
      const report = w.throttled(progress, { always: (p) => p.stage === 'evaluate' });
      return w.guarded(() => w.table().compareTrain(config, report));
    },
    compareOpen: ({ config, checks, workers }, { progress }) => w.guarded(() => w.table().compareOpen(config, checks ?? undefined, workers, w.throttled(progress))),
    compareFit: ({ index }, { progress }) => w.guarded(() => w.table().compareFit(index, w.throttled(progress))),
    compareAdopt: ({ fits }, { progress }) => w.guarded(() => w.table().compareAdopt(fits, w.throttled(progress, { always: (p) => p.stage === 'evaluate' }))),
    compareView: ({ charts, thresholds, dark }) => {
      const errors = {};
      let table = null;
      try {
        table = w.table().compareTable(new Float64Array(thresholds));
      } catch (e) {
        errors.table = w.note(e).message ?? String(e);
      }
      Object.assign(errors, w.paintAll(charts, (id, canvas, request, dpr) => w.table().comparePaint(id, canvas, request, dpr)));
      const n = thresholds.length;
      return { table, colors: w.lib().modelColors(dark === true, n), samples: w.lib().modelSamples(dark === true, n), errors };
    },
    compareBestF1: ({ series }) => w.guarded(() => w.table().compareBestF1(series)),
  };
}
