// <rareclass-demo>: one live, trained classifier for any static page (a
// tutorial, a blog post). An author adds
//
//   <script type="module" src="/path/to/www/demo_element.js"></script>
//   <rareclass-demo src="data.csv" label="Class" positive="bad" model="logistic"
//                   seed="42" settings="C=0.5, imbalance=class-weight"></rareclass-demo>
//
// and the element reads the CSV (`src`, relative to the page), trains the
// model in a worker of its own (the page's www/worker.js with the wasm
// package, found relative to this module, so it works from any sub-path),
// and shows the test rows' ROC and precision–recall curves and the
// confusion matrix with a threshold slider. The charts are the page's own:
// src/chart/ lays them out as draw ops, the worker paints them (src/web/
// canvas.rs) and www/frames.js sends the frames to this element's canvases.
// Everything lives in an open shadow root with its own styles (light/dark
// from prefers-color-scheme, the page's <html data-theme>, or the element's
// `theme="light|dark"`), so several elements
// on one page never share state or styles. Anything that stops it (no such
// file, no such label, a bad setting, a failed fit) is shown inside the
// element in one sentence the author can act on.
//
// State for scripts and tests: the host's `data-state` is `loading`,
// `training`, `ready` or `error`; `data-view` counts the views drawn; the
// shadow root's `.cm` carries `data-tp/fp/tn/fn` of the shown threshold.
// Knows nothing of how a CSV is parsed, a model fitted or a chart laid out.
import { LOCALE } from './strings.js';
import { tablesFor, langOf } from './i18n.js';
import { progressText } from './progress_words.js';
import { handCanvas, fitCanvas } from './frames.js';
import { el } from './dom.js';
import { call, abandon } from './rpc.js';
import { keyboardReadout } from './keyboard.js';

const CHARTS = ['roc', 'pr', 'confusion'];
const fix3 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const fix2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = new Intl.NumberFormat(LOCALE);
const darkQuery = matchMedia('(prefers-color-scheme: dark)');

