// How many workers a shared run (www/shared_run.js) may use, by memory:
// each pool worker builds its own table and prepared rows in its own wasm
// memory, about three times what the engine holds once the file is read
// (the 100-tree forest on the 150 MB fraud file: engine 92 MB after the
// read, the tab's peak 456 MB on one worker and 729 MB on two), so on a
// large file a second worker could take the tab past what the machine
// gives it — and a crashed tab loses the user's work, where one worker
// only takes longer. Knows nothing of workers themselves.

/** The memory all pool workers of one run may add, at most (bytes). */
export const POOL_MEMORY_BUDGET = 1024 * 2 ** 20;

/** A pool worker's expected peak, in multiples of the engine's wasm memory after the read. */
export const WORKER_COST = 3;

/**
 * The most workers (the engine counted) a run may use when the engine's
 * wasm memory is `engineBytes`: the engine alone when that is unknown (0 or
 * not a number), else 1 + the pool workers whose expected peaks fit in
 * POOL_MEMORY_BUDGET.
 */
export function workersWithinMemory(engineBytes) {
  if (!(engineBytes > 0)) return 1;
  return 1 + Math.floor(POOL_MEMORY_BUDGET / (WORKER_COST * engineBytes));
}
