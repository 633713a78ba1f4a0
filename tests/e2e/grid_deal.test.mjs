// www/grid_deal.js in Node (no browser): however the workers come free,
// every (cell, fold) fit is dealt exactly once; with fold affinity a
// worker prepares a fold once per visit, the slowest known cell of a fold
// goes first, and a worker stops rather than prepare a fold for its last
// fit. Expected counts are worked out by hand in the comments.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dealer } from '../../www/grid_deal.js';

/** A seeded order of which worker comes free next (xorshift32). */
function freeOrder(seed, n) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

/** Deals everything, the next worker drawn by `pick`; per worker, the fits in order. */
function dealAll(schedule, cells, folds, n, pick, cost = () => -1) {
  const deal = dealer(schedule, cells, folds, n, cost);
  const got = Array.from({ length: n }, () => []);
  const stopped = new Set();
  while (stopped.size < n) {
    const w = pick();
    if (stopped.has(w)) continue;
    const task = deal.next(w);
    if (task) got[w].push(task); else stopped.add(w);
  }
  return got;
}

/** Fold visits: how many times a worker's fold differs from its previous fit's (each is one preparation). */
const visits = (tasks) => tasks.filter((t, i) => i === 0 || t.fold !== tasks[i - 1].fold).length;

test('every schedule deals each (cell, fold) exactly once, whatever order the workers come free in', () => {
  for (const schedule of ['folds', 'queue', 'cells']) {
    for (const [n, seed] of [[1, 1], [2, 7], [3, 11], [8, 5]]) {
      const got = dealAll(schedule, 10, 5, n, freeOrder(seed, n)).flat();
      const keys = got.map((t) => `${t.cell}/${t.fold}`);
      assert.equal(keys.length, 50, `${schedule}, ${n} workers`);
      assert.equal(new Set(keys).size, 50, `${schedule}, ${n} workers: a fit dealt twice`);
    }
  }
});

test('fold affinity: two workers taking turns prepare six folds, where one queue makes them prepare ten', () => {
  // Turns A, B, A, B …: A takes fold 0, B fold 1 (untouched), each stays on
  // its fold for 10 fits; then A fold 2, B fold 3; A takes fold 4 and B,
  // finding no untouched fold, helps with fold 4 (9 fits left): A visits
  // folds 0, 2, 4 and B folds 1, 3, 4 — six preparations.
  let turn = 0;
  const alternate = () => turn++ % 2;
  const folds = dealAll('folds', 10, 5, 2, alternate);
  assert.deepEqual(folds.map(visits), [3, 3]);
  assert.deepEqual(folds.map((t) => t.length), [25, 25]);
  // One fold-major queue taken in turns: each worker sees every fold.
  turn = 0;
  const queue = dealAll('queue', 10, 5, 2, alternate);
  assert.deepEqual(queue.map(visits), [5, 5]);
  // One worker: fold by fold, five preparations either way.
  assert.equal(visits(dealAll('folds', 10, 5, 1, () => 0)[0]), 5);
});

test('the slowest known cell of a fold goes first; unknown cells keep grid order', () => {
  const seconds = [0.1, 0.3, 0.9, 0.2];
  const deal = dealer('folds', 4, 2, 1, (c) => seconds[c]);
  assert.deepEqual([0, 1, 2, 3].map(() => deal.next(0).cell), [2, 1, 3, 0]);
  const unknown = dealer('folds', 4, 2, 1, () => -1);
  assert.deepEqual([0, 1, 2, 3].map(() => unknown.next(0).cell), [0, 1, 2, 3]);
});

test('a free worker does not prepare a fold for its one last fit', () => {
  // 3 cells, 1 fold, 2 workers: A takes cell 0; B helps (2 left) and takes
  // cell 1; A takes cell 2 from its own fold; B finds nothing left.
  const deal = dealer('folds', 3, 1, 2, () => -1);
  assert.deepEqual(deal.next(0), { cell: 0, fold: 0 });
  assert.deepEqual(deal.next(1), { cell: 1, fold: 0 });
  assert.deepEqual(deal.next(0), { cell: 2, fold: 0 });
  assert.equal(deal.next(1), null);
  // 2 cells, 1 fold: after A takes cell 0, one fit is left and B stops.
  const two = dealer('folds', 2, 1, 2, () => -1);
  two.next(0);
  assert.equal(two.next(1), null);
  assert.deepEqual(two.next(0), { cell: 1, fold: 0 });
});
