// A run trained by the page's engine and pool workers at once (issue 14):
// a Compare set's models (tab 'compare': the engine's compareOpen /
// compareFit / compareAdopt) or a Train-tab forest's trees (tab 'train':
// trainOpen / trainFit / trainAdopt). The engine hands its parsed table to
// the pool (www/pool.js) and makes the data check once (`gridTable`,
// `gridChecks`); the engine and each pool worker prepare the same split
// (`…Open`, `sharedOpen`); the engine's answer says who fits what — the
// models dealt longest expected fit first onto the least-loaded worker, a
// forest's trees cut into one part per worker; each worker fits its share
// (`…Fit`, `sharedFit`), the pool's fits travel back as JSON and the engine
// adopts them (`…Adopt`) into the result it makes alone, bit for bit; a
// Train-tab run's permutation importance is measured in parts the same way
// (`trainJoin` / `trainImportance`, `sharedInspect` / `sharedImportance`). A
// pool worker that cannot start leaves the run to the caller's one-worker
// path; one that fails later leaves its share to the engine. Cancel: the
// engine's flag (or its restart, by the caller) and the pool terminated.
// Knows nothing of the DOM: the caller shows the progress it hears.
import { call, abandon } from './rpc.js';
import { startPoolWorker, engineTable, handOver } from './pool.js';
import { workersWithinMemory } from './pool_size.js';

const state = {
  spare: null,   // a pool worker started ahead of a run ({worker, ready})
  current: null, // the run under way: {pool: [workers], stopped}
};

const since = (t) => (performance.now() - t) / 1000;

/** Starts a pool worker ahead of a run (the Compare tab was opened on a file, a forest chosen). */
export function poolWarm() {
  if (!state.spare && !state.current) state.spare = startPoolWorker();
}

/** Stops the run under way: its pool workers are terminated (their calls fail with code `cancelled`). */
export function stopShared() {
  const me = state.current;
  if (!me) return;
  me.stopped = true;
  for (const w of me.pool) {
    w.terminate();
    abandon(w, 'cancelled');
  }
  state.current = null;
}

/**
 * Trains `config` on the engine (`ask`, www/engine_client.js) and
 * `workers - 1` pool workers sharing `source`'s table: `tab` 'compare'
 * deals the models, 'train' cuts model 0 (a forest) into tree parts.
 * `onProgress({done, n, workers, running: [{name, trees, p}], stage})`
 * hears each worker's progress (`n` pieces of work, `done` of them done).
 * Resolves to the engine's adopt answer plus `{workers, stages}`, or to
 * null when no pool worker could start or the file is too large for a
 * second copy (www/pool_size.js) (run it on the engine alone);
 * rejects as the engine's calls do (code `cancelled` when stopped).
 */
