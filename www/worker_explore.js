// The Explore tab's and the simple-model check's half of the main worker,
// as www/rpc.js methods over the worker's Session (the file's table and the
// runs); worker.js merges them into its dispatcher. Knows nothing of the
// DOM; the grid search runs in its own pool (pool.js, pool_worker.js), not here.
//
//   signal {choice}                                  → signal table + data diagnostics
//   exploreView {charts: [{id, request, dpr}]}       → errors by chart id
//   modelDiag {series, threshold}                    → the model diagnostics list
//   simpleCheck {config}                             → rows (majority, logistic, tree on one split);
//                                                      progress as a Train run's; cancel by the flag
//   cvRoc {id, request, dpr}                         fold ROC curves of a grid cell
// Hover on these charts is worker.js's `hover` (the Session remembers every chart it painted).

/** The methods; `w` = {session(), table(), guarded(f), paintAll(charts, paint), throttled(progress, opts), canvases}. */
export function exploreMethods(w) {
  return {
    signal: ({ choice }) => w.guarded(() => w.table().signalTable(choice)),
    exploreView: ({ charts }) => (w.session()
      ? w.paintAll(charts, (id, canvas, request, dpr) => w.session().paintExplore(id, canvas, request, dpr))
      : {}),
    modelDiag: ({ series, threshold }) => w.guarded(() => w.table().modelDiagnostics(series, threshold)),
    simpleCheck: ({ config }, { progress }) => w.guarded(() => w.table().simpleCheck(config, w.throttled(progress, { every: 50 }))),
    cvRoc: ({ id, request, dpr }) => {
      const session = w.session();
      if (session) w.guarded(() => w.canvases.paint(id, request.dark, dpr, (canvas, dark, scale) => session.paintCvRoc(id, canvas, { ...request, dark }, scale)));
    },
  };
}
