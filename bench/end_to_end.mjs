// The whole story on a real file, in headless Chromium, as a user lives it:
// on the ready page (the demo trained and the full module in: the time to
// that is printed apart, not counted), drop the CSV on the page (read), open Compare and train the TensorFlow
// imbalanced-data tutorial's three networks (baseline, class-weighted,
// oversampled; 100 epochs at most, early stopping on validation PR-AUC, the
// page's defaults otherwise) until every chart and the table are shown.
// Runs it with one worker (the engine alone: `?compare-workers=1`) and with
// two (the engine and a pool worker, www/shared_run.js), each on a fresh
// page, and prints each run's breakdown side by side: read; the run split
// into the hand-over of the table and the data check, the preparation,
// each model's fit (from the run's report; on two workers they overlap),
// the wait for the last worker, the evaluation, and the charts after it;
// the total; the browser's CPU seconds over the training (CPU ÷ wall: how
// many cores it kept busy) and the load average. Then what 8 cores would
// give, from the measured parts (Amdahl: the serial parts stay, the fits
// overlap down to the longest one). Also the frames the page's main thread
// painted per second during the run (an idle tab paints 60): the engine
// works in workers, so the page stays live; a rate depends on the machine's
// load, so it is measured here and not asserted in tests (results.test.mjs
// checks only that frames are painted between progress reports).
// Both runs' tables must be equal.
//   node bench/end_to_end.mjs [CSV] [EPOCHS]   # default: $CREDITCARD or bench/data/creditcard.csv, 100
//   env: WORKERS=1,2
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { browserCpu, loadAverage, sampleThreads } from './browser_cpu.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const epochs = String(process.argv[3] ?? 100);
const counts = (process.env.WORKERS ?? '1,2').split(',').map(Number);
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const server = await serve();
const runs = [];

async function once(workers) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(600_000);
    const tNav = Date.now();
    await page.goto(`${server.url}?compare-workers=${workers}`);
    await page.waitForFunction(() => document.body.dataset.train === 'done');
    // The page starts on the small first-view module and moves to the full
    // one in the background about a second after the demo's charts
    // (www/engine_client.js); a file opened during the move is read once
    // the full module is there. A person takes longer than that to pick a
    // file: the story starts on the ready page, and the time it took to get
    // ready is printed beside (pageReadyS).
    await page.waitForFunction(() => document.body.dataset.engine === 'full');
    const pageReadyS = (Date.now() - tNav) / 1000;
    await page.evaluate(() => { delete document.body.dataset.state; });
    const load0 = loadAverage();
    const t0 = Date.now();
    await page.setInputFiles('#file', csv);
    await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
    const readS = (Date.now() - t0) / 1000;
    await page.click('#tab-compare');
    await page.fill('#cmp-epochs', epochs);
    const viewBefore = await page.evaluate(() => document.body.dataset.compareView ?? '');
    const cpu0 = browserCpu(browser.profile);
    const sampler = sampleThreads(browser.profile);
    await page.evaluate(() => {
      window.__frames = 0;
      const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); };
      tick();
    });
    const t1 = Date.now();
    await page.click('#cmp-train');
    await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.compare));
    const trainS = (Date.now() - t1) / 1000;
    const frames = await page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames; });
    const cpuS = browserCpu(browser.profile) - cpu0;
    const threads = sampler();
    const state = await page.evaluate(() => document.body.dataset.compare);
    if (state !== 'done') throw new Error(`${workers} workers: ${state}: ${await page.locator('#cmp-error').textContent()}`);
    await page.waitForFunction((b) => (document.body.dataset.compareView ?? '') !== b, viewBefore);
    const totalS = (Date.now() - t0) / 1000;
    const chartsS = totalS - readS - trainS;
    const got = await page.evaluate(() => ({
      fits: JSON.parse(document.body.dataset.compareFit ?? '[]'),
      workers: Number(document.body.dataset.compareWorkers),
      stages: JSON.parse(document.body.dataset.compareStages ?? 'null'),
      table: [...document.querySelectorAll('#cmp-table tbody tr')].map((tr) => tr.textContent),
    }));
    const run = { asked: workers, ...got, pageReadyS, readS, trainS, framesPerS: frames / trainS, chartsS, totalS, cpuS, threads: threads.slice(0, 4), busiestCpuS: threads[0]?.cpu, load: `${load0} → ${loadAverage()}` };
    console.log(JSON.stringify(run));
    return run;
  } finally {
    await browser.close();
  }
}

