// The Train tab's model picker: the kind (logistic regression, neural
// network, tree, forest, boosted trees, majority baseline), the settings each kind needs,
// and the imbalance technique, turned into one `ModelSpec` object for the
// config the worker trains. `mlpSpec` is shared with the Compare tab so
// both speak the same form. Knows nothing of the worker, the data or how
// results are shown.
import { S } from './strings.js';
import { putText, relabel } from './dom.js';
import { onLang } from './i18n.js';

const $ = (id) => document.getElementById(id);

// The tutorial's network (16 relu → dropout 0.5, Adam 1e-3, early stopping
// on validation PR-AUC). Epochs, batch and patience are left empty: the
// core scales them to the training rows (MlpParams::schedule), giving the
// tutorial's 100 / 2048 / 10 on its 284k-row file and smaller batches (more
// optimiser steps) on small files, where batch 2048 gives a few Adam steps
// and a model at chance. A number typed in wins.
export const MLP_DEFAULTS = { hidden: '16', dropout: 0.5, epochs: '', batch: '', lr: 0.001, loss: 'bce', patience: '' };

const FIELDS = {
  mlp: [
    ['mlp-hidden', 'text', MLP_DEFAULTS.hidden],
    ['mlp-dropout', 'number', MLP_DEFAULTS.dropout, { min: 0, max: 0.99, step: 0.05 }],
    ['mlp-epochs', 'number', MLP_DEFAULTS.epochs, { min: 1, step: 1, placeholder: S.scaled }],
    ['mlp-batch', 'number', MLP_DEFAULTS.batch, { min: 2, step: 1, placeholder: S.scaled }],
    ['mlp-lr', 'number', MLP_DEFAULTS.lr, { min: 0.00001, step: 'any' }],
    ['mlp-loss', 'select', MLP_DEFAULTS.loss],
    ['mlp-patience', 'number', MLP_DEFAULTS.patience, { min: 0, step: 1, placeholder: S.scaled }],
  ],
  tree: [['tree-depth', 'number', 5, { min: 1, step: 1 }]],
  forest: [['forest-trees', 'number', 100, { min: 1, step: 1 }], ['forest-depth', 'number', '', { min: 1, step: 1 }]],
  // Boosted trees: the core's defaults (ValidGbdt: 300 rounds, rate 0.05,
  // 31 leaves, early stopping on validation AP) shown as the fields' values.
  gbdt: [
    ['gbdt-rounds', 'number', 300, { min: 1, step: 1 }],
    ['gbdt-rate', 'number', 0.05, { min: 0.001, max: 1, step: 'any' }],
    ['gbdt-leaves', 'number', 31, { min: 2, step: 1 }],
  ],
};

/** Each field's glossary term (www/glossary_terms.js). */
const TERMS_OF = {
  'mlp-hidden': 'mlp-hidden', 'mlp-dropout': 'dropout', 'mlp-epochs': 'epochs', 'mlp-batch': 'batch', 'mlp-lr': 'learning_rate',
  'mlp-loss': 'loss', 'mlp-patience': 'patience', 'tree-depth': 'max_depth', 'forest-trees': 'n_trees', 'forest-depth': 'max_depth',
  'gbdt-rounds': 'rounds', 'gbdt-rate': 'learning_rate', 'gbdt-leaves': 'leaves',
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

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') putText(e, v); else e[k] = v;
  }
  e.append(...children);
  return e;
}

/** A loss by its picker value: "bce", "focal" (γ 2, α 0.25, Lin et al.) or "soft_f1". */
export function lossOf(name) {
  if (name === 'focal') return { focal: { gamma: 2, alpha: 0.25 } };
  return name === 'soft_f1' ? 'soft_f1' : 'bce';
}

/** A whole number from a field, or null when it is empty (= scaled to the rows). */
const sizeOf = (v) => (String(v ?? '').trim() === '' ? null : Math.floor(Number(v)));

/**
 * A neural-network spec: `s` = {hidden: "16" or "64,32", dropout, epochs,
 * batch, lr, loss, patience (0 = no early stopping)}, epochs / batch /
 * patience empty = scaled to the training rows; `imbalance` one of
 * TECHNIQUES.mlp; `name` optional.
 */
export function mlpSpec(s, imbalance, name) {
  const hidden = String(s.hidden).split(',').map((w) => w.trim()).filter(Boolean)
    .map((w) => ({ units: Math.max(1, Math.floor(Number(w)) || 0), dropout: Number(s.dropout) }));
  const params = {
    hidden,
    epochs: sizeOf(s.epochs),
    batch_size: sizeOf(s.batch),
    learning_rate: Number(s.lr),
    loss: lossOf(s.loss),
    early_stopping: sizeOf(s.patience) === 0 ? null : { patience: sizeOf(s.patience) },
  };
  if (imbalance === 'balanced') params.class_weight = 'balanced';
  if (imbalance === 'balanced_batches') params.batches = { balanced: { steps_per_epoch: null } };
  const spec = { kind: 'mlp', params, resampling: resampling(imbalance) };
  if (name) spec.name = name;
  return spec;
}

