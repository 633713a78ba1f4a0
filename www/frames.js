// Chart frames: how a chart the worker paints reaches the page's <canvas>.
// The worker paints each chart on an OffscreenCanvas of its own (through the
// wasm painter, src/web/canvas.rs) and sends every finished frame, an
// ImageBitmap, over a MessagePort that belongs to that chart; the page draws
// the frame on the chart's <canvas>. Used by every tab, in every engine.
// Knows nothing of what a chart shows.
//
// Why not hand the <canvas> itself to the worker (transferControlToOffscreen),
// as the page first did: what a worker paints on a transferred canvas
// reaches the screen by each engine's own route, and those routes differ.
// WebKit (WebKitGTK 2.50, Safari's engine) left some charts blank at random
// (Transfer's results, the grid's ROC: painted, hover answering, nothing
// shown even seconds later); Firefox (153 ESR) refused every repaint of a
// transferred canvas until the wasm painter kept its first 2D context. An
// ImageBitmap drawn on the page's own canvas is the same plain drawImage
// everywhere, a frame sent from inside a long training run shows at once,
// and the worker keeps its canvas, so Save PNG and hover work as before.
//
// Page:   handCanvas(worker, id, canvas)  once per canvas and worker: the
//         worker's `canvas` method (www/rpc.js) receives {id, port}.
//         exportFrame(canvas, format, scale) → Promise<Blob>: the chart on
//         `canvas` as 'png' (`scale` × its CSS size), 'svg' or 'csv' (its
//         curve points), always in the light theme (www/export.js).
// Worker: const canvases = frameCanvases(recorder); canvases.set(id, port)
//         on that message; canvases.paint(id, dark, dpr, draw) paints chart
//         `id` with draw(canvas, dark, dpr) and keeps `draw` for export (a
//         painter that uses canvases.get(id) directly still paints, but
//         cannot be exported). A canvas painted is sent as a frame before
//         the worker's next message (so a reply never overtakes its charts)
//         or at the end of the task. `recorder` is the wasm pair
//         {recordNextChart, recordedChart} (src/web/canvas.rs).
//
// Why export travels on the chart's own port: it concerns one chart, any
// tab's, so no tab's message protocol has to know about it; the worker
// repaints the chart with its kept `draw` in the light theme on a canvas of
// its own (the screen keeps its theme) and the wasm painter records that
// chart's draw ops, written out as SVG or CSV by Rust.

import { call } from './rpc.js';
import { chartHeight } from './chart_size.js';

// canvas → {port, id, waiting: Map(seq → {resolve, reject})}, for exportFrame.
const links = new WeakMap();
let exportSeq = 0;

/** Page: shows the frames the worker paints for chart `id` on `canvas`. */
export function handCanvas(worker, id, canvas) {
  const { port1, port2 } = new MessageChannel();
  let ctx = null;
  const link = { port: port1, id, waiting: new Map() };
  links.set(canvas, link);
  port1.onmessage = ({ data }) => {
    if (data.exported !== undefined) {
      const wait = link.waiting.get(data.exported);
      link.waiting.delete(data.exported);
      if (!wait) return;
      if (data.blob) wait.resolve(data.blob);
      else wait.reject(Object.assign(new Error(data.error), { code: data.code }));
      return;
    }
    // Whether the chart has curve data to write as CSV (www/export.js hides the button when not).
    if (data.curves !== undefined) canvas.dataset.curves = data.curves ? '1' : '0';
    // How the chart's text fits (src/chart/layout.rs's FitReport: cut
    // texts, overlaps, plot and legend), for the width tests.
    if (data.fit) canvas.dataset.fit = data.fit;
    // The theme the frame was painted in: a theme change repaints every
    // chart, one frame at a time, and a screenshot must wait for the last.
    if (data.theme) canvas.dataset.theme = data.theme;
    const { bitmap } = data;
    if (!bitmap) return;
    // Assigning the size clears the canvas; a 1 × 1 frame is "nothing yet".
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    ctx ??= canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    // WebKit may draw the frame later than drawImage returns, and a closed
    // bitmap draws nothing: reading a pixel back makes every engine draw
    // it now, and then the bitmap can go (memory: it was a second copy of
    // every chart on the page, ~0.7 MB each, bench/memory_peak.mjs).
    ctx.getImageData(0, 0, 1, 1);
    bitmap.close();
  };
  // A worker replaced meanwhile rejects the call: nothing to do then.
  call(worker, 'canvas', { id, port: port2 }, { transfer: [port2] }).catch(() => {});
}

