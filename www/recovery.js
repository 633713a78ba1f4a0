// Replacing the engine worker without losing the user's work: a worker that
// crashed, died or went silent (www/engine_client.js notices) and a busy one
// a Cancel must stop (no shared cancel flag) are ended, a new one started,
// the file re-read from the File the page still holds (www/file_load.js),
// the file's earlier runs replayed and the view shown again (www/train.js);
// the user is told in one sentence. Holds no state of its own: what it
// restores belongs to the modules it calls. `catchUp` brings a worker on
// the full module to where the first-view worker is, without a word to the
// user (www/engine_client.js's move): the same file, the same runs.
import { S } from './strings.js';
import { $, showError } from './dom.js';
import { startWorker, stopWorker } from './engine_client.js';
import { call } from './rpc.js';
import { exploreWorkerLost } from './explore.js';
import { fileWorkerLost, forgetFile, rereadFile, source } from './file_load.js';
import { forgetSummary } from './data_summary.js';
import { trainWorkerLost, endRun, forgetRuns, updateTrain, currentRun, hasRuns, keepView, runConfigs } from './train.js';

/** Replaces a crashed, dead or silent worker; tells the user in one sentence. */
export function recoverWorker(why) {
  stopWorker('lost', String(why));
  trainWorkerLost();
  // A file whose second reading also brought the engine down is not read a third time.
  const again = fileWorkerLost();
  const view = keepView();
  const sentence = S.engineRestarted(String(why).replace(/\s+/g, ' ').slice(0, 160), hasRuns());
  startWorker(sentence);
  exploreWorkerLost(sentence);
  document.body.dataset.recovered = String(Number(document.body.dataset.recovered ?? 0) + 1);
  if (again) {
    // The worker holds no table now: nothing may offer to train on one.
    forgetRuns();
    forgetFile();
    forgetSummary();
    for (const id of ['summary', 'label-section', 'train-section']) $(id).hidden = true;
    document.body.dataset.state = 'error';
    updateTrain();
    showError('train-error', S.engineRestartedTwice(String(why).replace(/\s+/g, ' ').slice(0, 160)));
    return;
  }
  showError('train-error', sentence);
  rereadFile(view);
}

/** Replaces a busy worker (no shared cancel flag) and re-reads the file. */
export function restartWorker() {
  stopWorker('cancelled', S.cancelled);
  const run = currentRun();
  if (run !== null) endRun(run, () => S.cancelled, 'cancelled');
  const view = keepView();
  startWorker();
  rereadFile(view);
}

/**
 * Reads the page's file into `worker` (on the full module) and replays the
 * file's runs there, as the page's worker holds them (same config, same
 * seed: the same results); the page sees nothing of it. Only the bundled
 * demo is read again: a file the user opens is read by the full module
 * from the start (engine_client.js `fullForFile`), and one is never read
 * twice just to change modules (code `no_move`).
 */
export async function catchUp(worker, still) {
  const src = source();
  const runs = runConfigs();
  if (!src) return;
  if (!src.demo) throw Object.assign(new Error(S.engineFailed), { code: 'no_move' });
  const { stream } = await src.open();
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  // Asked only while `worker` is still the standby: once it took over (a
  // file the user opened), the page's requests are its own.
  const ask = (method, args, options) => {
    if (!still()) throw Object.assign(new Error('the standby took over'), { code: 'lost' });
    return call(worker, method, args, options);
  };
  await ask('begin', { file: 'move', total: bytes.length });
  await ask('chunk', { file: 'move', bytes }, { transfer: [bytes.buffer] });
  await ask('end', { file: 'move' });
  for (const config of runs) await ask('train', { config, history: null });
}
