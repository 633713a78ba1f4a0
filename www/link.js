// The shareable link: the settings live in the URL fragment, not the data,
// as readable key=value pairs, e.g.
// #label=Class&positive=bad&c=0.5&weight=balanced&split=64,16,20&seed=7&drop=a,b,
// and for another kind than logistic regression its fields:
// &model=mlp&mlp-hidden=16&mlp-epochs=30, and every other setting changed
// from the core's default ("All settings"), one each:
// &set.subsample=0.8&set.lambda=1. The worker reads and range-checks
// them (rareclass::link, fuzzed); this module applies them to the demo's
// first summary, checks the names against the data, and writes the current
// settings back. All of its state is the one `state` object.
import { S } from './strings.js';
import { $, showError } from './dom.js';
import { ask } from './engine_client.js';
import { isGone } from './rpc.js';
import { modelSettings, applyModelSettings, applySettingPairs } from './models.js';
import { summary } from './data_summary.js';
import { readConfig } from './train.js';

const state = {
  settings: null,       // settings read from the URL fragment, applied to the demo's first summary
  wantedPositive: null, // a link's positive class, applied when the label's values arrive
};

/** Asks the worker to read the fragment's settings for the demo's first run (before the demo's chunks). */
export function initLink() {
  ask('parseLink', { hash: location.hash }).then((settings) => onLink({ settings }),
    (e) => { if (!isGone(e)) onLink({ error: e.message }); });
}

/** The worker's reading of the fragment: settings for the demo's first summary, or the reason none. */
function onLink(m) {
  if (m.error !== undefined) { state.settings = null; linkError(m.error); return; }
  state.settings = m.settings && Object.fromEntries(Object.entries(m.settings).filter(([, v]) => v !== null));
}

function linkError(why) {
  showError('link-error', S.badLink(why));
}

/** The link's settings, once (the first summary takes them). */
export function takeLinkSettings() {
  const settings = state.settings;
  state.settings = null;
  return settings;
}

/** True while a link's positive class waits for the label's values (a demo run waits for it). */
export const waitingForPositive = () => state.wantedPositive !== null;

/** Applies a link's settings to the controls; on a name the data lacks, says so and keeps the defaults. */
export function applySettings(st, cols) {
  const names = new Set(cols.map((c) => c.name));
  const missing = [st.label, ...(st.drop ?? [])].find((n) => n !== undefined && !names.has(n));
  if (missing !== undefined) {
    linkError(S.linkWhy.column(st.label === missing ? 'label' : 'drop', missing));
    return;
  }
  if (st.label !== undefined) $('label-col').value = st.label;
  // The kind first: it decides which imbalance techniques the menu offers.
  applyModelSettings(st.model, st.fields, st.set).then(updateFragment);
  if (st.c !== undefined) $('c').value = String(st.c);
  if (st.weight !== undefined) $('weight').value = st.weight;
  if (st.seed !== undefined) $('seed').value = String(Math.floor(st.seed));
  if (st.split) [$('split-train').value, $('split-val').value, $('split-test').value] = st.split.map(String);
  if (st.drop) {
    for (const tr of document.querySelectorAll('#columns tbody tr')) {
      if (st.drop.includes(tr.dataset.column)) tr.querySelector('.use').checked = false;
    }
  }
  if (st.positive !== undefined) state.wantedPositive = st.positive;
  applySettingPairs([]); // the model's spec from every control the link set
}

/**
 * Selects the link's positive class in `sel` once the label's `values`
 * arrived (or says the data lacks it); true if a link asked for one.
 */
export function applyWantedPositive(sel, values) {
  const wanted = state.wantedPositive;
  if (wanted === null) return false;
  if (values.some(([v]) => v === wanted)) sel.value = wanted;
  else linkError(S.linkWhy.positive(wanted));
  state.wantedPositive = null;
  return true;
}

/** Writes the current settings into the fragment (no new history entry). */
export function updateFragment() {
  if (!summary() || !$('label-col').value) return;
  const cfg = readConfig();
  const enc = (v) => encodeURIComponent(v).replace(/%2C/g, ',');
  const pairs = [
    ['label', cfg.label],
    ...($('positive').value ? [['positive', $('positive').value]] : []),
    ['c', $('c').value],
    ['weight', $('weight').value],
    ['split', [$('split-train').value, $('split-val').value, $('split-test').value].join(',')],
    ['seed', String(cfg.seed)],
    ...(cfg.pipeline.drop.length ? [['drop', cfg.pipeline.drop.join(',')]] : []),
  ];
  // The model kind and every field it has, so a shared link trains the same model.
  const model = modelSettings();
  if (model.kind !== 'logistic') pairs.push(['model', model.kind], ...model.fields);
  // Every other setting changed from the core's default, one `set.KEY=VALUE` each.
  pairs.push(...model.set.map(([k, v]) => [`set.${k}`, v]));
  const hash = '#' + pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&');
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

/** Every Train-tab setting that is in the link rewrites it when changed. */
export function initLinkControls() {
  for (const id of ['label-col', 'positive', 'c', 'weight', 'split-train', 'split-val', 'split-test', 'seed']) {
    $(id).addEventListener('change', updateFragment);
  }
  $('columns').addEventListener('change', updateFragment);
}
