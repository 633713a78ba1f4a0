// Every user-facing string of the page, in one place: a translation is a copy
// of this file. Knows nothing of the DOM or the worker.

/** Locale for numbers (thousands separators, decimals). */
export const LOCALE = 'en-US';

export const S = {
  title: 'rareclass',
  tagline: 'A binary classifier workbench for imbalanced tabular data. Runs in your browser: your data never leaves this machine.',
  dataHeading: 'Data',
  fileLabel: 'Open a CSV file…',
  dropHint: 'or drop one anywhere on this page',
  loadingDemo: (name) => `Loading the demo data (${name})…`,
  reading: (name, done, total) => total ? `Reading ${name}: ${done} of ${total}` : `Reading ${name}: ${done}`,
  loaded: (name, ms) => `Read ${name} in ${ms} ms.`,
  starting: 'Starting the engine…',
  errorPrefix: (name) => `Could not read ${name}: `,
  engineFailed: 'The engine could not start: ',
  fetchFailed: (status) => `the server answered ${status}`,
  summaryHeading: 'Summary',
  summaryLine: (rows, cols) => `${rows} rows × ${cols} columns`,
  columnHeaders: ['Column', 'Kind', 'Missing', 'Min', 'Mean', 'Max', 'Top values'],
  kinds: { numeric: 'numeric', boolean: 'boolean', categorical: 'categorical', datetime: 'date/time', text: 'text' },
  none: '—',
  topValue: (value, count) => `${value} (${count})`,
  emptyValue: '(empty)',
  footer: 'rareclass',
  version: (v) => `v${v}`,
};
