// The Train tab's model picker: the kind (logistic regression, neural
// network, tree, forest, boosted trees, majority baseline), its usual
// fields, "All settings" (every other setting the kind has), and the
// imbalance technique, turned into one `ModelSpec` by the core. Every
// default and every choice comes from the core (the worker's
// `modelSettings`, read off each kind's default spec in
// src/model_settings.rs); none is typed here. The spec a run trains is the
// worker's `modelSpecOf(kind, settings)` of the usual fields and the
// settings changed in "All settings", so a bad value is refused by Rust with
// its reason, shown once under the form, and nothing runs. Knows nothing of
// the data or how results are shown. All of its state is the one `state`
// object.
import { S } from './strings.js';
import { $, el, putText, relabel, showError } from './dom.js';
import { onLang } from './i18n.js';
import { ask } from './engine_client.js';
import { isGone } from './rpc.js';

/**
 * Each kind's usual fields: [page field id, the setting key it sets]. Their
 * values start at the core's defaults; "All settings" lists the kind's other
 * keys. Logistic regression's C is the #c field, the imbalance technique #weight.
 */
const FIELDS = {
  logistic: [['c', 'C']],
  mlp: [
    ['mlp-hidden', 'hidden'], ['mlp-dropout', 'dropout'], ['mlp-epochs', 'epochs'], ['mlp-batch', 'batch_size'],
    ['mlp-lr', 'learning_rate'], ['mlp-loss', 'loss'], ['mlp-patience', 'early_stopping.patience'],
  ],
  tree: [['tree-depth', 'max_depth']],
  forest: [['forest-trees', 'n_trees'], ['forest-depth', 'max_depth']],
  gbdt: [['gbdt-rounds', 'n_rounds'], ['gbdt-rate', 'learning_rate'], ['gbdt-leaves', 'max_leaves']],
  majority: [],
};

/** The MLP's fields left empty mean "scaled to the rows" (their placeholder says so). */
const SCALED = new Set(['mlp-epochs', 'mlp-batch', 'mlp-patience']);

/** Each usual field's glossary term (www/glossary_terms.js). */
const TERMS_OF = {
  'mlp-hidden': 'mlp-hidden', 'mlp-dropout': 'dropout', 'mlp-epochs': 'epochs', 'mlp-batch': 'batch', 'mlp-lr': 'learning_rate',
  'mlp-loss': 'loss', 'mlp-patience': 'patience', 'tree-depth': 'max_depth', 'forest-trees': 'n_trees', 'forest-depth': 'max_depth',
  'gbdt-rounds': 'rounds', 'gbdt-rate': 'learning_rate', 'gbdt-leaves': 'leaves',
};

/** "All settings": each key's glossary term, where it is not the key itself. */
const SETTING_TERMS = {
  C: 'c', batch_size: 'batch', n_rounds: 'rounds', max_leaves: 'leaves', hidden: 'mlp-hidden', batches: 'balanced_batches',
  'batches.balanced.steps_per_epoch': 'steps_per_epoch', early_stopping: 'early_stopping', 'early_stopping.monitor': 'early_stopping',
  'early_stopping.patience': 'patience', 'early_stopping.restore_best': 'restore_best', 'loss.focal.gamma': 'focal',
  'loss.focal.alpha': 'focal', resampling: 'imbalance', 'resampling.k': 'smote',
  name: 'model_name', 'resampling.ratio': 'resampling_ratio',
  // Boosted trees' own: their lambda is an L2 on leaf values (not the
  // transfer tab's λ), their patience counts rounds.
  'gbdt:lambda': 'gbdt_lambda', 'gbdt:patience': 'gbdt_patience', 'gbdt:early_stopping': 'gbdt_early_stopping',
};

/** Imbalance techniques each kind can use (balanced batches need minibatches). */
const TECHNIQUES = {
  logistic: ['none', 'balanced', 'oversample', 'undersample', 'smote'],
  mlp: ['none', 'balanced', 'oversample', 'undersample', 'smote', 'balanced_batches'],
  tree: ['none', 'balanced', 'oversample', 'undersample', 'smote'],
  forest: ['none', 'balanced', 'oversample', 'undersample', 'smote'],
  gbdt: ['none', 'balanced', 'oversample', 'undersample', 'smote'],
  majority: ['none'],
};