function resampling(imbalance) {
  if (imbalance === 'oversample') return { method: 'oversample' };
  if (imbalance === 'undersample') return { method: 'undersample' };
  if (imbalance === 'smote') return { method: 'smote', k: 5 };
  return { method: 'none' };
}

/** Builds the settings fields of every kind into #model-settings and the kind picker. */
export function initModels(onChange) {
  const kind = $('model-kind');
  kind.replaceChildren(...Object.entries(S.modelKinds).map(([k, v]) => el('option', { value: k, text: v })));
  kind.value = 'logistic';
  const box = $('model-settings');
  for (const [k, fields] of Object.entries(FIELDS)) {
    const group = el('div', { className: 'model-fields' });
    group.dataset.models = k;
    for (const [id, type, value, attrs] of fields) {
      let input;
      if (type === 'select') {
        input = el('select', { id });
        input.replaceChildren(...Object.entries(S.losses).map(([v, t]) => el('option', { value: v, text: t })));
        input.value = value;
      } else {
        input = el('input', { id, type, value: String(value) });
        for (const [a, v] of Object.entries(attrs ?? {})) input.setAttribute(a, String(v));
      }
      input.addEventListener('change', onChange);
      const field = el('div', { className: 'field' }, el('label', { htmlFor: id, text: () => S.modelFields[id] }), input);
      field.dataset.term = TERMS_OF[id]; // its ⓘ (www/glossary.js)
      group.append(field);
    }
    box.append(group);
  }
  kind.addEventListener('change', () => { showKind(); onChange(); });
  showKind();
  // Another language: the menus' words (the field labels follow by themselves).
  onLang(() => {
    relabel(kind, S.modelKinds);
    for (const [id, type] of Object.values(FIELDS).flat()) {
      if (type === 'select') relabel($(id), S.losses);
      else if ($(id).hasAttribute('placeholder')) $(id).setAttribute('placeholder', S.scaled);
    }
  });
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

/** The chosen kind and its fields' values as written, for the settings link. */
export function modelSettings() {
  const kind = $('model-kind').value;
  return { kind, fields: (FIELDS[kind] ?? []).map(([id]) => [id, $(id).value]) };
}

/**
 * Sets the kind and fields a link names (checked by rareclass::link: known
 * kind, each field of that kind, in range); the imbalance menu follows the kind.
 */
export function applyModelSettings(kind, fields) {
  if (kind !== undefined) { $('model-kind').value = kind; showKind(); }
  for (const [id, value] of Object.entries(fields ?? {})) {
    const input = $(id);
    if (input) input.value = value;
  }
}

/** The spec the Train tab's controls describe. */
export function modelSpec() {
  const k = $('model-kind').value;
  const imbalance = $('weight').value;
  const v = (id) => $(id).value;
  switch (k) {
    case 'mlp':
      return mlpSpec({
        hidden: v('mlp-hidden'), dropout: v('mlp-dropout'), epochs: v('mlp-epochs'), batch: v('mlp-batch'),
        lr: v('mlp-lr'), loss: v('mlp-loss'), patience: v('mlp-patience'),
      }, imbalance);
    case 'tree':
      return { kind: 'tree', params: { max_depth: Math.floor(Number(v('tree-depth'))) || null, class_weight: weightOf(imbalance) }, resampling: resampling(imbalance) };
    case 'forest':
      return {
        kind: 'forest',
        params: { n_trees: Math.floor(Number(v('forest-trees'))), max_depth: Math.floor(Number(v('forest-depth'))) || null, class_weight: weightOf(imbalance) },
        resampling: resampling(imbalance),
      };
    case 'gbdt':
      return {
        kind: 'gbdt',
        params: {
          n_rounds: Math.floor(Number(v('gbdt-rounds'))),
          learning_rate: Number(v('gbdt-rate')),
          max_leaves: Math.floor(Number(v('gbdt-leaves'))),
          class_weight: weightOf(imbalance),
        },
        resampling: resampling(imbalance),
      };
    case 'majority':
      return { kind: 'majority' };
    default:
      return { kind: 'logistic', c: Number($('c').value), class_weight: weightOf(imbalance), resampling: resampling(imbalance) };
  }
}

function weightOf(imbalance) { return imbalance === 'balanced' ? 'balanced' : 'none'; }
