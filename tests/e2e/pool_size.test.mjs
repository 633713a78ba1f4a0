// www/pool_size.js in Node (no browser): a shared run's workers are capped
// by the memory a pool worker is expected to add. Expected values worked
// out by hand: budget 1024 MiB, a worker costing 3 × the engine's memory.
import test from 'node:test';
import assert from 'node:assert/strict';
import { workersWithinMemory } from '../../www/pool_size.js';

const MiB = 2 ** 20;

test('the fraud file (engine 92 MiB after the read) may use 4 workers: 1 + floor(1024 / 276)', () => {
  assert.equal(workersWithinMemory(92 * MiB), 4);
});

test('a file whose engine holds 300 MiB gets one pool worker (1024 / 900), one of 342 MiB none (1024 / 1026)', () => {
  assert.equal(workersWithinMemory(300 * MiB), 2);
  assert.equal(workersWithinMemory(342 * MiB), 1);
});

test('an unknown engine memory keeps the run on the engine', () => {
  for (const v of [0, NaN, undefined, null, -5]) assert.equal(workersWithinMemory(v), 1);
});
