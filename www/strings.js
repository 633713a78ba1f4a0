// Every user-facing string of the page, in one place. Knows nothing of the
// DOM or the worker. (The sentences an old browser gets live in
// www/boot.js: a classic script, since they must show where modules cannot
// load.)
//
// TWO LANGUAGES (www/i18n.js): this file is the English table;
// www/strings_zh.js is its 简体中文 twin, block for block and key for key.
// To add a string, write it in BOTH files, in the same block under the same
// key: `myKey: 'English'` here and `myKey: '中文'` there; a function takes the
// same arguments and uses every one of them in both (`(n) => `${n} rows`` /
// `(n) => `${n} 行``). A new block (`S.myTab = {...}` or `export const
// MINE = {...}`) is added to both files the same way. Read the strings when
// you render (`S.x` at the time, not a copy taken at load), and re-render in
// an `onLang(fn)` listener (www/i18n.js): a switch refills these objects in
// place. `node --test tests/e2e/strings.test.mjs` checks that both tables
// have the same keys and placeholders. Chinese terms: see the list at the
// top of strings_zh.js.

/** Locale for numbers (thousands separators, decimals): the page language's (www/i18n.js sets it). */
export let LOCALE = 'en-US';
/** www/i18n.js: the locale of the language shown. */
export function setLocale(tag) { LOCALE = tag; }