/** `imbalance=` words the core takes, by the #weight menu's value. */
const IMBALANCE_OF_MENU = { balanced: 'class-weight', balanced_batches: 'balanced-batches' };
const MENU_OF_IMBALANCE = { 'class-weight': 'balanced', balanced: 'balanced', 'balanced-batches': 'balanced_batches', balanced_batches: 'balanced_batches' };

const state = {
  listing: null,   // {kind: [{key, value, form, choices, open, optional}]}: the core's settings and defaults
  listed: null,    // promise of the listing
  onChange: null,  // called after any model control changed
  spec: null,      // the spec the controls describe, as the core made it (null while asked, or refused)
  error: null,     // the core's reason for refusing the controls' settings
  asking: null,    // promise of the spec being made
  pending: false,  // a spec request is unanswered
  seq: 0,          // the latest spec request (an older answer is dropped)
};

/** The field of a setting in "All settings" (`kind`'s group). */
const settingId = (kind, key) => `set-${kind}-${key}`;

/** The field of a setting of the core's listing `s`, showing its default: [input or select, its datalist or nothing]. */
function settingInput(id, s) {
  if (s.form === 'bool' || (s.form === 'choice' && !s.open)) {
    const words = s.form === 'bool' ? ['true', 'false'] : s.choices;
    const select = el('select', { id, data: { key: s.key, default: s.value } }, ...words.map((w) => el('option', { value: w, text: w })));
    select.value = s.value;
    return [select];
  }
  const numeric = s.form === 'number' || s.form === 'integer';
  const input = el('input', { id, type: numeric ? 'number' : 'text', value: s.value, data: { key: s.key, default: s.value } });
  if (numeric) input.step = s.form === 'integer' ? '1' : 'any';
  if (s.optional) input.placeholder = S.allSettings.none;
  if (s.form !== 'choice') return [input];
  // An open choice also takes JSON ({"custom": …}): a text field that suggests the words.
  const list = el('datalist', { id: `${id}-choices` }, ...s.choices.map((w) => el('option', { value: w })));
  input.setAttribute('list', list.id);
  return [input, list];
}

/** The core's listing of kind `kind`. */
const listingOf = (kind) => state.listing?.[kind] ?? [];

/** The keys the usual fields (and the imbalance menu) set: "All settings" leaves them out. */
function usualKeys(kind) {
  return new Set([...FIELDS[kind].map(([, key]) => key), 'imbalance']);
}

/** Builds the kind picker, the usual fields and "All settings" once the core listed every kind's settings. */
function buildFields(listing) {
  if (state.listing) return; // built once; a second answer (asked again meanwhile) is the same
  state.listing = listing;
  const box = $('model-settings');
  const all = el('details', { id: 'all-settings', className: 'all-settings' },
    el('summary', { text: () => S.allSettings.summary }),
    el('p', { className: 'muted', text: () => S.allSettings.note }));
  for (const [kind, fields] of Object.entries(FIELDS)) {
    const group = el('div', { className: 'model-fields', data: { models: kind } });
    for (const [id, key] of fields) {
      const s = listingOf(kind).find((x) => x.key === key);
      if (id === 'c') { if (s) $('c').value = s.value; continue; } // #c is in the page already
      let input;
      if (id === 'mlp-loss') {
        input = el('select', { id }, ...Object.entries(S.losses).map(([v, t]) => el('option', { value: v, text: t })));
        input.value = s?.value ?? 'bce';
      } else {
        input = el('input', { id, type: s && s.form !== 'number' && s.form !== 'integer' ? 'text' : 'number', value: s?.value ?? '' });
        if (input.type === 'number') input.step = s?.form === 'integer' ? '1' : 'any';
        if (SCALED.has(id)) input.placeholder = S.scaled;
        else if (s?.optional) input.placeholder = S.allSettings.none;
      }
      input.addEventListener('change', changed);
      group.append(el('div', { className: 'field', data: { term: TERMS_OF[id] } },
        el('label', { htmlFor: id, text: () => S.modelFields[id] }), input));
    }
    box.append(group);
    const more = el('div', { className: 'model-fields all-settings-fields', data: { models: kind } });
    const usual = usualKeys(kind);
    for (const s of listingOf(kind).filter((x) => !usual.has(x.key))) {
      const id = settingId(kind, s.key);
      const [input, ...list] = settingInput(id, s);
      input.addEventListener('change', changed);
      const label = el('label', { htmlFor: id }, el('code', { text: s.key }));
      more.append(el('div', { className: 'field', data: { term: SETTING_TERMS[`${kind}:${s.key}`] ?? SETTING_TERMS[s.key] ?? s.key, setting: s.key } }, label, input, ...list));
    }
    all.append(more);
  }
  box.append(all, el('p', { id: 'settings-error', className: 'error', role: 'alert', hidden: true }));
  showKind();
  refreshSpec();
}