// The element's styles, one constructed sheet shared by every instance.
// (Constructed, not a <style> element: pages with a strict
// Content-Security-Policy, as this project's own, refuse inline styles.)
const CSS = `
:host { display: block; max-width: 72rem; margin: 1rem 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 15px; line-height: 1.45; font-variant-numeric: tabular-nums;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d9dce1; --panel: #f6f8fa; --accent: #0072b2;
  --error-bg: #fdecea; --error-fg: #8a1c10; --focus: #0072b2; }
:host([hidden]) { display: none; }
:host([data-theme=dark]) { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22; --accent: #56b4e9;
  --error-bg: #3b1d1a; --error-fg: #ffb4a8; --focus: #56b4e9; }
@media (max-width: 480px) { .box { padding: 0.6rem 0.5rem; } }
.box { position: relative; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 10px; padding: 0.8rem 1rem; color-scheme: light; }
:host([data-theme=dark]) .box { color-scheme: dark; }
.title { margin: 0; font-size: 1.05rem; font-weight: 650; }
.facts, .status { margin: 0.15rem 0; color: var(--muted); font-size: 0.9rem; }
.aucs { margin: 0.15rem 0 0.5rem; font-weight: 600; }
.error { margin: 0.3rem 0; padding: 0.6rem 0.8rem; border-radius: 6px; background: var(--error-bg); color: var(--error-fg); overflow-wrap: anywhere; }
.error strong { display: block; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 0.8rem; }
figure { margin: 0; min-width: 0; position: relative; }
canvas { display: block; max-width: 100%; border-radius: 6px; }
.threshold { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin: 0.6rem 0 0.2rem; padding: 0.5rem 0.7rem; background: var(--panel); border-radius: 8px; }
.threshold input { flex: 1 1 6rem; min-height: 24px; accent-color: var(--accent); }
output { min-width: 3rem; font-weight: 650; }
.cm { margin: 0.2rem 0 0; font-weight: 600; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.tip { position: absolute; pointer-events: none; width: max-content; max-width: min(18rem, 80%); padding: 0.25rem 0.45rem; border-radius: 4px;
  background: var(--fg); color: var(--bg); font-size: 0.8rem; z-index: 1; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
let sheet = null;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** The file a `src` names, for titles: not the path the page reaches it by. */
function fileName(src) {
  const last = src.split(/[?#]/)[0].split('/').pop() || src;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The bytes at `url`; throws why not, for a person (in the words of table `S`). */
async function fetchBytes(url, S) {
  let res;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(S.networkError);
  }
  if (!res.ok) throw new Error(S.httpStatus(res.status, res.statusText));
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The element's worker: the page's www/worker.js, called through
 * www/rpc.js. A worker error or crash rejects what waits, and every later
 * call.
 */
class Engine {
  /** `words()` is the element's current string table (its language may change). */
  constructor(onDead, words) {
    this.words = words;
    // The full module: an embed may fit any model kind (www/worker.js).
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'full' });
    this.dead = null;
    this.ready = this.call('hello');
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.fail(e.message || this.words().engineDied);
      onDead();
    };
  }

  call(method, args, options) {
    if (this.dead) return Promise.reject(this.dead);
    return call(this.worker, method, args, options).catch((e) => {
      // A trapped engine answers "crashed"; it answers nothing useful again.
      if (e.code === 'crashed') { this.fail(this.words().engineDied); throw this.dead; }
      throw e;
    });
  }

  fail(message) {
    this.dead = new Error(message);
    abandon(this.worker, 'lost', message);
  }

  async read(bytes) {
    this.call('begin', { file: 1, total: bytes.length }).catch(() => {});
    this.call('chunk', { file: 1, bytes }, { transfer: [bytes.buffer] }).catch(() => {});
    return this.call('end', { file: 1 });
  }

  modelSpec(kind, settings) { return this.call('modelSpec', { kind, settings }); }

  train(config, onProgress) { return this.call('train', { config, history: null }, { onProgress }); }

  /** → {evaluation, errors} */
  view(charts, evaluate) { return this.call('view', { charts, evaluate }); }

  hover(id, x, y) { return this.call('hover', { id, x, y }); }

  /** A chart's keyboard read-out `index` (www/keyboard.js). */
  hitAt(id, index) { return this.call('hitAt', { id, index }); }

  close() {
    this.fail(this.words().engineDied);
    this.worker.terminate();
  }
}

export class RareclassDemo extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.engine = null;
    this.started = false;
    this.result = null;
    this.busy = false;   // a view is being drawn
    this.dirty = false;  // another was asked for meanwhile
    this.views = 0;
    this.onTheme = () => this.applyTheme();
    this.onLang = () => this.applyLang();
  }

  /** The element's language: its own `lang`, else the nearest ancestor's (the page's <html lang>), as HTML inherits it: 'en' or 'zh'. */
  get langCode() { return langOf(this.closest('[lang]')?.getAttribute('lang')); }
  /** The element's words (www/strings.js's DEMO table in its language). */
  get S() { return tablesFor(this.langCode).DEMO; }
  /** Its screen-reader words (A11Y) in its language. */
  get A11Y() { return tablesFor(this.langCode).A11Y; }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.shadowRoot.adoptedStyleSheets = [styles()];
    this.build();
    this.applyTheme();
    darkQuery.addEventListener('change', this.onTheme);
    this.pageTheme = new MutationObserver(this.onTheme);
    this.pageTheme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    // Its language follows its own `lang` or the page's (rareclass's switch sets <html lang>).
    this.shownLang = this.langCode;
    this.langWatch = new MutationObserver(this.onLang);
    this.langWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.langWatch.observe(this, { attributes: true, attributeFilter: ['lang'] });
    this.run().catch((e) => this.showError(e.message ?? String(e)));
  }

  disconnectedCallback() {
    darkQuery.removeEventListener('change', this.onTheme);
    this.pageTheme?.disconnect();
    this.langWatch?.disconnect();
    this.resize?.disconnect();
    this.engine?.close();
    this.engine = null;
    this.started = false;
  }

  /** The attribute `name`, trimmed, or `fallback` when absent or empty. */
  attr(name, fallback = '') {
    const v = (this.getAttribute(name) ?? '').trim();
    return v === '' ? fallback : v;
  }

  build() {
    const $ = (props, tag = 'p') => el(tag, props);
    this.parts = {
      status: $({ className: 'status', role: 'status' }),
      error: $({ className: 'error', role: 'alert', hidden: true }, 'div'),
      title: $({ className: 'title' }),
      facts: $({ className: 'facts' }),
      aucs: $({ className: 'aucs' }),
      slider: el('input', { type: 'range', min: '0', max: '1', step: '0.01', value: '0.5', id: 'threshold' }),
      value: el('output', { htmlFor: 'threshold' }),
      cm: $({ className: 'cm', 'aria-live': 'polite' }),
      tip: el('div', { className: 'tip', hidden: true }),
      // The keyboard read-outs' live region and keys' hint, in this shadow root (ids are scoped to it).
      live: el('p', { className: 'readout sr-only', 'aria-live': 'polite' }),
      keys: el('p', { className: 'sr-only', id: 'keys', text: this.A11Y.chartKeys }),
    };
    const p = this.parts;
    this.charts = new Map();
    const grid = el('div', { className: 'charts' });
    for (const id of CHARTS) {
      const canvas = el('canvas', { width: 1, height: 1, role: 'img', 'aria-label': this.S.charts[id] });
      const figure = el('figure', { className: `chart ${id}` }, canvas);
      grid.append(figure);
      this.charts.set(id, { figure, canvas });
      if (id !== 'confusion') this.hookHover(id, canvas);
      keyboardReadout(canvas, {
        ask: (index) => this.engine?.hitAt(id, index) ?? null,
        show: (point) => this.showTip(canvas, point.label, point.x, point.y),
        live: p.live, hintId: 'keys',
      });
      canvas.addEventListener('blur', () => { p.tip.hidden = true; });
    }
    p.result = el('div', { className: 'result', hidden: true },
      p.title, p.facts, p.aucs, grid,
      el('div', { className: 'threshold' }, p.thresholdLabel = el('label', { htmlFor: 'threshold', text: this.S.threshold }), p.slider, p.value),
      p.cm);
    const box = el('section', { className: 'box', 'aria-label': this.S.region(fileName(this.attr('src', '?'))) }, p.status, p.error, p.result, p.tip, p.live, p.keys);
    this.shadowRoot.replaceChildren(box);
    p.slider.addEventListener('input', () => this.requestView());
    this.resize = new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.requestView(), 60);
    });
    this.resize.observe(grid);
  }

  /** Another language: the element's words again, and its result and charts in it. */
  applyLang() {
    if (this.langCode === this.shownLang || !this.parts) return;
    this.shownLang = this.langCode;
    const p = this.parts;
    p.keys.textContent = this.A11Y.chartKeys;
    for (const [id, c] of this.charts) c.canvas.setAttribute('aria-label', this.S.charts[id]);
    p.thresholdLabel.textContent = this.S.threshold;
    this.shadowRoot.querySelector('.box').setAttribute('aria-label', this.S.region(fileName(this.attr('src', '?'))));
    if (this.shown) this.showResult(...this.shown, true);
  }

  applyTheme() {
    // The element's own `theme`, else the page's (<html data-theme>, as
    // rareclass's theme switch sets it), else the reader's system.
    const theme = this.attr('theme') || document.documentElement.dataset.theme;
    const dark = theme === 'dark' || (theme !== 'light' && darkQuery.matches);
    this.dataset.theme = dark ? 'dark' : 'light';
    this.requestView();
  }

  setState(state, status = '') {
    this.dataset.state = state;
    this.parts.status.textContent = status;
    this.parts.status.hidden = !status;
  }

  showError(message) {
    const p = this.parts;
    p.error.replaceChildren(el('strong', { text: this.S.errorTitle }), el('span', { text: message }));
    p.error.hidden = false;
    p.result.hidden = true;
    this.setState('error');
    this.dataset.error = message;
    this.engine?.close();
    this.engine = null;
  }

  async run() {
    const src = this.attr('src');
    if (!src) throw new Error(this.S.noSrc);
    const file = fileName(src);
    const kind = this.attr('model', 'logistic');
    const modelName = () => this.S.modelNames[kind] ?? kind;
    this.setState('loading', this.S.loading(src));
    this.engine = new Engine(() => this.showError(this.S.engineDied), () => this.S);
    for (const [id, c] of this.charts) handCanvas(this.engine.worker, id, c.canvas);
    // The file and the engine arrive in parallel.
    const url = new URL(src, document.baseURI);
    const bytesP = fetchBytes(url, this.S).catch((e) => { throw new Error(this.S.fetchFailed(src, e.message)); });
    const readyP = this.engine.ready.catch((e) => { throw new Error(this.S.engineFailed(e.message)); });
    const [bytes] = await Promise.all([bytesP, readyP]);
    let summary;
    try {
      summary = await this.engine.read(bytes);
    } catch (e) {
      throw new Error(this.S.readFailed(e.message));
    }
    const names = summary.columns.map((c) => c.name);
    const listed = names.map((n) => `"${n}"`).join(', ');
    const label = this.attr('label');
    if (!label) throw new Error(this.S.noLabel(listed));
    if (!names.includes(label)) throw new Error(this.S.badLabel(label, listed));
    let spec;
    try {
      spec = await this.engine.modelSpec(kind, this.attr('settings'));
    } catch (e) {
      throw new Error(this.S.badModel(e.message));
    }
    const positive = this.attr('positive');
    const seed = Math.max(0, Math.floor(Number(this.attr('seed', '42'))) || 0);
    this.setState('training', this.S.training(modelName(), file));
    const config = { label, positive: positive ? { value: positive } : 'minority', seed, models: [spec] };
    let result;
    try {
      result = await this.engine.train(config, (m) => {
        if (m.message) this.parts.status.textContent = this.S.trainingAt(modelName(), file, progressText(m, tablesFor(this.langCode)));
      });
    } catch (e) {
      throw new Error(this.S.trainFailed(e.message));
    }
    this.showResult(result, { file, modelName });
  }

  showResult(result, { file, modelName }, again = false) {
    this.shown = [result, { file, modelName }]; // shown again in another language
    const { report, added } = result;
    const p = this.parts;
    this.result = { series: added.series[added.series.length - 1] };
    const model = report.models[report.models.length - 1];
    const test = model.test ?? model.train;
    const fmt = (x) => (x === null || x === undefined ? '–' : fix3.format(x));
    p.title.textContent = this.S.title(modelName(), file);
    p.facts.textContent = this.S.facts(report.data.label, report.data.positive_class, int.format(report.split.test), int.format(report.split.test_positives));
    p.aucs.textContent = this.S.aucs(fmt(test?.roc_auc), fmt(test?.pr_auc));
    const t = Number(this.attr('threshold', String(report.config.threshold ?? 0.5)));
    if (!again) p.slider.value = String(Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5);
    p.result.hidden = false;
    this.setState('ready');
    this.requestView();
  }

  /** Draws the three charts and the counts at the slider's threshold (one view at a time). */
  requestView() {
    if (!this.result || !this.engine) return;
    const p = this.parts;
    const threshold = Number(p.slider.value);
    p.value.textContent = fix2.format(threshold);
    if (this.busy) { this.dirty = true; return; }
    this.busy = true;
    this.dirty = false;
    const dark = this.dataset.theme === 'dark';
    const dpr = devicePixelRatio || 1;
    const st = { series: this.result.series, part: 'test', threshold };
    const list = [];
    for (const [id, c] of this.charts) {
      const { width, height } = fitCanvas(c.figure, c.canvas, { ratio: id === 'confusion' ? 0.75 : 0.9, min: 200, max: 360, square: id === 'roc' });
      list.push({ id, dpr, request: { kind: id, width, height, dark, lang: this.langCode, ...st } });
    }
    this.engine.view(list, st).then((m) => {
      this.busy = false;
      const errs = Object.values(m.errors ?? {});
      if (errs.length) { this.showError(errs.join(' ')); return; }
      const e = m.evaluation;
      if (e) {
        p.cm.textContent = this.S.cmLine(int.format(e.tp), int.format(e.fp), int.format(e.tn), int.format(e.fn));
        Object.assign(p.cm.dataset, { tp: e.tp, fp: e.fp, tn: e.tn, fn: e.fn, threshold: String(threshold) });
      }
      this.dataset.view = String(++this.views);
      if (this.dirty) this.requestView();
    }, () => { this.busy = false; });
  }

  hookHover(id, canvas) {
    let asking = false;
    canvas.addEventListener('pointermove', async (e) => {
      if (asking || !this.result || !this.engine) return;
      asking = true;
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left, y = e.clientY - r.top;
      try {
        this.showTip(canvas, await this.engine.hover(id, x, y), x, y);
      } catch { /* no read-out is not an error */ } finally {
        asking = false;
      }
    });
    canvas.addEventListener('pointerleave', () => { this.parts.tip.hidden = true; });
  }

  /** Shows `text` (none: hides) beside the point (`x`, `y`) CSS px of `canvas`. */
  showTip(canvas, text, x, y) {
    const tip = this.parts.tip;
    if (!text) { tip.hidden = true; return; }
    const box = this.shadowRoot.querySelector('.box').getBoundingClientRect();
    const r = canvas.getBoundingClientRect();
    tip.textContent = text;
    tip.hidden = false;
    // Right of the point, or left of it when it would leave the box.
    const at = r.left - box.left + x;
    const left = at + 12 + tip.offsetWidth > box.width ? at - 12 - tip.offsetWidth : at + 12;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${r.top - box.top + y + 12}px`;
  }

}

// Once per page, whichever script imports this module first.
if (!customElements.get('rareclass-demo')) customElements.define('rareclass-demo', RareclassDemo);
