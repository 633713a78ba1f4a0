// Keyboard access the native controls lack. A chart (a <canvas> the worker
// paints) becomes focusable and walkable: arrow keys step through its
// read-out points (the hover targets src/chart/ lays out: the operating
// points first, then each curve from its start), Home and End jump to the
// ends, Page Up / Page Down by ten; each point's text is announced in one
// polite live region and shown beside the point. The threshold slider
// steps by 0.01 on the arrow keys (0.001 with Shift, 0.1 on Page Up /
// Page Down): a step of 0.001 took 500 presses to cross half the range,
// while the slider keeps that resolution for the threshold buttons' exact
// values. Knows nothing of what a chart shows.
import { A11Y } from './strings.js';

let live = null;
let hint = null;

/** The one live region every chart's read-out is announced in, and the keys' hint. */
function regions() {
  if (!live) {
    const host = document.querySelector('main') ?? document.body;
    live = document.createElement('p');
    live.id = 'chart-readout';
    live.className = 'sr-only';
    live.setAttribute('aria-live', 'polite');
    hint = document.createElement('p');
    hint.id = 'chart-keys';
    hint.className = 'sr-only';
    hint.textContent = A11Y.chartKeys;
    host.append(live, hint);
  }
  return live;
}

// Past any chart's last point: the worker clamps it to the last (a u32 on wasm32).
const LAST = 2 ** 31;

/**
 * Makes `canvas` walkable by keyboard. `ask(index)` resolves to the chart's
 * read-out `{index, count, x, y, label}` (index clamped by the worker) or
 * null; `tooltip`, when given, is shown at the point (page coordinates).
 */
export function keyboardReadout(canvas, { ask, tooltip = null }) {
  const announce = regions();
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-describedby', 'chart-keys');
  let index = -1;
  let count = 0;
  let asking = false;
  canvas.addEventListener('keydown', async (e) => {
    const from = Math.max(index, 0);
    const to = {
      ArrowRight: index + 1, ArrowUp: index + 1, ArrowLeft: from - 1, ArrowDown: from - 1,
      Home: 0, End: LAST, PageUp: from + 10, PageDown: from - 10,
    }[e.key];
    if (to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    if (asking) return;
    asking = true;
    let point = null;
    try {
      point = await ask(Math.max(0, Math.min(to, count ? count - 1 : LAST)));
    } catch { /* no read-out is said below */ } finally {
      asking = false;
    }
    if (!point) {
      announce.textContent = A11Y.noPoints;
      canvas.dataset.readout = '';
      return;
    }
    ({ index, count } = point);
    const text = A11Y.pointOf(index + 1, count, point.label);
    announce.textContent = text;
    // For the tests and for scripts: which point is read out.
    canvas.dataset.readout = String(index);
    if (tooltip) {
      const r = canvas.getBoundingClientRect();
      tooltip.textContent = point.label;
      tooltip.style.left = `${r.left + window.scrollX + point.x + 12}px`;
      tooltip.style.top = `${r.top + window.scrollY + point.y + 12}px`;
      tooltip.hidden = false;
    }
  });
  canvas.addEventListener('blur', () => { if (tooltip) tooltip.hidden = true; });
}

/**
 * The threshold slider's keyboard steps: 0.01 on the arrow keys (to the
 * next multiple of 0.01), 0.001 with Shift (the native step), 0.1 on
 * Page Up / Page Down. Moves fire `input` as a drag does.
 */
export function sliderSteps(input) {
  input.addEventListener('keydown', (e) => {
    const dir = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[e.key];
    if (dir === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.shiftKey && Math.abs(dir) === 1) return; // the native 0.001
    e.preventDefault();
    const min = Number(input.min || 0), max = Number(input.max || 1);
    const v = Number(input.value);
    // From an exact value (0.1234) the first step lands on the grid: 0.13 up, 0.12 down.
    const cents = dir > 0 ? Math.floor(v * 100 + 1e-9) + dir : Math.ceil(v * 100 - 1e-9) + dir;
    const next = Math.min(max, Math.max(min, cents / 100));
    if (next === v) return;
    input.value = String(next);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
