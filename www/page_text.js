// The page's fixed text: every heading, label and menu of index.html's
// Data, Train and Score sections set from www/strings.js (the HTML holds
// ids, not words), and again after a switch of language. Holds no state.
import { S } from './strings.js';
import { $, el, relabel, setOptions, setText } from './dom.js';
import { onLang } from './i18n.js';

export function initText() {
  writeText();
  setText('status', () => S.starting);
  setOptions($('weight'), Object.entries(S.weights));
  setOptions($('part'), Object.entries(S.parts));
  setOptions($('export-format'), Object.entries(S.exportFormats));
  onLang(() => {
    writeText();
    // The same options in the new words (the imbalance menu lists the model's techniques only).
    relabel($('weight'), S.weights);
    relabel($('part'), S.parts);
    relabel($('export-format'), S.exportFormats);
  });
}

function writeText() {
  document.title = S.title;
  const texts = {
    title: S.title, tagline: S.tagline, 'data-heading': S.dataHeading, 'file-label': S.fileLabel,
    'drop-hint': S.dropHint, demo: S.demoButton, 'summary-heading': S.summaryHeading, footer: S.footer,
    'label-heading': S.labelHeading, 'label-col-label': S.labelColumn,
    'positive-label': S.positiveClass, 'train-heading': S.trainHeading, 'model-name': S.modelName,
    'c-label': S.cLabel, 'model-kind-label': S.modelKindLabel, 'weight-label': S.weightLabel, 'split-label': S.splitLabel, 'seed-label': S.seedLabel,
    train: S.train, cancel: S.cancel, 'results-heading': S.resultsHeading, 'no-results': S.noResults,
    'series-label': S.showing, 'part-label': S.part, 'clear-runs': S.clearRuns, 'save-report': S.saveReport,
    'threshold-label': S.thresholdLabel, 'best-f1': S.bestF1, 'recall-go': S.recallAtLeast, 'precision-go': S.precisionAtLeast,
    'cost-heading': S.costHeading, 'cost-fn-label': S.costMissed, 'cost-fp-label': S.costFalse, 'cost-go': S.cheapest,
    'save-model': S.saveModel, 'export-model': S.exportModel, 'export-format-label': S.exportFormatLabel, 'score-model-heading': S.scoreModelHeading, 'model-file-label': S.modelFileLabel,
    'model-hint': S.modelHint, 'score-data-heading': S.scoreDataHeading, 'score-file-label': S.scoreFileLabel,
    'score-hint': S.scoreHint, 'score-demo': S.scoreDemo, 'scored-heading': S.scoredHeading, 'no-scored': S.noScored,
    'score-id-label': S.idColumn, 'save-predictions': S.savePredictions,
  };
  for (const [id, t] of Object.entries(texts)) setText(id, t);
  $('split-train').setAttribute('aria-label', S.splitTrain);
  $('split-val').setAttribute('aria-label', S.splitVal);
  $('split-test').setAttribute('aria-label', S.splitTest);
  $('recall-target').setAttribute('aria-label', S.recallTarget);
  $('precision-target').setAttribute('aria-label', S.precisionTarget);
  const head = document.querySelector('#columns thead tr');
  head.replaceChildren(...S.columnHeaders.map((h) => el('th', { scope: 'col', text: h })));
}
