// Many workers for one job, in headless Chromium on a real file: the Train
// tab's random forest (N_TREES trees, grown in parts on the engine and the
// page's pool workers: www/shared_run.js) and the grid search (10 cells ×
// 5 folds by default, www/grid.js), each with 1 and with 2 workers, in one
// run. Per run: the wall seconds from the click to the result; for the
// forest where they went (the table handed to the pool and the data check,
// every worker's preparation, the trees, the engine's evaluation, the
// permutation importance measured feature by feature on every worker, the
// model file); the browser's CPU
// seconds over it (CPU ÷ wall: cores kept busy) and the load average. Then
// the speed-ups, and what 8 workers would give (Amdahl, from the measured
// serial parts). The forest and the grid table must be the same with 1 and
// 2 workers.
//   node bench/forest_workers.mjs [CSV] [LABEL]   # default: $CREDITCARD or bench/data/creditcard.csv, Class
//   env: N_TREES=100  WORKERS=1,2  FOLDS=5  GRID='C=0.001,0.01,1,10,100;class_weight=none,balanced'  SKIP=grid|forest
import os from 'node:os';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { browserCpu, loadAverage, sampleThreads } from './browser_cpu.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const label = process.argv[3] ?? 'Class';
const nTrees = Number(process.env.N_TREES ?? 100);
const counts = (process.env.WORKERS ?? '1,2').split(',').map(Number);
const folds = Number(process.env.FOLDS ?? 5);
const grid = (process.env.GRID ?? 'C=0.001,0.01,1,10,100;class_weight=none,balanced').split(';').map((p) => p.split('='));
const skip = new Set((process.env.SKIP ?? '').split(','));
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const server = await serve();
const forest = [];
const grids = [];

/** A fresh page with `query`, the CSV read and LABEL chosen. */
async function pageWith(browser, query) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(3_600_000);
  await page.goto(`${server.url}?${query}`);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  await page.selectOption('#label-col', label);
  await page.waitForFunction(() => document.querySelector('#positive').options.length > 0);
  return page;
}

async function forestRun(workers) {
  const browser = await launch();
  try {
    const page = await pageWith(browser, `train-workers=${workers}`);
    await page.selectOption('#model-kind', 'forest');
    await page.fill('#forest-trees', String(nTrees));
    await page.locator('#forest-trees').dispatchEvent('change');
    // The core makes the spec from the controls (www/models.js): train once it holds the trees asked for.
    await page.waitForFunction(async (n) => (await import(new URL('www/train.js', document.baseURI).href)).readConfig().models[0]?.params?.n_trees === n, nTrees);
    await page.waitForTimeout(300);
    const load0 = loadAverage();
    const cpu0 = browserCpu(browser.profile);
    const sampler = sampleThreads(browser.profile);
    const t0 = Date.now();
    await page.evaluate(() => { delete document.body.dataset.train; document.getElementById('train').click(); });
    await page.waitForFunction(() => ['done', 'train-error', 'cancelled'].includes(document.body.dataset.train));
    const wall = (Date.now() - t0) / 1000;
    // The cards of the forest's own series (a view of the demo's run may answer first).
    await page.waitForFunction(() => document.body.dataset.train !== 'done'
      || (document.getElementById('cards').dataset.series === document.getElementById('series').value && document.querySelectorAll('#cards .card').length > 0));
    const cpu = browserCpu(browser.profile) - cpu0;
    const threads = sampler();
    const r = await page.evaluate(() => ({
      state: document.body.dataset.train, error: document.getElementById('train-error').textContent,
      workers: Number(document.body.dataset.trainWorkers),
      stages: JSON.parse(document.body.dataset.trainStages ?? 'null'),
      name: document.querySelector('#series option:checked')?.textContent,
      cards: [...document.querySelectorAll('#cards .card')].map((c) => `${c.dataset.metric}=${c.dataset.value}`),
    }));
    if (r.state !== 'done') throw new Error(`forest, ${workers} workers: ${r.error}`);
    const run = { ...r, wall, cpu, busiest: threads[0]?.cpu, threads: threads.slice(0, 4), load: `${load0} → ${loadAverage()}` };
    console.log(JSON.stringify(run));
    return run;
  } finally {
    await browser.close();
  }
}

async function gridRun(workers) {
  const browser = await launch();
  try {
    const page = await pageWith(browser, '');
    await page.evaluate(([g, k, w]) => {
      const rows = document.getElementById('grid-rows');
      rows.replaceChildren();
      document.getElementById('grid-folds').value = String(k);
      document.getElementById('grid-scoring').value = 'roc_auc';
      for (let i = 0; i < g.length; i++) document.getElementById('grid-add').click();
      [...rows.children].forEach((r, i) => {
        r.querySelector('.grid-key').value = g[i][0];
        r.querySelector('.grid-values').value = g[i][1];
      });
      document.getElementById('grid-workers').max = '64';
      document.getElementById('grid-workers').value = String(w);
    }, [grid, folds, workers]);
    // The page's warm-up (workers started, data check made while the panel is in view), then the click.
    await page.evaluate(async () => {
      const { gridWarm } = await import(new URL('www/grid.js', document.baseURI).href);
      delete document.body.dataset.gridWarm;
      gridWarm();
    });
    await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.gridWarm));
    const load0 = loadAverage();
    const cpu0 = browserCpu(browser.profile);
    const sampler = sampleThreads(browser.profile);
    await page.evaluate(() => { delete document.body.dataset.grid; document.getElementById('grid-run').click(); });
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
    const cpu = browserCpu(browser.profile) - cpu0;
    const threads = sampler();
    const r = await page.evaluate(() => ({
      state: document.body.dataset.grid, error: document.getElementById('grid-error').textContent,
      workers: Number(document.body.dataset.gridWorkers), wall: Number(document.body.dataset.gridSeconds),
      stages: JSON.parse(document.body.dataset.gridStages ?? '{}'),
      table: [...document.querySelectorAll('#grid-table tbody tr')].map((tr) => [tr.dataset.cell, tr.dataset.means]).sort(),
    }));
    if (r.state !== 'done') throw new Error(`grid, ${workers} workers: ${r.error}`);
    const run = { ...r, cpu, busiest: threads[0]?.cpu, threads: threads.slice(0, 4), load: `${load0} → ${loadAverage()}` };
    console.log(JSON.stringify({ ...run, table: run.table.length }));
    return run;
  } finally {
    await browser.close();
  }
}