export async function trainShared({ tab, config, ask, source, workers, onProgress }) {
  // On a large file a pool worker's copy of the table could take the tab
  // past its memory (www/pool_size.js): fewer workers, or the engine alone.
  workers = Math.min(workers, workersWithinMemory(await ask('memory', {}).catch(() => 0)));
  if (workers < 2) return null;
  const started = performance.now();
  const at = () => since(started);
  const me = { pool: [], stopped: false };
  stopShared();
  state.current = me;
  const slots = [];
  for (let w = 1; w < workers; w++) {
    slots.push(state.spare ?? startPoolWorker());
    state.spare = null;
  }
  me.pool = slots.map((s) => s.worker).filter(Boolean);
  const st = { workers };
  try {
    // The engine hands over its table and makes the data check while the pool's wasm instantiates.
    const ready = Promise.allSettled(slots.map((s) => s.ready));
    const buffers = await engineTable(source, ask, st);
    st.tableAt = at();
    const { checks, seconds: checkSeconds } = await ask('gridChecks', { config });
    st.checkSeconds = checkSeconds;
    const up = (await ready).map((r) => r.status === 'fulfilled');
    const live = slots.filter((_, i) => up[i]);
    for (const s of slots.filter((_, i) => !up[i])) s.worker?.terminate();
    if (me.stopped) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
    if (!live.length) return null;
    const n = live.length + 1;
    st.workers = n;
    const names = config.models.map((m) => m.name);
    const running = new Array(n).fill(null); // {name, trees, p} per worker
    let done = 0;
    let pieces = names.length;
    const tell = (stage) => onProgress({ done, n: pieces, workers: n, running: running.filter(Boolean), stage });
    const heard = (w, job) => (p) => {
      if (p.stage !== 'fit') return;
      running[w] = { name: names[job.index], trees: job.trees ?? null, p };
      tell('fit');
    };
    const finished = (w) => { done += 1; running[w] = null; tell('fit'); };
    // Both prepare at once: the engine's open answers the deal.
    const poolOpen = live.map((s) => {
      const [mine, transfer] = handOver(buffers);
      const t = performance.now();
      return call(s.worker, 'sharedOpen', { buffers: mine, config, checks }, { transfer }).then((o) => ({ ...o, wall: since(t) }));
    });
    poolOpen.forEach((p) => p.catch(() => {}));
    const opened = await ask(`${tab}Open`, { config, checks, workers: n }, { onProgress: (p) => tell(p.stage) });
    st.openAt = at();
    // jobs[w]: worker w's share, {index, trees?} each.
    const jobs = tab === 'train'
      ? Array.from({ length: n }, (_, w) => (opened.trees[0]?.[w] ? [{ index: 0, trees: opened.trees[0][w] }] : []))
      : opened.deal.map((models) => models.map((index) => ({ index })));
    pieces = jobs.reduce((a, j) => a + j.length, 0);
    st.jobs = jobs;
    const fits = [];
    st.finishedAt = new Array(n).fill(0);
    st.poolError = null;
    // Each worker fits its share in order; one that runs out takes the last
    // job not started from the worker with most left (the deal's costs are
    // guesses: early stopping is not known ahead); a pool worker that fails
    // leaves its jobs to the others.
    const queues = jobs.map((j) => [...j]);
    const dead = new Set();
    const next = (w) => {
      if (queues[w].length && !dead.has(w)) return queues[w].shift();
      let from = -1;
      for (let v = 0; v < n; v++) {
        if (v === w || !queues[v].length) continue;
        if (from < 0 || dead.has(v) > dead.has(from) || (dead.has(v) === dead.has(from) && queues[v].length > queues[from].length)) from = v;
      }
      return from < 0 ? null : (dead.has(from) ? queues[from].shift() : queues[from].pop());
    };
    st.ran = Array.from({ length: n }, () => []);
    const poolRuns = live.map(async (s, i) => {
      const w = i + 1;
      let job = null;
      try {
        await poolOpen[i];
        for (job = next(w); job && !me.stopped; job = next(w)) {
          st.ran[w].push(job.index);
          const { fit } = await call(s.worker, 'sharedFit', job, { onProgress: heard(w, job) });
          fits.push(fit);
          finished(w);
          job = null;
        }
      } catch (e) {
        if (me.stopped || e?.code === 'cancelled') throw e;
        // This worker failed: the others fit what it had left.
        st.poolError = String(e?.message ?? e);
        dead.add(w);
        if (job) queues[w].unshift(job);
        s.worker.terminate();
        abandon(s.worker, 'crashed', st.poolError);
        running[w] = null;
      }
      st.finishedAt[w] = at();
    });
    poolRuns.forEach((p) => p.catch(() => {}));
    const fitHere = async (job) => {
      st.ran[0].push(job.index);
      await ask(`${tab}Fit`, job, { onProgress: heard(0, job) });
      finished(0);
    };
    for (let job = next(0); job; job = next(0)) await fitHere(job);
    st.finishedAt[0] = at();
    await Promise.all(poolRuns);
    // What a failed pool worker left after the engine ran out.
    for (let job = next(0); job; job = next(0)) await fitHere(job);
    st.fitsAt = at();
    tell('evaluate');
    // A Train-tab run's permutation importance (most of what follows the
    // trees) is measured in parts by the engine and the live pool workers.
    const alive = tab === 'train' && !me.stopped ? live.map((s, i) => ({ s, w: i + 1 })).filter(({ w }) => !dead.has(w)) : [];
    const importance = alive.length ? await measureShared({ me, st, at, ask, fits, alive, tell: (columns, stage) => onProgress({ done, n: pieces, workers: n, running: [], stage, columns }) }) : null;
    st.inspectAt = at();
    const adopt = importance ? { fits: [], importance } : { fits };
    const result = await ask(`${tab}Adopt`, adopt, { onProgress: (p) => tell(p.stage) });
    st.adoptAt = at();
    return { ...result, workers: n, stages: st };
  } finally {
    for (const w of me.pool) w.terminate(); // their wasm memory never shrinks: a fresh worker next time
    if (state.current === me) state.current = null;
  }
}