/**
 * Page: `old` (a chart canvas of a worker that is gone) gives way to
 * `canvas`, which shows `old`'s frame until the new worker paints its own,
 * and takes the keyboard focus when `old` had it; then `old`'s pixels go.
 * - The frame is carried over because the new worker's first frame comes
 *   after a round trip and a paint: a blank canvas meanwhile made every
 *   chart blink out when the page moved to the full module
 *   (www/engine_client.js), and a test reading a chart's pixels then read a
 *   blank one (tests/e2e/first_view.test.mjs checks every animation frame
 *   of the move). Its `data-theme`, `data-fit` and `data-curves` say what
 *   that frame is, so they come along.
 * - The focus: a person walking a chart with the arrow keys (www/keyboard.js)
 *   must not be thrown back to the page's start by a move they did not ask
 *   for.
 * - `old`'s pixels are cleared at once: a canvas left to the garbage
 *   collector kept its frame and the compositor's copy of it (~1.4 MB a
 *   chart) for seconds after the page moved to a new worker.
 */
export function replaceCanvas(old, canvas) {
  const focused = document.activeElement === old;
  if (old.width > 1 && old.height > 1) {
    canvas.width = old.width;
    canvas.height = old.height;
    canvas.getContext('2d').drawImage(old, 0, 0);
    for (const key of ['theme', 'fit', 'curves']) {
      if (old.dataset[key] !== undefined) canvas.dataset[key] = old.dataset[key];
    }
    // Its CSS size too, until the next view sizes it (www/frames.js fitCanvas).
    if (!canvas.style.width) canvas.style.width = old.style.width;
    if (!canvas.style.height) canvas.style.height = old.style.height;
  }
  // Hidden stays hidden (the history chart before a run's first point).
  canvas.hidden = old.hidden;
  old.replaceWith(canvas);
  old.width = 0;
  old.height = 0;
  if (focused) {
    if (canvas.tabIndex < 0) canvas.tabIndex = 0;
    canvas.focus({ preventScroll: true });
  }
}

/**
 * Page: sizes `canvas` to its figure's width (at least 160 CSS px) and the
 * height www/chart_size.js gives that width (`ratio` × width within
 * [`min`, `max`]; taller on a phone; `square`: a square plot's height),
 * and returns {width, height}, the size the worker is asked to paint the
 * chart at.
 */
export function fitCanvas(figure, canvas, { ratio = 0.72, min = 220, max = 420, square = false } = {}) {
  const width = Math.max(160, Math.floor(figure.clientWidth));
  const height = chartHeight(width, { ratio, min, max, square });
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return { width, height };
}

/** Page: the chart id that `canvas` shows (null for a canvas never handed to a worker). */
export function chartId(canvas) {
  return links.get(canvas)?.id ?? null;
}

/**
 * Page: chart `canvas` exported by its worker as a Blob: 'png' at `scale`
 * times its CSS size, 'svg', or 'csv' (its data series), in the light
 * theme. Rejects with the worker's message (code 'bad_request' for a chart
 * with no data to write as CSV), or when the worker is replaced first
 * (code 'lost': the page gave the chart a new canvas).
 */
export async function exportFrame(canvas, format, scale = 2) {
  const link = links.get(canvas);
  if (!link) throw Object.assign(new Error('this chart is not painted by a worker'), { code: 'lost' });
  // The worker exports the chart as it last painted it, at that size: right
  // after a resize (a window turned, a panel opened) the repaint at the new
  // size may still be on its way, so wait for it (briefly) rather than
  // export the old layout.
  await frameAtSize(canvas, 5000);
  const seq = ++exportSeq;
  return new Promise((resolve, reject) => {
    link.waiting.set(seq, { resolve, reject });
    link.port.postMessage({ export: seq, format, scale });
    // A canvas replaced (its worker restarted) never answers: fail then.
    const watch = setInterval(() => {
      if (canvas.isConnected || !link.waiting.has(seq)) { if (!link.waiting.has(seq)) clearInterval(watch); return; }
      clearInterval(watch);
      link.waiting.delete(seq);
      reject(Object.assign(new Error('the chart was replaced before it could be exported; try again'), { code: 'lost' }));
    }, 500);
  });
}

/**
 * Resolves once the frame on `canvas` has its current CSS size times the
 * pixel ratio (within 2 px of rounding), or after `ms`; at once for a chart
 * not painted yet (a 1 × 1 frame) or not laid out.
 */
function frameAtSize(canvas, ms) {
  const fits = () => {
    const r = canvas.getBoundingClientRect();
    const dpr = devicePixelRatio || 1;
    return canvas.width <= 1 || r.width < 1 || Math.abs(canvas.width - r.width * dpr) <= 2;
  };
  const until = performance.now() + ms;
  return new Promise((resolve) => {
    const check = () => (fits() || performance.now() > until ? resolve() : setTimeout(check, 50));
    check();
  });
}

