// Grid-search wall time by number of pool workers, in headless Chromium,
// for each way the pool has been run: loads a CSV through the page's file
// picker, then runs the page's grid search (default
// C=0.001,0.01,1,10,100 × class_weight=none,balanced = 10 cells, 5-fold,
// ROC-AUC) with 1, 2, … workers in each mode:
//   before     every worker reads the CSV itself and runs a fixed
//              round-robin share of the cells, each makes the data check
//              (the pool until issue 12 item 9);
//   file       one pool worker reads the CSV into typed arrays that every
//              worker builds its table from (shared when the page is
//              cross-origin isolated, as here), fits dealt from one
//              fold-major queue, each worker makes the data check;
//   page-cold  the user's case with nothing ahead of the click: the page's
//              engine, which already holds the parsed file, hands its
//              table over and makes the data check once; workers start at
//              the click; a worker stays on its fold (fold affinity);
//   page       the same, with the workers started and the data check made
//              while the panel is in view, before the click (what the
//              page does; the warm-up's seconds are printed beside).
// Each search starts without a kept table (from the file or the engine).
// Prints one JSON line per run (wall seconds from the click to the
// joined table as the page measures it, the stages, each worker's fits,
// the 1-minute load average before and after), a breakdown line per run,
// then a table: per mode, 1 vs N workers, the wall and fit-busy speed-ups,
// the wall seconds outside the busiest worker's fits, and the load, and
// whether every table equals the first. Timing is only
// meaningful on idle cores: it says so when the load average is above 0.5
// per core. Not part of CI.
//   node bench/grid_workers.mjs [CSV] [LABEL]
//   env: WORKERS=1,2  MODES=before,file,page-cold,page  FOLDS=5  GRID='C=…;class_weight=…'  SCORING=roc_auc
import os from 'node:os';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const MODES = {
  before: { source: 'each', schedule: 'cells', warm: false, checks: 'each' },
  file: { source: 'file', schedule: 'queue', warm: false, checks: 'each' },
  'page-cold': { source: 'page', schedule: 'folds', warm: false, checks: 'once' },
  page: { source: 'page', schedule: 'folds', warm: true, checks: 'once' },
};
const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const label = process.argv[3] ?? 'Class';
const folds = Number(process.env.FOLDS ?? 5);
const scoring = process.env.SCORING ?? 'roc_auc';
const modes = (process.env.MODES ?? 'before,file,page-cold,page').split(',');
for (const m of modes) if (!MODES[m]) throw new Error(`MODES: no mode "${m}"; the modes are ${Object.keys(MODES).join(', ')}`);
const grid = (process.env.GRID ?? 'C=0.001,0.01,1,10,100;class_weight=none,balanced')
  .split(';').map((part) => part.split('='));
