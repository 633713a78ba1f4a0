// Grid-search wall time by number of pool workers, in headless Chromium:
// loads a CSV through the page's file picker, then runs the page's grid
// search (default C=0.001,0.01,1,10,100 × class_weight=none,balanced = 10
// cells, 5-fold, ROC-AUC) with 1, 2, … workers and prints one JSON line per
// run (workers, wall seconds as the page measures it from the workers'
// start to the merged table — each worker's own CSV parse included —, the
// slowest worker's parse seconds, the speed-up over the first run) and
// whether every table equals the first one.
// Not part of CI.
//   node bench/grid_workers.mjs [CSV] [LABEL]
//   env: WORKERS=1,2,4  FOLDS=5  GRID='C=…;class_weight=…'
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const label = process.argv[3] ?? 'Class';
const folds = Number(process.env.FOLDS ?? 5);
const grid = (process.env.GRID ?? 'C=0.001,0.01,1,10,100;class_weight=none,balanced')
  .split(';').map((part) => part.split('='));
const server = await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(1_800_000);
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  const loaded = await page.evaluate(() => ({
    state: document.body.dataset.state, rows: document.getElementById('summary-line').dataset.rows,
    error: document.getElementById('error').textContent,
  }));
  if (loaded.state !== 'loaded') throw new Error(`${csv}: ${loaded.error}`);
  console.log(JSON.stringify({ file: path.basename(csv), rows: Number(loaded.rows) }));
  await page.selectOption('#label-col', label);
  await page.waitForFunction(() => document.querySelector('#positive').options.length > 0);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const counts = (process.env.WORKERS ?? [...new Set([1, 2, cores])].join(',')).split(',').map(Number);
  // The panel sits in the Explore tab; it is driven through the DOM without
  // opening the tab, so the signal table is not computed alongside.
  await page.evaluate(([g, k]) => {
    const rows = document.getElementById('grid-rows');
    rows.replaceChildren();
    document.getElementById('grid-folds').value = String(k);
    for (let i = 0; i < g.length; i++) document.getElementById('grid-add').click();
    [...rows.children].forEach((r, i) => {
      r.querySelector('.grid-key').value = g[i][0];
      r.querySelector('.grid-values').value = g[i][1];
    });
    document.getElementById('grid-workers').max = '64';
  }, [grid, folds]);
  let base = null, baseTable = null;
  for (const n of counts) {
    await page.evaluate((w) => {
      delete document.body.dataset.grid;
      document.getElementById('grid-workers').value = String(w);
      document.getElementById('grid-run').click();
    }, n);
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
    const r = await page.evaluate(() => ({
      state: document.body.dataset.grid,
      seconds: Number(document.body.dataset.gridSeconds),
      parse: Number(document.body.dataset.gridParseSeconds),
      error: document.getElementById('grid-error').textContent,
      best: [...(document.querySelector('#grid-table tr.best')?.cells ?? [])].slice(1, -1).map((td) => td.textContent).join(' | '),
      table: [...document.querySelectorAll('#grid-table tbody tr')].map((tr) => [tr.dataset.cell, tr.dataset.means]).sort(),
    }));
    if (r.state !== 'done') throw new Error(r.error);
    base ??= r.seconds;
    baseTable ??= JSON.stringify(r.table);
    console.log(JSON.stringify({
      workers: n, cores, cells: r.table.length, folds, wall_s: Number(r.seconds.toFixed(1)), parse_s: Number(r.parse.toFixed(1)),
      speedup: Number((base / r.seconds).toFixed(2)), same_table: JSON.stringify(r.table) === baseTable, best: r.best,
    }));
  }
} finally {
  await browser.close();
  await server.close();
}