/** Builds the kind picker now and the fields once the core listed them; `onChange` follows any change. */
export function initModels(onChange) {
  state.onChange = onChange;
  const kind = $('model-kind');
  kind.replaceChildren(...Object.entries(S.modelKinds).map(([k, v]) => el('option', { value: k, text: v })));
  kind.value = 'logistic';
  kind.addEventListener('change', () => { showKind(); changed(); });
  for (const id of ['c', 'weight']) $(id).addEventListener('change', () => refreshSpec());
  showKind();
  listSettings();
  // Another language: the menus' words (the field labels follow by themselves).
  onLang(() => {
    relabel(kind, S.modelKinds);
    if ($('mlp-loss')) relabel($('mlp-loss'), S.losses);
    for (const input of document.querySelectorAll('#model-settings input[placeholder]')) {
      input.placeholder = SCALED.has(input.id) ? S.scaled : S.allSettings.none;
    }
  });
}

/** Asks the core for every kind's settings (again after a worker restart lost the question). */
function listSettings() {
  state.listed = ask('modelSettings').then(buildFields, (e) => {
    state.listed = null;
    if (!isGone(e)) showError('settings-error', e.message);
  });
  return state.listed;
}

function changed() {
  refreshSpec();
  state.onChange?.();
}

/** Shows the chosen kind's fields and the imbalance techniques it can use. */
function showKind() {
  const k = $('model-kind').value;
  for (const e of document.querySelectorAll('[data-models]')) e.hidden = !e.dataset.models.split(' ').includes(k);
  const sel = $('weight');
  const was = sel.value;
  sel.replaceChildren(...TECHNIQUES[k].map((t) => el('option', { value: t, text: S.weights[t] })));
  sel.value = TECHNIQUES[k].includes(was) ? was : 'none';
}

/** The settings of the chosen kind's controls, as `[key, value]` pairs in the order the core applies them. */
function settingPairs(kind) {
  const pairs = [];
  if (kind !== 'majority') pairs.push(['imbalance', IMBALANCE_OF_MENU[$('weight').value] ?? $('weight').value]);
  for (const [id, key] of FIELDS[kind]) {
    const input = $(id);
    if (!input) continue;
    const v = input.value.trim();
    // Patience 0: no early stopping at all.
    if (key === 'early_stopping.patience' && v === '0') pairs.push(['early_stopping', 'none']);
    else pairs.push([key, v === '' ? 'none' : v]);
  }
  return [...pairs, ...changedSettings(kind)];
}

/** The "All settings" of `kind` changed from the core's defaults, `[key, value]` in the listing's order. */
function changedSettings(kind) {
  const out = [];
  for (const input of document.querySelectorAll(`[data-models="${kind}"] [data-default]`)) {
    const v = input.value.trim();
    if (v !== input.dataset.default) out.push([input.dataset.key, v === '' ? 'none' : v]);
  }
  return out;
}

