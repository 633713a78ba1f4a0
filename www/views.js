// The result views under the Train tab's charts: reliability curve with the
// Brier decomposition, cumulative gain and lift with the top 1 / 5 / 10 %,
// permutation importance and (logistic regression) standardised
// coefficients. Builds their figures with a short caption each and a bins
// control; the charts themselves are painted by the worker like every other
// results chart (www/train_results.js registers the canvases), and the caption numbers
// come from the worker's `resultViews` answer. Computes nothing: every
// number is Rust's (src/app/views.rs).

import { VIEWS as V, LOCALE } from './strings.js';
import { onLang } from './i18n.js';
import { el } from './dom.js';

/** The view charts, in page order (ids = the chart kinds of src/chart/views.rs). */
export const VIEW_CHARTS = ['calibration', 'gain', 'lift', 'importance', 'coefficients'];

const fix1 = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
// Shares as the rest of the page writes them: "5.2 %".
const pct = { format: (v) => (Number.isFinite(v) ? `${fix1.format(100 * v)} %` : '—') };
const fix2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
const fix4 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
const count = new Intl.NumberFormat(LOCALE);

const state = {
  captions: new Map(), // id -> the <figcaption> under its chart
  figures: new Map(),  // id -> <figure>
  binsSelect: null,         // the reliability bins picker
};

/**
 * Adds the views' section after `after` (the results' chart grid): a
 * heading, the reliability-bins picker and one figure per view. `register(id,
 * figure, canvas, tools)` hands each to the page's chart machinery (painting,
 * hover, Save PNG); `changed()` is called when the bins change.
 */
export function buildViews(after, register, changed) {
  const grid = el('div', { className: 'charts', id: 'view-charts' });
  state.binsSelect = el('select', { id: 'view-bins' },
    ...Object.entries(V.bins).map(([value, text]) => el('option', { value, text })));
  state.binsSelect.addEventListener('change', changed);
  const heading = el('h3', { id: 'views-heading', text: V.heading });
  const binsLabel = el('label', { htmlFor: 'view-bins', text: V.binsLabel });
  const head = el('div', { className: 'views-head' },
    heading, el('span', { className: 'field inline', 'data-term': 'calibration_bins' }, binsLabel, state.binsSelect));
  // Another language: these words again (the captions come with the next view).
  onLang(() => {
    heading.textContent = V.heading;
    binsLabel.textContent = V.binsLabel;
    for (const o of state.binsSelect.options) o.textContent = V.bins[o.value];
  });
  const section = el('section', { id: 'views', className: 'views', 'aria-labelledby': 'views-heading' }, head, grid);
  after.after(section);
  for (const id of VIEW_CHARTS) {
    const canvas = el('canvas');
    const tools = el('div', { className: 'chart-tools' });
    const caption = el('figcaption', { className: 'view-caption muted', id: `view-caption-${id}` });
    const figure = el('figure', { className: 'chart', id: `chart-${id}` }, canvas, tools, caption);
    figure.dataset.term = `chart.${id}`; // its ⓘ (www/glossary.js)
    grid.append(figure);
    state.captions.set(id, caption);
    state.figures.set(id, figure);
    register(id, figure, canvas, tools);
  }
}

/** The extra request fields of view chart `id` (the reliability bins). */
export function viewRequest(id) {
  if (id !== 'calibration' || !state.binsSelect) return {};
  const [strategy, bins] = state.binsSelect.value.split('-');
  return { calibration_strategy: strategy, calibration_bins: Number(bins) };
}

/** What the worker's `resultViews` call needs for the run and rows shown. */
export function viewsAsk({ series, part }) {
  const { calibration_strategy: strategy, calibration_bins: bins } = viewRequest('calibration');
  return { series, part, bins: bins ?? 10, strategy: strategy ?? 'uniform' };
}

function say(id, text, data = {}) {
  const c = state.captions.get(id);
  if (!c) return;
  c.textContent = text;
  for (const k of Object.keys(c.dataset)) delete c.dataset[k];
  Object.assign(c.dataset, data);
}

/**
 * Writes each view's caption from `v` (a `ResultViews`), or `error` when
 * the views could not be made; hides the coefficients for models without.
 */
export function showViews(v, error) {
  if (!state.captions.size) return;
  if (!v) {
    for (const id of VIEW_CHARTS) say(id, error ? V.failed(error) : '');
    return;
  }
  const p = v.part;
  const b = p.brier;
  say('calibration', b ? V.calibration(fix4.format(b.brier), fix4.format(b.reliability), fix4.format(b.resolution), fix4.format(b.uncertainty), V.parts[p.part] ?? p.part)
    : (p.calibration_note ?? ''), b ? { brier: String(b.brier) } : {});
  const top = Object.fromEntries(p.top.map((t) => [Math.round(t.top * 100), t]));
  if (top[1]) {
    say('gain', V.gain(pct.format(top[1].gain), pct.format(top[5]?.gain ?? NaN), pct.format(top[10]?.gain ?? NaN)),
      { gain1: String(top[1].gain) });
    say('lift', V.lift(fix2.format(top[1].lift), fix2.format(top[5]?.lift ?? NaN), fix2.format(top[10]?.lift ?? NaN), pct.format(p.positive_rate)),
      { lift1: String(top[1].lift) });
  } else {
    say('gain', V.noPositives);
    say('lift', V.noPositives);
  }
  const ins = v.inspection;
  const imp = ins?.importance;
  if (imp) {
    const metric = V.metrics[imp.scoring] ?? imp.scoring;
    const why = ins.scoring_by_default ? V.because(imp.scoring, pct.format(ins.positive_rate)) : '';
    say('importance', V.importance(metric, count.format(imp.rows), imp.n_repeats, why), { scoring: imp.sklearn_scoring });
  } else {
    say('importance', ins?.importance_note ?? V.noImportance);
  }
  const coefs = ins?.coefficients;
  state.figures.get('coefficients').hidden = !coefs;
  if (coefs) say('coefficients', V.coefficients);
}
