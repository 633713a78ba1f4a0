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
import { onLang } from './i18n.js';
import { showTooltip } from './dom.js';

let pageLive = null;

/** The page's one live region for every chart's read-out, and the keys' hint (id chart-keys). */
function pageRegions() {
  if (!pageLive) {
    const host = document.querySelector('main') ?? document.body;
    pageLive = document.createElement('p');
    pageLive.id = 'chart-readout';
    pageLive.className = 'sr-only';
    pageLive.setAttribute('aria-live', 'polite');
    const hint = document.createElement('p');
    hint.id = 'chart-keys';
    hint.className = 'sr-only';
    hint.textContent = A11Y.chartKeys;
    onLang(() => { hint.textContent = A11Y.chartKeys; });
    host.append(pageLive, hint);
  }
  return { live: pageLive, hintId: 'chart-keys' };
}

// Past any chart's last point: the worker clamps it to the last (a u32 on wasm32).
const LAST = 2 ** 31;

/**
 * Makes `canvas` walkable by keyboard. `ask(index)` resolves to the chart's
 * read-out `{index, count, x, y, label}` (index clamped by the worker) or
 * null. `show(point)` shows it beside the point (default: `tooltip`, an
 * absolutely placed element, in page coordinates); `live` and `hintId`
 * (a shadow root's own) default to the page's live region and hint.
 */
export function keyboardReadout(canvas, { ask, tooltip = null, show = null, live = null, hintId = null }) {
  const regions = live ? { live, hintId } : pageRegions();
  const announce = regions.live;
  const place = show ?? ((point) => {
    if (!tooltip) return;
    const r = canvas.getBoundingClientRect();
    tooltip.textContent = point.label;
    tooltip.style.left = `${r.left + window.scrollX + point.x + 12}px`;
    tooltip.style.top = `${r.top + window.scrollY + point.y + 12}px`;
    tooltip.hidden = false;
  });
  canvas.tabIndex = 0;
  if (regions.hintId) canvas.setAttribute('aria-describedby', regions.hintId);
  let index = -1;
  let count = 0;
  let asking = false;
  let queued = null; // a key pressed while the last was being answered: taken next, not dropped
  const target = (key) => {
    const from = Math.max(index, 0);
    return {
      ArrowRight: index + 1, ArrowUp: index + 1, ArrowLeft: from - 1, ArrowDown: from - 1,
      Home: 0, End: LAST, PageUp: from + 10, PageDown: from - 10,
    }[key];
  };
  const walk = async (key) => {
    asking = true;
    let point = null;
    try {
      point = await ask(Math.max(0, Math.min(target(key), count ? count - 1 : LAST)));
    } catch { /* no read-out is said below */ } finally {
      asking = false;
    }
    if (!point) {
      announce.textContent = A11Y.noPoints;
      canvas.dataset.readout = '';
    } else {
      ({ index, count } = point);
      announce.textContent = A11Y.pointOf(index + 1, count, point.label);
      // For the tests and for scripts: which point is read out.
      canvas.dataset.readout = String(index);
      place(point);
    }
    if (queued) {
      const next = queued;
      queued = null;
      walk(next);
    }
  };
  canvas.addEventListener('keydown', (e) => {
    if (target(e.key) === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    if (asking) queued = e.key; else walk(e.key);
  });
  canvas.addEventListener('blur', () => { if (tooltip) tooltip.hidden = true; });
}

/**
 * A worker-painted chart's read-outs by pointer and by keyboard, for every
 * tab's charts but the Train tab's (whose hover also drags the threshold):
 * `hover(x, y)` (CSS px inside the canvas) resolves to the text of the point
 * nearest the pointer, shown beside it in the page's #tooltip, or null;
 * `hitAt(index)` to read-out `index` for keyboardReadout.
 */
export function chartReadouts(canvas, { hover, hitAt }) {
  let at = null; // where the pointer is, while it is on the canvas
  canvas.addEventListener('pointermove', (e) => {
    const r = canvas.getBoundingClientRect();
    at = { x: e.clientX, y: e.clientY };
    hover(e.clientX - r.left, e.clientY - r.top).then((text) => { if (at) showTooltip(text, at); }, () => {});
  });
  canvas.addEventListener('pointerleave', () => { at = null; showTooltip(null); });
  keyboardReadout(canvas, { ask: hitAt, tooltip: document.getElementById('tooltip') });
}

/**
 * chartReadouts for chart `id` painted by the page's engine worker, whose
 * `hover` and `hitAt` methods answer for every chart by id; `call(method,
 * args)` is the tab's call into that worker.
 */
export function engineReadouts(canvas, id, call) {
  chartReadouts(canvas, {
    hover: (x, y) => call('hover', { id, x, y }),
    hitAt: (index) => call('hitAt', { id, index }),
  });
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