try {
  if (!skip.has('forest')) for (const n of counts) forest.push(await forestRun(n));
  if (!skip.has('grid')) for (const n of counts) grids.push(await gridRun(n));
  console.log(`\n${path.basename(csv)}, ${os.cpus().length} cores; load average (1, 5, 15 min) over each run in the rows\n`);
  console.log('| job | workers | wall s | speed-up vs 1 | browser CPU s | CPU ÷ wall | busiest thread CPU s | speed-up by it (idle cores) | load average before → after |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const [name, list] of [[`forest, ${nTrees} trees (Train tab)`, forest], [`grid ${grids[0]?.table.length ?? ''} cells × ${folds} folds`, grids]]) {
    for (const r of list) {
      console.log(`| ${name} | ${r.workers} | ${f2(r.wall)} | ${f2(list[0].wall / r.wall)}× | ${f2(r.cpu)} | ${f2(r.cpu / r.wall)} | ${f2(r.busiest)} | ${f2(list[0].busiest / r.busiest)}× | ${r.load} |`);
    }
  }
  const two = forest.find((r) => r.workers > 1);
  if (two?.stages) {
    const s = two.stages;
    const grow = s.fitsAt - s.openAt;
    if (s.joinAt !== undefined) {
      // After the trees: the engine joins and evaluates the run (serial) while the pool starts on the
      // permutation importance, then both measure features; the adopt (model file, the run kept) is serial.
      const join = s.joinAt - s.fitsAt;
      const importance = s.importanceSeconds;
      const adopt = s.adoptAt - s.inspectAt;
      const at8 = s.openAt + (grow * two.workers) / 8 + Math.max(join, (join + importance) / 8) + adopt;
      console.log(`\nforest on ${two.workers} workers: click → prepared ${f2(s.openAt)} s (table hand-over ${f2(s.tableAt)}, data check ${f2(s.checkSeconds)}), trees ${f2(grow)} s, then ${f2(s.adoptAt - s.fitsAt)} s: the engine's join and evaluation ${f2(join)} s, permutation importance until ${f2(s.inspectAt - s.fitsAt)} s (${f2(importance)} s of features, ${JSON.stringify(s.importanceRan)} on the pool), adopt + model file ${f2(adopt)} s`);
      console.log(`on 8 workers (Amdahl): prepared ${f2(s.openAt)} + trees ${f2(grow)} × ${two.workers}/8 + max(join ${f2(join)}, (join + importance) / 8) + adopt ${f2(adopt)} = ${f2(at8)} s (vs ${f2(forest[0].wall)} s on one: ${f2(forest[0].wall / at8)}×)`);
    } else {
      const serial = s.openAt + (s.adoptAt - s.fitsAt);
      console.log(`\nforest on ${two.workers} workers: click → prepared ${f2(s.openAt)} s (table hand-over ${f2(s.tableAt)}, data check ${f2(s.checkSeconds)}), trees ${f2(grow)} s, evaluation + importance + model file ${f2(s.adoptAt - s.fitsAt)} s`);
      console.log(`on 8 workers (Amdahl): serial ${f2(serial)} s + trees ${f2(grow)} × ${two.workers}/8 = ${f2(serial + (grow * two.workers) / 8)} s (vs ${f2(forest[0].wall)} s on one: ${f2(forest[0].wall / (serial + (grow * two.workers) / 8))}×)`);
    }
  }
  const g2 = grids.find((r) => r.workers > 1);
  if (g2) {
    const st = g2.stages;
    const busy = Math.max(...(st.workers ?? []).map((w) => w.busy));
    const serial = g2.wall - busy;
    console.log(`grid on ${g2.workers} workers: busiest worker ${f2(busy)} s, outside the fits ${f2(serial)} s; on 8 workers (Amdahl): ${f2(serial)} + ${f2(busy)} × ${g2.workers}/8 = ${f2(serial + (busy * g2.workers) / 8)} s (vs ${f2(grids[0].wall)} s on one: ${f2(grids[0].wall / (serial + (busy * g2.workers) / 8))}×)`);
  }
  const sameForest = forest.every((r) => r.cards.length > 0 && JSON.stringify(r.cards) === JSON.stringify(forest[0].cards));
  const sameGrid = grids.every((r) => JSON.stringify(r.table) === JSON.stringify(grids[0].table));
  console.log(`same forest with every worker count: ${sameForest}; same grid table: ${sameGrid}`);
  if (!sameForest || !sameGrid) process.exitCode = 1;
} finally {
  await server.close();
}