/** Asks the core for the spec the controls describe; its refusal is shown under the form. */
function refreshSpec() {
  if (!state.listing) return state.listed ?? listSettings();
  const kind = $('model-kind').value;
  const seq = ++state.seq;
  state.spec = null;
  state.pending = true;
  state.asking = ask('modelSpecOf', { kind, settings: settingPairs(kind) }).then((spec) => {
    if (seq !== state.seq) return;
    state.pending = false;
    state.spec = spec;
    state.error = null;
    showError('settings-error', '');
  }, (e) => {
    if (seq !== state.seq) return;
    state.pending = false;
    if (isGone(e)) { state.asking = null; return; } // asked again by specReady
    state.error = e.message;
    showError('settings-error', () => S.allSettings.refused(e.message));
  });
  return state.asking;
}

/**
 * Resolves to the spec the controls describe, or null after showing why the
 * core refused them (a run then does not start).
 */
export async function specReady() {
  if (!state.listing) await (state.listed ?? listSettings());
  if (!state.listing) return null;
  if (!state.asking) refreshSpec();
  await state.asking;
  if (!state.spec && !state.error) await refreshSpec();
  return state.spec;
}

/** True when the spec of the controls as they are is known (made, or refused with its reason shown). */
export const specSettled = () => state.listing !== null && state.asking !== null && !state.pending;

/** The spec the Train tab's controls describe, as the core last made it (null while asked or refused). */
export function modelSpec() {
  return state.spec;
}

/**
 * The chosen kind, its usual fields' values as written (the link's
 * `mlp-epochs=…`) and its changed "All settings" (the link's `set.KEY=…`).
 */
export function modelSettings() {
  const kind = $('model-kind').value;
  const fields = FIELDS[kind].filter(([id]) => id !== 'c' && $(id)).map(([id]) => [id, $(id).value]);
  return { kind, fields, set: changedSettings(kind) };
}

/** Puts one setting `key` = `value` (as the core takes it) into the control of the chosen kind that holds it. */
function putSetting(kind, key, value) {
  if (key === 'imbalance') {
    const menu = MENU_OF_IMBALANCE[value] ?? value;
    if (TECHNIQUES[kind].includes(menu)) $('weight').value = menu;
    return;
  }
  // Class weights none / balanced are what the imbalance menu's "none" and
  // "class weights" mean (no resampling): the menu shows them, unless it
  // holds a resampling that the weights add to.
  if (key === 'class_weight' && ['none', 'balanced'].includes(value) && ['none', 'balanced'].includes($('weight').value)
      && TECHNIQUES[kind].includes('balanced')) {
    $('weight').value = value;
    return;
  }
  const text = value === 'none' || value === 'null' ? '' : value;
  if (key === 'early_stopping' && text === '' && kind === 'mlp') { $('mlp-patience').value = '0'; return; }
  const usual = FIELDS[kind].find(([, k]) => k === key || (key === 'c' && k === 'C'));
  const input = usual ? $(usual[0]) : $(settingId(kind, key));
  if (!input) return;
  if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === text)) {
    input.append(el('option', { value: text, text }));
  }
  input.value = text;
  // A changed setting shows itself: "All settings" opens.
  if (!usual && input.dataset.default !== text && $('all-settings')) $('all-settings').open = true;
}

/**
 * Sets the kind, fields and settings a link names (checked by
 * rareclass::link: known kind, each field of that kind in range, each
 * `set.` setting accepted by the core); the imbalance menu follows the kind.
 */
export async function applyModelSettings(kind, fields, set) {
  if (kind !== undefined) { $('model-kind').value = kind; showKind(); }
  if (!state.listing) await (state.listed ?? listSettings());
  for (const [id, value] of Object.entries(fields ?? {})) {
    const input = $(id);
    if (input) input.value = value;
  }
  applySettingPairs(set ?? []);
}

/** Puts `[key, value]` settings (a grid cell's, a link's) into the chosen kind's controls and remakes the spec. */
export function applySettingPairs(pairs) {
  const kind = $('model-kind').value;
  for (const [key, value] of pairs) putSetting(kind, key, String(value));
  return refreshSpec();
}
