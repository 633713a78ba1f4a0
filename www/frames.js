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
// Worker: const canvases = frameCanvases(); canvases.set(id, port) on that
//         message, canvases.get(id) → the OffscreenCanvas to paint on. A
//         canvas got is sent as a frame before the worker's next message
//         (so a reply never overtakes its charts) or at the end of the task.

import { call } from './rpc.js';

/** Page: shows the frames the worker paints for chart `id` on `canvas`. */
export function handCanvas(worker, id, canvas) {
  const { port1, port2 } = new MessageChannel();
  let ctx = null;
  let shown = null; // the frame on screen
  port1.onmessage = ({ data }) => {
    const { bitmap } = data;
    if (!bitmap) return;
    // Assigning the size clears the canvas; a 1 × 1 frame is "nothing yet".
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    ctx ??= canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    // Closed only when the next frame is drawn: WebKit may draw it later
    // than drawImage returns, and a closed bitmap draws nothing.
    shown?.close();
    shown = bitmap;
  };
  // A worker replaced meanwhile rejects the call: nothing to do then.
  call(worker, 'canvas', { id, port: port2 }, { transfer: [port2] }).catch(() => {});
}

/** Worker: the id → OffscreenCanvas map the painters use; sends their frames. */
export function frameCanvases() {
  const canvases = new FrameCanvases();
  // Every reply goes after the frames painted before it.
  const post = self.postMessage.bind(self);
  self.postMessage = (message, transfer) => {
    canvases.flush();
    post(message, transfer);
  };
  return canvases;
}

class FrameCanvases extends Map {
  constructor() {
    super();
    this.ports = new Map();   // id → the MessagePort its frames go to
    this.pending = new Set(); // ids got (so maybe painted) since the last flush
    this.scheduled = false;
  }

  /** `value` is the page's MessagePort for chart `id`. */
  set(id, value) {
    if (typeof MessagePort !== 'undefined' && value instanceof MessagePort) {
      this.ports.get(id)?.close();
      this.ports.set(id, value);
      return super.set(id, new OffscreenCanvas(1, 1));
    }
    return super.set(id, value);
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
        // transferToImageBitmap leaves the canvas blank: draw the frame back,
        // so Save PNG (convertToBlob) and the next frame start from it.
        const ctx = canvas.getContext('2d');
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(bitmap, 0, 0);
        ctx.restore();
        port.postMessage({ bitmap }, [bitmap]);
      } catch { /* a lost frame must not stop the worker; the next paint sends another */ }
    }
    this.pending.clear();
  }
}
