// The Transfer tab's methods (www/transfer.js runs its own instance of
// worker.js, which merges these into its dispatcher): reads the source and
// target files into a `TransferSession`, runs the comparison with the DAN's
// curves painted live from inside the run's progress callback, paints the
// result charts and answers hover. Knows nothing of the DOM.
//
//   transferFile {which: 'source' | 'target', bytes}  → the file's summary
//   transferRun {config, look: {width, height, dark, lang, dpr}} → the TransferReport; progress:
//       {stage, fraction, message, ...}  the run's rareclass::progress::Progress, and per DAN step
//       {stage: 'fit', unit: 'step', step, loss, mmd_loss, lambda} or, per target validation,
//       {stage: 'fit', unit: 'step', step, val: {roc_auc, ks}}; each with
//       `drawn: {history, validation}` = points on the live charts so far.
//       Cancel: worker.js's `cancelFlag` (the run resets it when it starts).
//   transferPaint {charts: [{id, request, dpr}]}     → errors by chart id
//   transferHover {id, x, y}                         → text | null
//   transferHitAt {id, index}                        → {index, count, x, y, label} | null (keyboard read-out)

/** Live DAN curves, painted from inside the run's progress callback. */
function transferPainter(look, canvases, { paintTransferHistory, paintTransferValidation }) {
  const steps = [], cls = [], mmd = [], lambda = [];
  const vSteps = [], auc = [], ks = [];
  let drawn = 0;
  const shown = { history: 0, validation: 0 };
  const paint = () => {
    if (!look) return;
    const f = (a) => new Float64Array(a);
    try {
      if (steps.length) {
        canvases.paint('transfer-history', look.dark, look.dpr, (c, dark, dpr) => paintTransferHistory(c, f(steps), f(cls), f(mmd), f(lambda), look.width, look.height, dark, dpr, look.lang));
      }
      if (vSteps.length) {
        canvases.paint('transfer-validation', look.dark, look.dpr, (c, dark, dpr) => paintTransferValidation(c, f(vSteps), f(auc), f(ks), look.width, look.height, dark, dpr, look.lang));
      }
      shown.history = steps.length;
      shown.validation = vSteps.length;
    } catch { /* a failed drawing must not stop training */ }
    drawn = performance.now();
  };
  return {
    /** Adds a DAN event; true when the charts were painted again. */
    add(e) {
      if (e.step !== undefined) {
        steps.push(e.step); cls.push(e.cls_loss); mmd.push(e.mmd_loss); lambda.push(e.lambda);
      } else {
        vSteps.push(e.val_step); auc.push(e.roc_auc ?? NaN); ks.push(e.ks ?? NaN);
      }
      if (performance.now() - drawn <= 150) return false;
      paint();
      return true;
    },
    paint,
    shown,
  };
}

/**
 * The methods; `w` = {canvases, cancelled(), guarded(f), paintAll(charts, paint), throttled(progress, opts),
 * lib(): the full module's exports} from worker.js (Transfer's worker loads the full module).
 */
export function transferMethods(w) {
  let session = null;
  return {
    transferFile: ({ which, bytes }) => w.guarded(() => {
      session ??= new (w.lib().TransferSession)();
      session.pushChunk(which, new Uint8Array(bytes));
      return session.finish(which);
    }),
    transferRun: ({ config, look }, { progress }) => {
      if (!session) throw Object.assign(new Error('transfer: open a source and a target file first'), { code: 'no_table' });
      const live = transferPainter(look, w.canvases, w.lib());
      const report = w.throttled(progress, { every: 100 });
      const run = w.guarded(() => session.run(config, (p) => {
        // The run's own reports (a stage), then the DAN's steps and validations.
        if (p.stage !== undefined) return report({ ...p, drawn: { ...live.shown } });
        if (live.add(p)) {
          progress(p.step !== undefined
            ? { stage: 'fit', unit: 'step', step: p.step, loss: p.cls_loss, mmd_loss: p.mmd_loss, lambda: p.lambda, drawn: { ...live.shown } }
            : { stage: 'fit', unit: 'step', step: p.val_step, val: { roc_auc: p.roc_auc, ks: p.ks }, drawn: { ...live.shown } });
        }
        return !w.cancelled();
      }));
      live.paint();
      return run;
    },
    transferPaint: ({ charts }) => (session ? w.paintAll(charts, (id, canvas, request, dpr) => session.paint(id, canvas, request, dpr)) : {}),
    transferHover: ({ id, x, y }) => session?.hover(id, x, y) ?? null,
    transferHitAt: ({ id, index }) => session?.hitAt(id, index) ?? null,
  };
}