const load = () => Number(os.loadavg()[0].toFixed(2));
const r2 = (x) => (typeof x === 'number' ? Number(x.toFixed(2)) : x);
const f2 = (x) => (typeof x === 'number' ? x.toFixed(2) : String(x ?? '–'));
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
  // opening the tab, so the signal table is not computed alongside (and
  // the page's own warm-up, on the panel coming into view, is called
  // directly in the warm mode).
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
      const warm = await page.evaluate(async ([m, w]) => {
        const { gridBenchMode, gridWarm } = await import(new URL('www/grid.js', document.baseURI).href);
        gridBenchMode(m);
        document.getElementById('grid-workers').value = String(w);
        if (!m.warm) return null;
        delete document.body.dataset.gridWarm;
        gridWarm();
        return true;
      }, [MODES[mode], n]);
      if (warm) {
        await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.gridWarm));
        if (await page.evaluate(() => document.body.dataset.gridWarm) !== 'ready') throw new Error(`${mode}: the warm-up failed`);
      }
      const warmSeconds = warm ? await page.evaluate(() => Number(document.body.dataset.gridWarmSeconds)) : null;
      const before = load();
      await page.evaluate(() => {
        delete document.body.dataset.grid;
        document.getElementById('grid-run').click();
      });
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.grid));
      const r = await page.evaluate(() => ({
        state: document.body.dataset.grid,
        workers: Number(document.body.dataset.gridWorkers),
        seconds: Number(document.body.dataset.gridSeconds),
        stages: JSON.parse(document.body.dataset.gridStages ?? '{}'),
        memory: (document.body.dataset.gridMemoryMb ?? '').split(',').map(Number),
        error: document.getElementById('grid-error').textContent,
        best: [...(document.querySelector('#grid-table tr.best')?.cells ?? [])].slice(1, -1).map((td) => td.textContent).join(' | '),
        table: [...document.querySelectorAll('#grid-table tbody tr')].map((tr) => [tr.dataset.cell, tr.dataset.means]).sort(),
      }));
      if (r.state !== 'done') throw new Error(`${mode}, ${n} workers: ${r.error}`);
      baseTable ??= JSON.stringify(r.table);
      const s = r.stages;
      const row = {
        mode, workers: r.workers, cells: r.table.length, folds, wall_s: r2(r.seconds), warm_up_s: r2(warmSeconds),
        stages: {
          read: r2(s.read), parse: r2(s.parse), engine_table: r2(s.engineTable), hand_over: r2(s.handOver), share: r2(s.share),
          table_at: r2(s.tableAt), checks: r2(s.checkSeconds), checks_made_ahead: s.checksPrefetched, checks_at: r2(s.checksAt),
          workers_ready_at: r2(s.readyAt), build: (s.build ?? []).map(r2), worker_check: (s.workerCheck ?? []).map(r2),
          open_at: r2(s.openAt), fits_at: r2(s.fitsAt), assemble_at: r2(s.assembleAt), fallback: s.fallback,
        },
        per_worker: (s.workers ?? []).map((w) => ({
          fits: w.fits, busy: r2(w.busy), prepare: r2(w.prepare), preparations: w.preparations, fit: r2(w.fit),
          score_and_rpc: r2(w.busy - w.prepare - w.fit), finished_at: r2(w.finishedAt),
        })),
        busy_s: (s.workers ?? []).map((w) => r2(w.busy)),
        wasm_memory_mb: r.memory, load_before: before, load_after: load(),
        same_table: JSON.stringify(r.table) === baseTable, best: r.best,
      };
      runs.push(row);
      console.log(JSON.stringify(row));
      // Where the wall time went, on the search's clock (seconds from the click).
      const st = row.stages;
      const table = st.engine_table !== undefined
        ? `engine's table ${f2(st.engine_table)} + hand-over ${f2(st.hand_over)} + share ${f2(st.share)}`
        : `read ${f2(st.read)} + parse ${f2(st.parse)}${st.hand_over !== undefined ? ` + hand-over ${f2(st.hand_over)} + share ${f2(st.share)}` : ' (in every worker)'}`;
      const checks = st.checks !== undefined
        ? `data check by the engine ${f2(st.checks)} s${st.checks_made_ahead ? ' (made ahead, before the click)' : ''}, ready at ${f2(st.checks_at)}`
        : `data check in every worker ${st.worker_check.map(f2).join(' / ')}`;
      console.log(`  ${mode}, ${row.workers} worker${row.workers === 1 ? '' : 's'}: wall ${f2(row.wall_s)} s${warmSeconds !== null ? ` (warm-up before the click ${f2(warmSeconds)} s)` : ''}\n`
        + `    table ${table}${st.table_at !== undefined ? ` → at ${f2(st.table_at)}` : ''}; ${checks}\n`
        + `    workers instantiated at ${f2(st.workers_ready_at)}; each builds its table ${st.build.map(f2).join(' / ')} + folds/label ${st.worker_check.map(f2).join(' / ')}; opened at ${f2(st.open_at)}\n`
        + row.per_worker.map((w, i) => `    worker ${i}: ${w.fits} fits, busy ${f2(w.busy)} = prepare ${f2(w.prepare)} (${w.preparations} folds) + fit ${f2(w.fit)} + score & messages ${f2(w.score_and_rpc)}; done at ${f2(w.finished_at)}\n`).join('')
        + `    fits done at ${f2(st.fits_at)}; assembled at ${f2(st.assemble_at)} (assembly ${f2(st.assemble_at - st.fits_at)}); load ${before} → ${row.load_after}`);
    }
  }
  // The table: per mode, each N against 1 worker (wall, and the busiest
  // worker's fit-busy seconds); then each mode against before.
  const runOf = (mode, n) => runs.find((r) => r.mode === mode && r.workers === n);
  const wall = (mode, n) => runOf(mode, n)?.wall_s;
  const busiest = (mode, n) => { const b = runOf(mode, n)?.busy_s; return b?.length ? Math.max(...b) : undefined; };
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + '×' : '–');
  console.log(`\n${path.basename(csv)}: ${loaded.rows} rows, ${runs[0]?.cells} cells × ${folds} folds, ${scoring}; ${cores} cores; load average (1 min) ${runs.map((r) => r.load_before).join(', ')} before the runs, ${load()} now`);
  console.log(['mode', ...counts.map((n) => `${n} worker${n === 1 ? '' : 's'} wall s`), ...counts.slice(1).map((n) => `wall speed-up ${n} vs 1`),
    ...counts.map((n) => `fit-busy s, ${n} (busiest)`), ...counts.slice(1).map((n) => `fit-busy split ${n} vs 1`),
    ...counts.map((n) => `outside the fits s, ${n}`), 'load before each run'].join(' | '));
  for (const mode of modes) {
    console.log([mode, ...counts.map((n) => wall(mode, n) ?? '–'), ...counts.slice(1).map((n) => ratio(wall(mode, 1), wall(mode, n))),
      ...counts.map((n) => f2(busiest(mode, n))), ...counts.slice(1).map((n) => ratio(busiest(mode, 1), busiest(mode, n))),
      ...counts.map((n) => f2(wall(mode, n) - busiest(mode, n))),
      counts.map((n) => runOf(mode, n)?.load_before ?? '–').join(', ')].join(' | '));
  }
  if (modes.includes('before')) {
    for (const mode of modes.filter((m) => m !== 'before')) {
      console.log(`${mode} vs before: ${counts.map((n) => `${n} worker${n === 1 ? '' : 's'} ${ratio(wall('before', n), wall(mode, n))}`).join(', ')}`);
    }
  }
  console.log(`every table equal: ${runs.every((r) => r.same_table)}`);
  const highest = Math.max(...runs.map((r) => r.load_before)) / cores;
  if (highest > 0.5) console.log(`note: the load average reached ${(highest * cores).toFixed(2)} on ${cores} cores during the runs; these timings are not of idle cores`);
  if (!runs.every((r) => r.same_table)) process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
