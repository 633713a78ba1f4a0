// The page's wiring: starts every part in order and lends each the others'
// answers. The parts: the engine worker and its lifecycle
// (www/engine_client.js, replaced by www/recovery.js when it crashes, dies
// or hangs), reading a file into it (www/file_load.js), the data summary
// and label (www/data_summary.js), the Train tab's runs (www/train.js) and
// results (www/train_results.js), the shareable link (www/link.js), the
// tabs (www/tabs.js), the fixed text (www/page_text.js), and the other
// tabs' own modules (Score, Compare, Explore with its grid, Transfer, the
// model picker). Downloads are Blob URLs: nothing is uploaded. Every piece
// of data reaches the DOM through textContent. Holds no state.
// First: the page's language is set before any module reads a string.
import './i18n.js';
import { $ } from './dom.js';
import { initExplore, exploreBusy } from './explore.js';
import { initGrid } from './grid.js';
import { initModels, specReady } from './models.js';
import { initCompare, compareWorkerStarted, compareShown, compareBusy } from './compare.js';
import { initScore, scoreWorkerStarted, scoreShown } from './score.js';
// Dark or light: the system's choice or the theme switch's (www/theme.js).
import { darkQuery } from './theme.js';
import { initChartExport } from './export.js';
import { initEngine, startWorker, currentWorker, ask, cancelFlag, prefetchFull } from './engine_client.js';
import { recoverWorker, restartWorker, catchUp } from './recovery.js';
import { DEMO, initFileControls, loadDemo, reading, fileInfo, source, fileBusy } from './file_load.js';
import { initLabelControls, summary } from './data_summary.js';
import { initLink, initLinkControls, updateFragment } from './link.js';
import {
  initTrainControls, trainWorkerStarted, training, readConfig, keepAnyway, fitSettings, engineBusy, updateTrain,
  runConfigs, trainWorkerMoved,
} from './train.js';
import {
  initResultsControls, resultsWorkerStarted, buildCharts, requestView, viewWaiting, showThresholdFindings,
} from './train_results.js';
import { initTabs, selectTab } from './tabs.js';
import { initText } from './page_text.js';

initEngine({
  // While the page waits for the worker (a file being read, a run, a chart
  // view, Compare's run, Explore's simple-model check) the watchdog watches it.
  waiting: () => training() || reading() || viewWaiting() || compareBusy() || exploreBusy(),
  lost: recoverWorker,
  // A new worker gets new canvases in every tab that draws with it
  // (`moved`: the full module took over from the first-view one, with the
  // same file and runs: nothing under way ends).
  started(worker, sentence, moved) {
    scoreWorkerStarted(worker);
    trainWorkerStarted(worker);
    resultsWorkerStarted(worker);
    compareWorkerStarted(sentence, moved);
  },
  // The move to the full module (www/engine_client.js): it takes over when
  // nothing is under way, once it holds the same file and runs.
  idle: () => !engineBusy() && !viewWaiting() && !compareBusy() && !exploreBusy()
    && !['starting', 'running', 'restoring'].includes(document.body.dataset.train),
  reading: fileBusy,
  signature: () => JSON.stringify([fileInfo().no, source()?.name ?? null, runConfigs()]),
  catchUp,
  moved() { requestView(); trainWorkerMoved(); },
});

// The first view is shown (the demo's run and its charts), or will not be
// (the demo failed): the full module comes now, in the background.
new MutationObserver((_, observer) => {
  const { view, state: read, train } = document.body.dataset;
  if (view !== undefined || read === 'error' || train === 'error' || train === 'cancelled') {
    observer.disconnect();
    prefetchFull();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['data-view', 'data-state', 'data-train'] });

initText();
initTabs((name) => {
  if (name === 'train') requestView(); else if (name === 'compare') compareShown(); else scoreShown();
});
buildCharts();
initScore({ call: ask, dark: () => darkQuery.matches, demo: DEMO });
initFileControls();
initLabelControls();
initTrainControls();
initResultsControls();
initLinkControls();
// The Explore tab and the CV / grid panel borrow the worker, the file and the Train tab's settings.
const exploreCtx = {
  worker: currentWorker, call: ask, summary, config: readConfig, source,
  dark: () => darkQuery.matches, cancelFlag, fitSettings, modelFindings: showThresholdFindings,
  file: fileInfo, specReady,
};
initExplore(exploreCtx);
initGrid(exploreCtx);
initChartExport();
selectTab('train');
// www/boot.js found the browser lacking (and says so): start no engine.
if (!document.documentElement.dataset.unsupported) {
  startWorker();
  initModels(updateFragment); // its defaults and choices come from the worker's core
  initLink();
  initCompare({
    worker: currentWorker,
    call: ask,
    readConfig: () => (summary() && $('label-col').value ? readConfig() : null),
    keepAnyway,
    dark: () => darkQuery.matches,
    cancelFlag,
    restart: restartWorker,
    busy: engineBusy,
    changed: updateTrain,
    file: fileInfo,
    source,
  });
  loadDemo(true);
}