/** Worker: the id → OffscreenCanvas map the painters use; sends their frames. */
export function frameCanvases(recorder = null) {
  const canvases = new FrameCanvases(recorder);
  // Every reply goes after the frames painted before it.
  const post = self.postMessage.bind(self);
  self.postMessage = (message, transfer) => {
    canvases.flush();
    post(message, transfer);
  };
  return canvases;
}

class FrameCanvases extends Map {
  constructor(recorder) {
    super();
    this.recorder = recorder;
    this.ports = new Map();   // id → the MessagePort its frames go to
    this.pending = new Set(); // ids got (so maybe painted) since the last flush
    this.scheduled = false;
    this.painters = new Map(); // id → draw(canvas, dark, dpr), its last painter, for export
    this.curves = new Map();   // id → whether its last chart has data series (CSV)
    this.fits = new Map();     // id → its last chart's fit report (JSON), for data-fit
    this.themes = new Map();   // id → 'dark' or 'light', its last paint's theme, for data-theme
  }

  /** `value` is the page's MessagePort for chart `id`. */
  set(id, value) {
    if (typeof MessagePort !== 'undefined' && value instanceof MessagePort) {
      this.ports.get(id)?.close();
      this.ports.set(id, value);
      value.onmessage = ({ data }) => { if (data?.export !== undefined) this.exportChart(id, value, data); };
      return super.set(id, new OffscreenCanvas(1, 1));
    }
    return super.set(id, value);
  }

  /**
   * Paints chart `id` with `draw(canvas, dark, dpr)` (which throws on
   * failure) and keeps `draw` so the chart can be exported; false when the
   * page has no canvas `id`.
   */
  paint(id, dark, dpr, draw) {
    const canvas = this.get(id);
    if (!canvas) return false;
    this.painters.set(id, draw);
    this.themes.set(id, dark ? 'dark' : 'light');
    this.recorder?.recordNextChart();
    draw(canvas, dark, dpr);
    // Only true for a chart with curve or bar data; asked once per paint, cheap.
    try { this.curves.set(id, this.recorder ? this.recorder.recordedHasData() : false); } catch { this.curves.set(id, false); }
    try { this.fits.set(id, this.recorder?.recordedFit?.() ?? ''); } catch { this.fits.set(id, ''); }
    return true;
  }

  /** Answers the page's export request `{export: seq, format, scale}` for chart `id` on `port`. */
  async exportChart(id, port, { export: seq, format, scale }) {
    try {
      const draw = this.painters.get(id);
      if (!draw || !this.recorder) throw Object.assign(new Error('this chart has not been painted yet'), { code: 'not_ready' });
      const s = Number.isFinite(scale) ? Math.min(4, Math.max(1, scale)) : 2;
      const canvas = new OffscreenCanvas(1, 1);
      this.recorder.recordNextChart();
      // Light whatever the page's theme: a slide or a paper is white.
      draw(canvas, false, format === 'png' ? s : 1);
      let blob;
      if (format === 'png') blob = await canvas.convertToBlob({ type: 'image/png' });
      else if (format === 'svg') blob = new Blob([this.recorder.recordedChart('svg', id)], { type: 'image/svg+xml' });
      else blob = new Blob([this.recorder.recordedChart('csv', id)], { type: 'text/csv' });
      port.postMessage({ exported: seq, blob });
    } catch (e) {
      port.postMessage({ exported: seq, error: e?.message ?? String(e), code: e?.code ?? 'failed' });
    }
  }

  get(id) {
    const canvas = super.get(id);
    if (canvas && this.ports.has(id)) {
      this.pending.add(id);
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), 0);
      }
    }
    return canvas;
  }

  /** Sends a frame of each canvas got since the last flush. */
  flush() {
    this.scheduled = false;
    for (const id of this.pending) {
      const canvas = super.get(id);
      const port = this.ports.get(id);
      if (!canvas || !port || canvas.width < 1 || canvas.height < 1) continue;
      try {
        const bitmap = canvas.transferToImageBitmap();
        // Memory: the frame now lives in the bitmap (and then on the page);
        // the canvas goes down to 1 × 1 so it keeps no second copy of its
        // pixels (~0.7 MB a chart, bench/memory_peak.mjs). Nothing reads
        // them: every paint sizes the canvas afresh (which clears it), and
        // Save PNG paints on a canvas of its own (exportChart).
        canvas.width = 1;
        canvas.height = 1;
        port.postMessage({
          bitmap, curves: this.curves.get(id) ?? false, fit: this.fits.get(id) ?? '', theme: this.themes.get(id) ?? '',
        }, [bitmap]);
      } catch { /* a lost frame must not stop the worker; the next paint sends another */ }
    }
    this.pending.clear();
  }
}