export const S = {
  title: 'rareclass',
  tagline: 'A binary classifier workbench for imbalanced tabular data. Runs in your browser: your data never leaves this machine.',
  dataHeading: 'Data',
  fileLabel: 'Open a CSV file…',
  dropHint: 'or drop one anywhere on this page',
  demoButton: 'Load the demo (lending_club.csv)',
  loadingDemo: (name) => `Loading the demo data (${name})…`,
  reading: (name, done, total) => total ? `Reading ${name}: ${done} of ${total}` : `Reading ${name}: ${done}`,
  loaded: (name, took) => `Read ${name} in ${took}.`,
  starting: 'Starting the engine…',
  errorPrefix: (name) => `Could not read ${name}: `,
  loadingFullEngine: 'Loading the full engine (forests, networks, boosted trees, Compare, Explore, saved models)…',
  engineFailed: 'The engine could not start: ',
  engineRestarted: (why, results) => `The engine stopped (${why}) and was restarted: your file is being read again and your settings${results ? ' and results' : ''} are kept.`,
  engineRestartedTwice: (why) => `The engine stopped again (${why}) while reading your file a second time: it was restarted without the file; open it again or another one.`,
  workerSilent: 'it stopped answering',
  workerDied: 'it quit',
  fetchFailed: (status) => `the server answered ${status}`,
  summaryHeading: 'Columns',
  summaryLine: (rows, cols) => `${rows} rows × ${cols} columns`,
  columnHeaders: ['Column', 'Kind', 'Missing', 'Min', 'Mean', 'Max', 'Top values', 'Use'],
  kinds: { numeric: 'numeric', boolean: 'boolean', categorical: 'categorical', date_time: 'date/time', text: 'text' },
  kindLabel: (name) => `Kind of column ${name}`,
  useLabel: (name) => `Use column ${name} as a feature`,
  isLabel: 'label',
  none: '—',
  topValue: (value, count) => `${value} (${count})`,
  emptyValue: '(empty)',
  footer: 'rareclass',
  // www/dom.js's fmtDuration: `x` is the formatted number, `m` and `s` whole minutes and two-digit seconds.
  duration: { seconds: (x) => `${x} s`, minutes: (m, s) => `${m} min ${s} s` },
  version: (v) => `v${v}`,

  labelHeading: 'Label',
  labelColumn: 'Label column',
  positiveClass: 'Positive (rare) class',
  balance: (pos, total, pct) => `${pos} of ${total} = ${pct} %`,
  moreValues: 'This column has more than two values; pick a two-valued column.',

  trainHeading: 'Model',
  modelName: 'Pick a model and how it treats the rare class.',
  modelKindLabel: 'Model',
  modelKinds: { logistic: 'Logistic regression', mlp: 'Neural network (MLP)', tree: 'Decision tree', forest: 'Random forest', gbdt: 'Gradient-boosted trees', majority: 'Majority-class baseline' },
  modelFields: {
    'mlp-hidden': 'Hidden layer widths (comma-separated)', 'mlp-dropout': 'Dropout after each hidden layer',
    'mlp-epochs': 'Epochs (at most; empty = scaled to the rows)', 'mlp-batch': 'Batch size (empty = scaled to the rows)', 'mlp-lr': 'Learning rate (Adam)',
    'mlp-loss': 'Loss', 'mlp-patience': 'Early-stopping patience (epochs; 0 = off; empty = scaled)',
    'tree-depth': 'Maximum depth', 'forest-trees': 'Trees', 'forest-depth': 'Maximum depth (empty = none)',
    'gbdt-rounds': 'Boosting rounds (at most; stops early on validation PR-AUC)', 'gbdt-rate': 'Learning rate (shrinkage)',
    'gbdt-leaves': 'Leaves per tree',
  },
  losses: { bce: 'binary cross-entropy', focal: 'focal (γ 2, α 0.25)', soft_f1: 'soft F1' },
  // ---- pageset: the Train tab's "All settings" (www/models.js) ----
  allSettings: {
    summary: 'All settings',
    note: 'Every other setting of this model, at its default. Only the ones you change are used, and the link carries them.',
    none: 'none',
    refused: (why) => `This model's settings cannot be used: ${why}`,
  },
  // ---- end pageset ----
  cLabel: 'C (inverse regularisation)',
  weightLabel: 'Imbalance technique',
  weights: {
    none: 'none', balanced: 'class weights (balanced)', oversample: 'oversample the rare class',
    undersample: 'undersample the common class', smote: 'SMOTE (k = 5)', balanced_batches: 'balanced batches (50/50)',
  },
  splitLabel: 'Split: train / validation / test (%)',
  splitTrain: 'Train share (%)',
  splitVal: 'Validation share (%)',
  splitTest: 'Test share (%)',
  seedLabel: 'Seed',
  train: 'Train',
  cancel: 'Cancel',
  stages: { prepare: 'Preparing the data', check: 'Checking the data', fit: 'Fitting', evaluate: 'Evaluating' },
  // The solver stops at its iteration cap at the latest, so this bounds the wait.
  timeLeft: (took) => `at most about ${took} left`,
  // A fit that early stopping (or convergence) may end before its cap: "at most 3,000 epochs".
  atMost: (n, units) => `at most ${n} ${units}`,
  units: { iteration: 'iterations', epoch: 'epochs', round: 'rounds', step: 'steps' },
  // The live history chart's x axis, per unit of the progress reports.
  historyAxis: { iteration: 'Solver iteration', epoch: 'Epoch' },
  trainedIn: (name, took) => `Trained ${name} in ${took}.`,
  // A model's name as the core writes it ("logistic (C=1, balanced)"), in the page's language.
  shownModelName: (name) => name,
  restoring: (i, n) => `Restoring your earlier results: run ${i} of ${n}…`,
  restored: (n) => `Restored your earlier results (${n} run${n === 1 ? '' : 's'}).`,
  resultsOf: (run, file) => `Run ${run} on ${file}`,
  cancelled: 'Training cancelled.',
  trainFailed: 'Training failed: ',
  noTable: 'Open a CSV file first.',

  resultsHeading: 'Results',
  noResults: 'Train a model to see its results here.',
  showing: 'Run',
  part: 'Rows',
  parts: { test: 'test', val: 'validation', train: 'train' },
  clearRuns: 'Clear runs',
  saveReport: 'Save report (JSON)',
  moreMetric: { specificity: 'Specificity', balanced_accuracy: 'balanced accuracy', mcc: 'MCC', brier: 'Brier score' },
  splitInfo: (rows, pos) => `${rows} rows, ${pos} positive`,
  cards: {
    roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', log_loss: 'Log loss',
    precision: 'Precision', recall: 'Recall', f1: 'F1', accuracy: 'Accuracy',
  },
  majority: (v) => `majority class: ${v}`,
  atThreshold: 'at the threshold',
  thresholdLabel: 'Threshold',
  bestF1: 'Best F1 (validation)',
  recallAtLeast: 'Recall ≥ (validation)',
  precisionAtLeast: 'Precision ≥ (validation)',
  precisionTarget: 'Precision target',
  recallTarget: 'Recall target',
  costHeading: 'Cost of',
  costMissed: 'a missed positive',
  costFalse: 'a false alarm',
  cheapest: 'Cheapest threshold (validation)',
  scaled: 'scaled',
  choosersNote: 'The threshold buttons choose on the validation rows, whichever rows are shown: the test rows only report.',
  noValidation: 'The threshold buttons choose on the validation rows, and this split has none: give the validation part a share (e.g. 64 / 16 / 20) and train again.',
  cm: { title: 'Confusion matrix', actual: 'actual', predicted: 'predicted', tp: 'TP', fp: 'FP', tn: 'TN', fn: 'FN' },
  cmLine: (tp, fp, tn, fn) => `TP ${tp} · FP ${fp} · TN ${tn} · FN ${fn}`,
  charts: {
    roc: 'ROC curve', pr: 'Precision–recall curve', confusion: 'Confusion matrix',
    scores: 'Score distribution', threshold: 'Metrics vs threshold', ks: 'KS curve',
    history: 'Training history: loss per solver iteration or epoch',
  },
  logCount: 'Log count',
  warnings: 'Warnings',
  keepAnyway: (column) => `Keep "${column}" anyway`,
  keptNote: (columns) => `Kept anyway (next runs use them as features): ${columns}. Train again to apply.`,
  saveModel: 'Save model (JSON)',
  // Taking the model elsewhere (src/export.rs): the format picker and its button.
  exportFormatLabel: 'Export as',
  exportFormats: {
    onnx: 'ONNX (ONNX Runtime, Spark)',
    sklearn: 'scikit-learn script',
    notebook: 'Jupyter notebook',
    pyspark: 'PySpark script (logistic)',
  },
  exportModel: 'Export',

  tabs: { train: 'Train', score: 'Use a saved model', compare: 'Compare', transfer: 'Transfer' },
  badLink: (why) => `This link's settings could not be used (${why}); the defaults are shown instead.`,
  // Form and range reasons come from the worker (rareclass::link); these need the data.
  linkWhy: {
    column: (k, v) => `"${k}" names column "${v}", which the demo data does not have`,
    positive: (v) => `the label has no value "${v}"`,
  },

  scoreModelHeading: '1. Saved model',
  modelFileLabel: 'Open a model file…',
  modelHint: 'a .json file saved from this page or by rareclass train --export',
  modelInfo: (name, label, positive, threshold, features) =>
    `${name}: predicts ${label} = ${positive} at threshold ${threshold}; reads ${features} columns.`,
  modelFailed: (name) => `Could not use ${name}: `,
  scoreDataHeading: '2. Data to score',
  scoreFileLabel: 'Open a CSV file…',
  scoreHint: 'or drop one here',
  scoreDemo: 'Score the demo data (lending_club.csv)',
  scoring: (name) => `Scoring ${name}…`,
  scoredIn: (name, took) => `Scored ${name} in ${took}.`,
  scoreFailed: (name) => `Could not score ${name}: `,
  scoredHeading: 'Predictions',
  noScored: 'Open a saved model, then a CSV file to score with it.',
  scoredLine: (rows, positive, cls, threshold) => `${rows} rows scored: ${positive} predicted ${cls} at threshold ${threshold}.`,
  ignoredColumns: (n, names) => `${n} columns the model does not use were ignored: ${names}.`,
  convertedColumn: (name, kind) => `Column ${name} was read as ${kind}, as in training.`,
  unseenCategories: (name, n) => `Column ${name}: ${n} rows have a category not seen in training (scored as none of the known ones).`,
  missingLabels: (n) => `${n} rows have no label and are left out of the metrics.`,
  noLabel: (label) => `The file has no ${label} column, so there are no metrics: predictions only.`,
  idColumn: 'Id column in the download',
  noId: '(row number only)',
  savePredictions: 'Download predictions (CSV)',

  // Compare tab
  compareHeading: 'Compare imbalance techniques',
  compareIntro: 'Trains the TensorFlow imbalanced-data tutorial\'s set on the data, label and split of the Train tab: a baseline network, a class-weighted one and an oversampled one (balanced 50/50 batches, the tutorial\'s resampled model), plus any ticked below, all on the same split.',
  compareExtras: 'Also train',
  compareExtra: { smote: 'SMOTE network', focal: 'Focal-loss network', soft_f1: 'Soft-F1 network', logistic: 'Logistic regression', gbdt: 'Gradient-boosted trees' },
  compareEpochs: 'Epochs (at most; empty = scaled to the rows)',
  compareTrain: "Train the tutorial's set",
  compareNames: {
    baseline: 'baseline', weighted: 'class-weighted', oversampled: 'oversampled (50/50)',
    smote: 'SMOTE', focal: 'focal loss', soft_f1: 'soft-F1', logistic: 'logistic regression', gbdt: 'boosted trees',
  },
  compareProgress: (i, n, name, text) => `Model ${i} of ${n} (${name}): ${text}`,
  compareShared: (done, n, workers, text) => `${done} of ${n} models done on ${workers} workers${text ? ` · ${text}` : ''}`,
  compareDone: (n, took) => `Trained ${n} models in ${took}.`,
  compareRestoring: 'Restoring the earlier comparison…',
  compareOf: (run, file) => `Comparison ${run} on ${file}`,
  compareNone: 'Train the set to compare the models here.',
  compareResults: 'Comparison',
  compareTableCaption: 'Test rows, each model at its own threshold; the best value of each column is highlighted (lowest for FP and FN). A model that flags no row (or every row) at its threshold wins no threshold column.',
  compareRanked: (reason) => `Overall: ${reason}.`,
  compareBest: (metric) => `best by ${metric}`,
  compareColumns: { name: 'Model', threshold: 'Threshold', tp: 'TP', fp: 'FP', tn: 'TN', fn: 'FN', precision: 'Precision', recall: 'Recall', roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', f1: 'F1' },
  compareWinner: 'best in this column',
  compareCharts: { roc: 'ROC curves of the models shown on the test rows, each model in its own colour, dash pattern and marker', pr: 'Precision–recall curves of the models shown on the test rows, each model in its own colour, dash pattern and marker', history: 'Training histories: loss, PR-AUC, precision and recall per epoch' },
  compareToggles: 'Curves shown',
  compareShowTrain: 'Training-row curves too (thin, hollow markers)',
  compareCm: (name) => `Confusion matrix of ${name} on the test rows`,
  compareThreshold: (name) => `Threshold of ${name}`,
  compareBestF1: 'Best F1 (validation)',
  compareCmHeading: 'Confusion matrices (test rows; threshold 0.5 until changed)',
};

// ---------------------------------------------------------------- Explore tab, diagnostics, CV and grid search
// (appended as one block so the other tabs' additions merge cleanly)
S.tabs.explore = 'Explore';

export const X = {
  intro: 'Is there signal? Per-feature statistics on the raw data and its label, before any model.',
  needLabel: 'Open a file and choose its label column in the Train tab first.',
  signalHeading: 'Signal per feature',
  computing: 'Computing the signal table…',
  signalHeaders: ['#', 'Feature', 'Kind', 'ROC-AUC', 'Separation', 'Chance', 'Direction', 'r', 'Test', 'p-value', 'Missing'],
  signalCaption: 'Features ranked by separation = max(AUC, 1 − AUC): how well the feature alone orders positives above negatives (0.5 = chance, 1 = perfect).',
  chanceNote: (perms, margin, rows) =>
    `Chance: with the label shuffled ${perms} times (${rows} rows), features beat their own chance level by up to ${margin}; `
    + 'a feature is marked ✓ when it beats its chance level by more than that. Bold rows are clearly above chance.',
  noReference: 'No chance reference (too few rows or no feature with an AUC).',
  directions: { higher_is_positive: 'higher → positive', lower_is_positive: 'lower → positive', by_level: 'by level', neither: '—' },
  tests: { 'welch-t': 'Welch t', 'chi-square': 'χ²' },
  skipped: (names) => `Text columns left out: ${names}.`,
  aboveChance: 'clearly above chance',
  diagnosticsHeading: 'Diagnostics',
  noDiagnostics: 'No findings: no constant, duplicate, ID-like or leaking column, and some feature carries signal.',
  nextStep: 'What to do: ',
  severity: { warning: 'warning', info: 'info' },
  chartsHeading: 'Charts',
  feature: 'Feature',
  densityToggle: 'Density (each class sums to 1)',
  logToggle: 'Log count',
  spearman: 'Spearman (ranks) instead of Pearson',
  xFeature: 'x feature',
  yFeature: 'y feature',
  noNumeric: 'The file has no numeric feature to chart.',
  charts: {
    'explore-hist': 'Class-conditional histogram of the chosen feature',
    'explore-box': 'Box plots of the chosen feature by class',
    'explore-corr': 'Correlation heat map of the numeric features and the label',
    'explore-density': 'Class density of two features',
    'grid-roc': 'ROC curve of each fold and their mean for the selected grid cell',
  },
  simpleHeading: 'Simple-model check',
  simpleIntro: 'Majority class, logistic regression (the Train tab’s settings) and a depth-5 decision tree on the same split, scored on the test rows. A deep model should beat these.',
  simpleRun: 'Run the simple-model check',
  simpleHeaders: ['Model', 'Test ROC-AUC', 'Test PR-AUC', 'Fit time'],
  simpleRunning: 'Fitting the simple models…',
  simpleDone: (took) => `Done in ${took}.`,
  simpleFailed: 'The simple-model check failed: ',
  gridHeading: 'Cross-validation and grid search',
  gridIntro: 'Every combination of the settings below applied to the Train tab’s model, each scored by stratified k-fold cross-validation on the same folds.',
  folds: 'Folds (k)',
  scoring: 'Rank by',
  scorings: {
    auto: 'Auto (PR-AUC or ROC-AUC)', // the rule (PR-AUC under 20 % positives) is in its ⓘ and the note after a search: a long option is cut in a phone's menu
    roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', f1: 'F1', precision: 'Precision', recall: 'Recall',
    balanced_accuracy: 'Balanced accuracy', mcc: 'MCC', accuracy: 'Accuracy', log_loss: 'Log loss', brier: 'Brier score',
  },
  workers: 'Workers',
  workersNote: (n) => `this machine reports ${n} logical cores`,
  gridEditor: 'Settings to try',
  gridKey: 'Setting',
  gridValues: 'Values (comma-separated)',
  gridAddRow: 'Add a setting',
  gridRemove: (k) => `Remove setting ${k || '(unnamed)'}`,
  gridCells: (n) => `${n} combinations`,
  // The settings a grid row can name, for the Train tab's model kind (the
  // core's ModelSpec::set accepts these; others are refused with this list).
  gridKeyHint: (kind) => `Settings of the Train tab's ${{
    logistic: 'logistic regression: C, class_weight (none, balanced), tol, max_iter',
    mlp: 'network: learning_rate, epochs, batch_size, l2, loss, class_weight',
    tree: 'tree: max_depth, min_samples_leaf, min_samples_split, max_features, class_weight',
    forest: 'forest: n_trees, max_depth, min_samples_leaf, max_features, bootstrap, class_weight',
    gbdt: 'boosted trees: n_rounds, learning_rate, max_leaves, max_depth, min_samples_leaf, lambda, subsample, colsample, class_weight',
    majority: 'majority-class baseline: none',
  }[kind] ?? kind}; and for every kind imbalance (none, class-weight, oversample, undersample, smote).`,
  gridRun: 'Run grid search',
  gridCancel: 'Cancel',
  gridLoading: 'Reading the file for the workers…',
  gridProgress: (done, total, workers, left) => `${done} of ${total} fits on ${workers} worker${workers === 1 ? '' : 's'}${left}`,
  gridLeft: (s) => ` · about ${s} s left`,
  gridDone: (cells, s, workers) => `${cells} combinations in ${s} s on ${workers} worker${workers === 1 ? '' : 's'}.`,
  gridCancelled: 'Grid search cancelled.',
  gridFailed: 'Grid search failed: ',
  gridNeedFile: 'Open a file and choose its label first.',
  gridHeaders: (metric) => ['#', 'Settings', `${metric} mean`, '± sd', 'ROC-AUC', 'PR-AUC', 'Recall', 'Precision', ''],
  gridBest: 'best',
  gridNoBest: 'No setting is marked best: each finds (almost) no positive at the threshold (mean recall ≤ 0.01). Add class_weight = balanced to the grid.',
  gridFit: 'Fit this',
  gridFitHint: 'Puts these settings in the Train tab and trains.',
  gridSortBy: (col) => `Sort by ${col}`,
  gridFolds: (i, text) => `Fold ${i}: ${text}`,
  gridSelected: (settings) => `Folds of ${settings}`,
  meanCurve: (auc, sd) => `Mean · ROC-AUC ${auc} ± ${sd}`,
  foldHeader: 'Fold',
  foldMetrics: { roc_auc: 'ROC-AUC', pr_auc: 'PR-AUC', ks: 'KS', f1: 'F1', precision: 'Precision', recall: 'Recall', balanced_accuracy: 'Bal. acc.', mcc: 'MCC', log_loss: 'Log loss' },
  meanSd: 'mean ± sd',
};

// ---------------------------------------------------------------- Transfer tab (www/transfer.js)
S.tabs.transfer = 'Transfer';
S.transfer = {
  dataHeading: 'Two populations',
  sourceLabel: 'Source CSV (labelled)…',
  targetLabel: 'Target CSV (few or no labels)…',
  demo: 'Load the example pair (lending club: 36-month → 60-month loans)',
  loaded: (name, rows, cols) => `${name}: ${rows} rows × ${cols} columns`,
  settingsHeading: 'Settings',
  label: 'Label column (in the source)',
  positive: 'Positive class (empty: the minority class)',
  fraction: 'Share of labelled target rows for validation',
  steps: 'Most training steps',
  seed: 'Seed',
  run: 'Run the methods and baselines',
  methodsLabel: 'Methods (source-only baselines always run)',
  methods: {
    dan: 'DAN (MMD)',
    dann: 'DANN (domain-adversarial)',
    coral: 'CORAL',
    iw: 'Importance weighting',
    target: 'Labelled target rows (target only, source + target)',
  },
  cancel: 'Cancel',
  cancelled: 'Cancelled.',
  starting: 'Starting…',
  needBoth: 'Open a source and a target file first.',
  alignHeading: 'Column alignment',
  shared: (n) => `${n} columns in both files are used as features`,
  onlySource: (n, names) => `${n} only in the source (left out)${names ? ': ' + names : ''}`,
  onlyTarget: (n, names) => `${n} only in the target (left out)${names ? ': ' + names : ''}`,
  mismatched: (n, names) => `${n} with different kinds (left out)${names ? ': ' + names : ''}`,
  labelCoverage: (l) => `Label "${l.column}", positive "${l.positive}": source ${l.source_labelled} labelled rows (${l.source_positives} positive); target ${l.target_labelled} labelled of ${l.target_rows} rows (${l.target_positives} positive)`,
  sizes: (s) => `Source ${s.source} rows · target: ${s.target_adapt} for adaptation, ${s.target_val} for validation, ${s.target_test} for the test · ${s.features} features`,
  trainHeading: 'DAN training',
  resultsHeading: 'On the target test rows',
  columns: ['Model', 'Method', 'ROC-AUC', 'KS', 'PR-AUC', 'Threshold', 'Recall', 'Checks', 'Fit time'],
  chosenMark: ' (chosen)',
  methodNames: { source_only: 'source only', dan: 'DAN', dann: 'DANN', coral: 'CORAL', iw: 'importance weighting', target: 'labelled target' },
  // By the verdict's basis: an adaptation method won, or a fit on the target's own labels did.
  verdictWord: {
    adaptation: { helped: 'Adaptation helped', 'did not help': 'Adaptation did not help', 'cannot tell': 'Cannot tell whether adaptation helped' },
    'target labels': { helped: 'Target labels helped', 'did not help': 'Target labels did not help', 'cannot tell': 'Cannot tell whether target labels helped' },
  },
  verdict: (v, fmt) => `${v.chosen} (chosen on target validation rows) minus ${v.baseline} (the best source-only model there): ${fmt(v.difference)} target-test ROC-AUC, 95 % bootstrap interval [${fmt(v.interval[0])}, ${fmt(v.interval[1])}].`,
  noVerdict: 'No verdict: the target has no validation rows with both classes to choose a method on.',
  curveHeading: 'Learning curve: labelled target rows',
  curveNote: (chosen, auc) => `Target-test ROC-AUC of logistic regressions on a share of the labelled target training rows, alone and with the source rows. For comparison, the chosen method ${chosen}: ${auc}.`,
  curveColumns: ['Share', 'Rows (positive)', 'Target only', 'Source + target'],
  charts: {
    history: 'Training curves: classification loss, MMD loss and λ per step',
    validation: 'Target-validation ROC-AUC and KS per validation',
    roc: 'ROC curves of the DAN and the baselines on the target test rows',
    ks: 'KS chart of the DAN on the target test rows',
    before: 'PCA of the source-only network’s features, source vs target',
    after: 'PCA of the DAN’s features, source vs target',
  },
};

// ---------------------------------------------------------------- <rareclass-demo>
// The embeddable element's words (www/demo_element.js): what it is doing,
// what went wrong in terms an author can fix in their page's HTML, and the
// names of its charts and controls for screen readers.
export const DEMO = {
  loading: (src) => `Loading ${src}…`,
  starting: 'Starting the engine…',
  training: (model, src) => `Training ${model} on ${src}…`,
  trainingAt: (model, src, stage) => `Training ${model} on ${src}: ${stage}`,
  region: (src) => `rareclass demo: ${src}`,
  title: (model, src) => `${model} on ${src}`,
  facts: (label, positive, rows, positives) => `Label "${label}", positive "${positive}" · test rows: ${rows}, of them ${positives} positive`,
  aucs: (roc, pr) => `ROC-AUC ${roc} · PR-AUC (average precision) ${pr}`,
  threshold: 'Threshold',
  cmLine: (tp, fp, tn, fn) => `TP ${tp} · FP ${fp} · TN ${tn} · FN ${fn}`,
  charts: { roc: 'ROC curve on the test rows', pr: 'Precision–recall curve on the test rows', confusion: 'Confusion matrix on the test rows at the threshold' },
  errorTitle: 'This rareclass demo cannot run',
  noSrc: 'The element has no src attribute: give it the CSV to train on, e.g. src="data.csv".',
  noLabel: (columns) => `The element has no label attribute: name the column to predict, one of: ${columns}.`,
  fetchFailed: (url, why) => `Could not load ${url}: ${why}. Check the src attribute (it is read relative to this page).`,
  httpStatus: (status, text) => `the server answered ${status}${text ? ' ' + text : ''}`,
  networkError: 'the request failed (is the page served over http, not opened as a file?)',
  badLabel: (label, columns) => `There is no column "${label}" in the file. Its columns are: ${columns}.`,
  readFailed: (why) => `The file could not be read as a table: ${why}`,
  badModel: (why) => `The model settings cannot be used: ${why}`,
  trainFailed: (why) => `Training failed: ${why}`,
  engineFailed: (why) => `The engine could not start: ${why}`,
  engineDied: 'The engine stopped unexpectedly; reload the page to try again.',
  modelNames: { logistic: 'logistic regression', mlp: 'a neural network', tree: 'a decision tree', forest: 'a random forest', gbdt: 'boosted trees', majority: 'the majority baseline' },
};

// ---------------------------------------------------------------- Chart export, undo of "Clear runs" (www/export.js)
S.chartExport = {
  menu: 'Export',
  menuLabel: (chart) => `Export the chart: ${chart}`,
  png: (scale) => `PNG ${scale}×`,
  svg: 'SVG',
  csv: 'CSV (curve points)',
  note: 'Light background, whatever the page’s theme.',
  failed: (why) => `Could not export the chart: ${why}`,
};
S.clearUndo = {
  cleared: (n) => `${n === 1 ? 'One run' : `${n} runs`} cleared.`,
  undo: 'Undo',
  restored: 'Runs restored.',
  close: 'Close',
  gone: 'the engine was restarted or a new run started since the clear, so the cleared runs are gone',
  failed: (why) => `Could not restore the runs: ${why}`,
};
// The Transfer tab: a cancel brings back the results shown before (www/transfer.js).
S.transfer.restoring = 'Cancelled. Bringing back the earlier results (the engine was restarted, so they are computed again)…';
S.transfer.restored = 'Cancelled; the earlier results are back.';

// ---------------------------------------------------------------- The Train tab's live history chart (app2, issue 12)
S.historyNote = {
  waiting: 'The training loss is drawn here as the model trains.',
  none: 'This model reports no loss as it trains (trees are grown, not fitted step by step): there is no training history to draw.',
};

// ---------------------------------------------------------------- result views
// The calibration, gain / lift, importance and coefficient views under the
// Train results (www/views.js); the numbers in them come from Rust.
export const VIEWS = {
  heading: 'What the model relies on, and how its scores read',
  binsLabel: 'Reliability bins',
  bins: { 'uniform-10': '10 of equal width', 'quantile-10': '10 of equal count', 'uniform-5': '5 of equal width', 'quantile-5': '5 of equal count' },
  charts: {
    calibration: 'Reliability curve: share of positives against the mean score in each bin',
    gain: 'Cumulative gain: share of positives found in the top share of scores',
    lift: 'Lift: how many times the overall positive rate the top share holds',
    importance: 'Permutation importance of each column on the validation rows',
    coefficients: 'Standardised coefficients of the logistic regression',
  },
  parts: { train: 'training rows', validation: 'validation rows', test: 'test rows' },
  calibration: (brier, rel, res, unc, rows) => `Brier score ${brier} = reliability ${rel} − resolution ${res} + uncertainty ${unc} (${rows}). On the diagonal, a score of 0.3 means 30 % positives.`,
  gain: (g1, g5, g10) => `The top 1 % of scores holds ${g1} of the positives; the top 5 %, ${g5}; the top 10 %, ${g10}.`,
  lift: (l1, l5, l10, rate) => `Lift at the top 1 %: ${l1}× the overall rate of ${rate}; at 5 %: ${l5}×; at 10 %: ${l10}×.`,
  metrics: { pr_auc: 'PR-AUC', roc_auc: 'ROC-AUC', log_loss: 'log loss', brier: 'Brier score' },
  because: (scoring, rate) => scoring === 'pr_auc' ? ` PR-AUC because positives are ${rate} of these rows (under 20 %).` : '',
  importance: (metric, rows, repeats, why) => `Drop in ${metric} when one column is shuffled on ${rows} validation rows, ${repeats} times; whiskers ±1 sd.${why}`,
  coefficients: 'Weight × the feature’s spread on the training rows: change in log-odds per standard deviation. Right of 0 pushes towards the positive class.',
  noPositives: 'These rows hold no positive: there is nothing to find.',
  noImportance: 'No importance: the split has no validation rows of both classes.',
  failed: (why) => `The views could not be made: ${why}`,
};
Object.assign(S.charts, VIEWS.charts);

// ---------------------------------------------------------------- accessibility
// The theme switch (www/theme.js) and the charts' keyboard read-outs
// (www/keyboard.js): words a screen reader announces or a keyboard user reads.
export const A11Y = {
  theme: 'Theme',
  // The language switch (www/i18n.js); each language is named in its own (i18n.js's LANGS).
  language: 'Language',
  themes: { system: 'System', light: 'Light', dark: 'Dark' },
  chartKeys: 'Arrow keys walk the curve; Home and End go to its ends.',
  pointOf: (i, n, label) => `Point ${i} of ${n}: ${label}`,
  noPoints: 'Nothing to read out on this chart yet.',
};

// ---------------------------------------------------------------- glossary
// The ⓘ buttons, their popover and the glossary page (www/glossary.js); the
// terms' own words are in www/glossary_terms.js, in both languages.
S.glossary = {
  open: 'Glossary',
  heading: 'Glossary',
  intro: 'What each metric, chart, diagnostic and setting on this page means, and what a good value looks like.',
  groups: { metrics: 'Metrics', charts: 'Charts', stats: 'Explore: per-feature statistics', findings: 'Diagnostics (codes)', settings: 'Settings', transfer: 'Transfer learning' },
  about: (name) => `What is ${name}?`,
  good: 'Good: ',
  more: 'All terms in the glossary',
  close: 'Close',
  unknown: 'No definition yet.',
};

// ---------------------------------------------------------------- findings (www/findings.js)
// A finding's sentence and next step in the page's language: null keeps
// the core's English (strings_zh.js reads them back and says them in Chinese).
export const FINDINGS = {
  say: (d) => null, // eslint-disable-line no-unused-vars
  // Another of the core's sentences (the metric that ranks models and why): null keeps it.
  sentence: (text) => null, // eslint-disable-line no-unused-vars
};

// ---- zhmsg block: live progress sentences (www/progress_words.js forms them
// from a progress report's fields) and the frame of an engine message that
// has no wording in the page's language (www/i18n.js, errors).
export const MSG = {
  // A report's stage (rareclass::progress::Progress.stage).
  stages: {
    parse: 'Reading the file', check: 'Checking the data', prepare: 'Preparing the data', fit: 'Fitting',
    evaluate: 'Evaluating', cv: 'Cross-validation', grid: 'Grid search', inspect: 'Inspecting the models',
  },
  // What a stage is doing when its name alone does not say (Progress.task).
  tasks: {
    baseline: 'fitting the logistic-regression baseline for the model checks',
    importance: 'permutation importance',
    align: 'aligning columns and preparing both populations',
    done: 'done',
  },
  // What `step` counts, singular (Progress.unit).
  units: { iteration: 'iteration', epoch: 'epoch', round: 'tree', tree: 'tree', step: 'step', fold: 'fold', column: 'column', node: 'nodes' },
  // "epoch 12/3000": the numbers unformatted (tests read them).
  stepOf: (unit, step, of) => `${unit} ${step}/${of}`,
  // A count with no plan: a tree's nodes so far ("37 nodes").
  counted: (unit, n) => `${n} ${unit}`,
  // A named quantity: "loss 0.0931", "val PR-AUC 0.8120".
  value: (name, v) => `${name} ${v}`,
  // Quantity names; symbols (MMD, λ) stay as they are.
  terms: { loss: 'loss', 'val loss': 'val loss', 'val ROC-AUC': 'val ROC-AUC', 'val AP': 'val PR-AUC', 'val PR-AUC': 'val PR-AUC' },
  // "Fitting: epoch 12/3000 · loss 0.0931".
  sentence: (stage, parts) => (parts ? `${stage}: ${parts}` : stage),
  // An engine message with no wording in this language (English: as it is).
  engineSaid: (message) => message,
};