try {
  for (const n of counts) runs.push(await once(n));
  const size = (fs.statSync(csv).size / 1e6).toFixed(1);
  console.log(`\nEnd to end on ${path.basename(csv)} (${size} MB), epochs ≤ ${epochs}, ${os.cpus().length} cores; load average (1, 5, 15 min) per run: ${runs.map((r) => r.load).join('; ')}\n`);
  console.log(`| step | ${runs.map((r) => `${r.workers} worker${r.workers === 1 ? '' : 's'} s`).join(' | ')} |`);
  console.log(`|---|${runs.map(() => '---:').join('|')}|`);
  const row = (name, f) => console.log(`| ${name} | ${runs.map((r) => f2(f(r))).join(' | ')} |`);
  row('page ready: navigation → demo trained, full module in (before the story)', (r) => r.pageReadyS);
  row('read (file picker → summary)', (r) => r.readS);
  row('table to the pool + data check (two workers)', (r) => r.stages?.tableAt);
  row('click → every worker prepared (split, pipeline)', (r) => r.stages?.openAt);
  const names = runs[0].fits.map((f) => f.name);
  names.forEach((name, i) => row(`fit: ${name} (${runs[0].fits[i].epochs} epochs)`, (r) => r.fits[i]?.seconds));
  row('sum of the fits', (r) => r.fits.reduce((s, f) => s + f.seconds, 0));
  row('click → last fit done', (r) => r.stages?.fitsAt);
  row('evaluation, checks, report (adopt)', (r) => (r.stages ? r.stages.adoptAt - r.stages.fitsAt : NaN));
  row('the run, click → result', (r) => r.trainS);
  row('charts and table after the run', (r) => r.chartsS);
  row('**total**', (r) => r.totalS);
  row('main thread frames painted per second during the run (idle: 60)', (r) => r.framesPerS);
  row('browser CPU s during the run', (r) => r.cpuS);
  row('CPU ÷ wall (cores kept busy)', (r) => r.cpuS / r.trainS);
  row('busiest thread\'s CPU s (the run on idle cores)', (r) => r.busiestCpuS);
  row('second busiest thread\'s CPU s', (r) => r.threads[1]?.cpu);
  const two = runs.find((r) => r.workers > 1);
  const one = runs.find((r) => r.workers === 1);
  if (one && two) {
    console.log(`\nspeed-up of the run: ${(one.trainS / two.trainS).toFixed(2)}× wall; ${(one.busiestCpuS / two.busiestCpuS).toFixed(2)}× by the busiest thread's CPU seconds (what idle cores would give: each worker has a core); of the whole story: ${(one.totalS / two.totalS).toFixed(2)}× wall`);
  }
  if (two?.stages) {
    // Amdahl from the measured parts: read, hand-over, preparation, evaluation
    // and charts stay serial (two-worker run); each fit takes what it took
    // alone (one-worker run: under this load a fit beside another is slower
    // than on a core of its own). Two idle cores: the workers' shares as run
    // end with the longer; 8 cores (a worker per model): with the longest fit.
    const alone = (one ?? two).fits.map((f) => f.seconds);
    const serial = two.readS + two.stages.openAt + (two.stages.adoptAt - two.stages.fitsAt) + two.chartsS;
    const shares = (two.stages.ran ?? []).map((models) => models.reduce((a, m) => a + alone[m], 0));
    console.log(`serial parts ${f2(serial)} s (read, hand-over, data check, preparation, evaluation, charts); fits alone ${alone.map(f2).join(', ')} s`);
    if (shares.length) console.log(`on 2 idle cores: ${f2(serial)} + the longer share ${f2(Math.max(...shares))} (${shares.map(f2).join(' / ')}) ≈ ${f2(serial + Math.max(...shares))} s`);
    console.log(`on 8 cores (a worker per model): ${f2(serial)} + the longest fit ${f2(Math.max(...alone))} ≈ ${f2(serial + Math.max(...alone))} s`);
  }
  const same = runs.every((r) => JSON.stringify(r.table) === JSON.stringify(runs[0].table));
  console.log(`every run's table equal: ${same}`);
  if (!same) process.exitCode = 1;
} finally {
  await server.close();
}
