// Grid-search wall time by number of pool workers, before and after the
// pool shared one parsed table, in headless Chromium: loads a CSV through
// the page's file picker, then runs the page's grid search (default
// C=0.001,0.01,1,10,100 × class_weight=none,balanced = 10 cells, 5-fold,
// ROC-AUC) in each pool mode with 1, 2, … workers:
//   before  every worker reads the CSV itself and runs a fixed round-robin
//           share of the cells (the pool until issue 12 item 9);
//   after   one worker reads the CSV into typed arrays that every worker
//           builds its table from (shared when the page is cross-origin
//           isolated, as here), and the cells × folds fits are dealt from
//           one queue to whichever worker is free.
// (MODES=before,after,reparse-queue,shared-cells also runs the two mixes,
// to tell the table's share of the gain from the schedule's.)
// Each search starts from the file (the kept table is dropped), so every
// wall time includes reading the file and one parse per worker (before)
// or one parse in all (after). Prints one JSON line per run (workers, wall
// seconds from the click to the joined table as the page measures it,
// parse seconds, each worker's seconds in fits and wasm memory (MiB, its
// high-water mark), the 1-minute load average
// before and after the run) and whether every table equals the first,
// then a table: per mode, 1 vs N workers and the speed-up, and after vs
// before at each N. Timing is only meaningful on idle cores: it says so
// when the load average is above 0.5 per core. Not part of CI.
//   node bench/grid_workers.mjs [CSV] [LABEL]
//   env: WORKERS=1,2  MODES=before,after  FOLDS=5  GRID='C=…;class_weight=…'  SCORING=roc_auc
import os from 'node:os';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const MODES = {
  before: { share: false, schedule: 'cells' },
  after: { share: true, schedule: 'queue' },
  'reparse-queue': { share: false, schedule: 'queue' },
  'shared-cells': { share: true, schedule: 'cells' },
};
const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const label = process.argv[3] ?? 'Class';
const folds = Number(process.env.FOLDS ?? 5);
const scoring = process.env.SCORING ?? 'roc_auc';
const modes = (process.env.MODES ?? 'before,after').split(',');
for (const m of modes) if (!MODES[m]) throw new Error(`MODES: no mode "${m}"; the modes are ${Object.keys(MODES).join(', ')}`);
const grid = (process.env.GRID ?? 'C=0.001,0.01,1,10,100;class_weight=none,balanced')
  .split(';').map((part) => part.split('='));
const load = () => Number(os.loadavg()[0].toFixed(2));
const server = await serve();
const browser = await launch();
const runs = [];
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(3_600_000);
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  const loaded = await page.evaluate(() => ({
    state: document.body.dataset.state, rows: document.getElementById('summary-line').dataset.rows,
    error: document.getElementById('error').textContent,
    isolated: globalThis.crossOriginIsolated,
  }));
  if (loaded.state !== 'loaded') throw new Error(`${csv}: ${loaded.error}`);
  await page.selectOption('#label-col', label);
  await page.waitForFunction(() => document.querySelector('#positive').options.length > 0);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const counts = (process.env.WORKERS ?? '1,2').split(',').map(Number);
  console.log(JSON.stringify({
    file: path.basename(csv), rows: Number(loaded.rows), cores, cpus: os.cpus().length,
    cross_origin_isolated: loaded.isolated, load_1m: load(), loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  }));
  // The panel sits in the Explore tab; it is driven through the DOM without
  // opening the tab, so the signal table is not computed alongside.
  await page.evaluate(([g, k, s]) => {
    const rows = document.getElementById('grid-rows');
    rows.replaceChildren();
    document.getElementById('grid-folds').value = String(k);
    document.getElementById('grid-scoring').value = s;
    for (let i = 0; i < g.length; i++) document.getElementById('grid-add').click();
    [...rows.children].forEach((r, i) => {
      r.querySelector('.grid-key').value = g[i][0];
      r.querySelector('.grid-values').value = g[i][1];
    });
    document.getElementById('grid-workers').max = '64';
  }, [grid, folds, scoring]);
  let baseTable = null;
  for (const mode of modes) {
    for (const n of counts) {
      await page.evaluate(async (m) => {
        const { gridBenchMode } = await import(new URL('www/grid.js', document.baseURI).href);
        gridBenchMode(m);
      }, MODES[mode]);
      const before = load();
      await page.evaluate((w) => {
        delete document.body.dataset.grid;
        document.getElementById('grid-workers').value = String(w);
        document.getElementById('grid-run').click();
      }, n);
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
      const r = await page.evaluate(() => ({
        state: document.body.dataset.grid,
        workers: Number(document.body.dataset.gridWorkers),
        seconds: Number(document.body.dataset.gridSeconds),
        parse: Number(document.body.dataset.gridParseSeconds),
        busy: document.body.dataset.gridBusySeconds.split(',').map(Number),
        memory: document.body.dataset.gridMemoryMb.split(',').map(Number),
        error: document.getElementById('grid-error').textContent,
        best: [...(document.querySelector('#grid-table tr.best')?.cells ?? [])].slice(1, -1).map((td) => td.textContent).join(' | '),
        table: [...document.querySelectorAll('#grid-table tbody tr')].map((tr) => [tr.dataset.cell, tr.dataset.means]).sort(),
      }));
      if (r.state !== 'done') throw new Error(`${mode}, ${n} workers: ${r.error}`);
      baseTable ??= JSON.stringify(r.table);
      const row = {
        mode, workers: r.workers, cells: r.table.length, folds, wall_s: Number(r.seconds.toFixed(2)),
        parse_s: Number(r.parse.toFixed(2)), busy_s: r.busy, wasm_memory_mb: r.memory, load_before: before, load_after: load(),
        same_table: JSON.stringify(r.table) === baseTable, best: r.best,
      };
      runs.push(row);
      console.log(JSON.stringify(row));
    }
  }
  // The table: per mode, each N against 1 worker; then after against before.
  const wall = (mode, n) => runs.find((r) => r.mode === mode && r.workers === n)?.wall_s;
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + '×' : '–');
  console.log(`\n${path.basename(csv)}: ${loaded.rows} rows, ${runs[0]?.cells} cells × ${folds} folds, ${scoring}; ${cores} cores; load average (1 min) ${runs.map((r) => r.load_before).join(', ')} before the runs`);
  console.log(['mode', ...counts.map((n) => `${n} worker${n === 1 ? '' : 's'} (s)`), ...counts.slice(1).map((n) => `speed-up ${n} vs 1`)].join(' | '));
  for (const mode of modes) {
    console.log([mode, ...counts.map((n) => wall(mode, n) ?? '–'), ...counts.slice(1).map((n) => ratio(wall(mode, 1), wall(mode, n)))].join(' | '));
  }
  if (modes.includes('before') && modes.includes('after')) {
    console.log(counts.map((n) => `after vs before, ${n} worker${n === 1 ? '' : 's'}: ${ratio(wall('before', n), wall('after', n))}`).join('; '));
  }
  console.log(`every table equal: ${runs.every((r) => r.same_table)}`);
  const busiest = Math.max(...runs.map((r) => r.load_before)) / cores;
  if (busiest > 0.5) console.log(`note: the load average reached ${(busiest * cores).toFixed(2)} on ${cores} cores during the runs; these timings are not of idle cores`);
  if (!runs.every((r) => r.same_table)) process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