/**
 * The permutation importance of a Train-tab run whose fits are all in,
 * in parts: the pool workers `alive` ({s: slot, w}) join every fit (the
 * engine's `trainKept` and the pool's `fits`) and start measuring features
 * while the engine joins and evaluates the run (`trainJoin`); then each
 * takes the next feature until none is left. A pool worker that fails
 * leaves its feature to the others. Resolves to the pool's parts (JSON
 * texts) for the engine's adopt, which joins them with its own: the
 * importance one worker measures, bit for bit. `tell(columns, stage)`
 * hears {done, of, running, name}.
 */
async function measureShared({ me, st, at, ask, fits, alive, tell }) {
  const kept = await ask('trainKept', {});
  const all = [...kept, ...fits];
  const jobs = [];
  const cols = { done: 0, of: 0, running: 0, name: null };
  let planned = false;
  let names = [];
  const plan = ({ columns, names: named = [] }) => {
    names = names.length ? names : named;
    if (planned) return;
    planned = true;
    columns.forEach((c, index) => { for (let f = 0; f < c; f++) jobs.push({ index, columns: [f, f + 1] }); });
    cols.of = jobs.length;
  };
  const named = (p) => { cols.name = p.name ?? cols.name; };
  st.importanceSeconds = 0; // summed over the features, on whichever worker measured them
  const measuring = (run) => async (job) => {
    cols.name = names[job.index] ?? cols.name;
    cols.running += 1;
    tell(cols, 'inspect');
    const t = performance.now();
    try {
      return await run(job);
    } finally {
      cols.running -= 1;
      st.importanceSeconds += (performance.now() - t) / 1000;
    }
  };
  const parts = [];
  st.importanceRan = alive.map(() => 0);
  const poolSide = alive.map(async ({ s, w }, i) => {
    let job = null;
    try {
      plan(await call(s.worker, 'sharedInspect', { fits: all }));
      const measure = measuring((j) => call(s.worker, 'sharedImportance', j, { onProgress: named }));
      for (job = jobs.shift(); job && !me.stopped; job = jobs.shift()) {
        const { part } = await measure(job);
        parts.push(part);
        cols.done += 1;
        st.importanceRan[i] += 1;
        job = null;
        tell(cols, 'inspect');
      }
    } catch (e) {
      if (me.stopped || e?.code === 'cancelled') throw e;
      // This worker failed: the engine measures what it had left.
      st.poolError = String(e?.message ?? e);
      if (job) jobs.unshift(job);
      s.worker.terminate();
      abandon(s.worker, 'crashed', st.poolError);
    }
  });
  poolSide.forEach((p) => p.catch(() => {}));
  plan({ columns: await ask('trainJoin', { fits }, { onProgress: (p) => { named(p); tell(cols, p.stage); } }) });
  st.joinAt = at();
  const here = measuring((j) => ask('trainImportance', j, { onProgress: named }));
  const drain = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      await here(job);
      cols.done += 1;
      tell(cols, 'inspect');
    }
  };
  await drain();
  await Promise.all(poolSide);
  await drain(); // what a failed pool worker left
  return parts;
}
