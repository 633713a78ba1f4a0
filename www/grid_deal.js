// How a grid search's cells × folds fits are dealt to a pool's workers,
// one at a time as each worker comes free: plain functions, no DOM, no
// workers (tests/e2e/grid_deal.test.mjs runs them in Node). Which fit
// runs where never changes a number (every fit depends on its cell and
// fold only); the deal decides how often a worker prepares a fold's rows
// (it keeps the last fold's) and how evenly the workers end.

/**
 * Deals the `cells` × `folds` fits to `n` workers one at a time:
 * `next(w)` is worker w's next {cell, fold}, or null when it has nothing
 * left to do. `cost(cell)`: mean fit seconds of the cell so far (-1
 * unknown). 'folds' keeps a worker on the fold it has prepared until the
 * fold is done, then gives it an untouched fold, then lets it help with
 * the fold that has the most fits left (two or more: one last fit is done
 * sooner by the worker that has the fold prepared), slowest cells first.
 */
export function dealer(schedule, cells, folds, n, cost) {
  if (schedule !== 'folds') {
    const tasks = [];
    for (let f = 0; f < folds; f++) for (let c = 0; c < cells; c++) tasks.push({ cell: c, fold: f });
    const queues = schedule === 'cells'
      ? Array.from({ length: n }, (_, w) => tasks.filter((t) => t.cell % n === w))
      : Array.from({ length: n }, () => tasks);
    return { next: (w) => queues[w].shift() ?? null };
  }
  const left = Array.from({ length: folds }, () => Array.from({ length: cells }, (_, c) => c));
  const on = new Array(n).fill(-1);
  return {
    next(w) {
      let f = on[w];
      if (f < 0 || !left[f].length) {
        f = left.findIndex((l) => l.length === cells);
        if (f < 0) {
          const most = Math.max(...left.map((l) => l.length));
          f = most >= 2 ? left.findIndex((l) => l.length === most) : -1;
        }
        if (f < 0) return null;
        on[w] = f;
      }
      let pick = 0;
      for (let i = 1; i < left[f].length; i++) if (cost(left[f][i]) > cost(left[f][pick])) pick = i;
      return { cell: left[f].splice(pick, 1)[0], fold: f };
    },
  };
}

