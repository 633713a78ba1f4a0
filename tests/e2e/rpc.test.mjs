// www/rpc.js, the page ↔ worker protocol, on a MessageChannel in Node (no
// browser): a call's value, its progress reports in order before it, an
// error's code and message, transfer of a buffer, answers matched to their
// calls by id when several wait, an unknown method, a failed start,
// `refuse` (a trapped wasm instance) answering instead of the method, and
// `abandon` rejecting what waits on a worker the page stopped.
import test from 'node:test';
import assert from 'node:assert/strict';
import { call, serve, abandon, pending, isGone, RpcError, Transfer } from '../../www/rpc.js';

/** A page end and a worker end joined like a Worker and its global. */
function pair(methods, options = {}) {
  const { port1, port2 } = new MessageChannel();
  serve(methods, { ...options, scope: port2 });
  port1.start();
  return { page: port1, close: () => { port1.close(); port2.close(); } };
}

test('a call resolves with the method value, after its progress reports in order', async () => {
  const { page, close } = pair({
    add: ({ a, b }, { progress }) => {
      for (let step = 1; step <= 3; step++) progress({ stage: 'fit', step, of: 3, at_most: false, loss: 1 / step });
      return a + b;
    },
  });
  const seen = [];
  const value = await call(page, 'add', { a: 2, b: 40 }, { onProgress: (p) => seen.push(p) });
  assert.equal(value, 42);
  assert.deepEqual(seen.map((p) => [p.stage, p.step, p.loss]), [['fit', 1, 1], ['fit', 2, 0.5], ['fit', 3, 1 / 3]]);
  assert.equal(pending(page), 0);
  close();
});

test('a thrown error rejects with its code and message; an error without a code is "failed"', async () => {
  const { page, close } = pair({
    coded: () => { const e = new Error('training cancelled'); e.code = 'cancelled'; throw e; },
    plain: () => { throw new Error('column "x" is missing'); },
  });
  await assert.rejects(call(page, 'coded'), (e) => e instanceof RpcError && e.code === 'cancelled' && e.message === 'training cancelled');
  await assert.rejects(call(page, 'plain'), (e) => e.code === 'failed' && e.message === 'column "x" is missing');
  await assert.rejects(call(page, 'nope'), (e) => e.code === 'unknown_method' && /"nope"/.test(e.message) && /coded, plain/.test(e.message));
  close();
});

test('answers reach their own calls when several wait, and a buffer moves both ways', async () => {
  const { page, close } = pair({
    slow: async ({ x }) => { await new Promise((r) => setTimeout(r, 30)); return x; },
    fast: ({ x }) => x,
    bytes: ({ buf }) => { const u = new Uint8Array(buf); u[0] += 1; return new Transfer(u, [u.buffer]); },
  });
  const [a, b] = await Promise.all([call(page, 'slow', { x: 'first' }), call(page, 'fast', { x: 'second' })]);
  assert.deepEqual([a, b], ['first', 'second']);
  const buf = new Uint8Array([7, 8]).buffer;
  const back = await call(page, 'bytes', { buf }, { transfer: [buf] });
  assert.equal(buf.byteLength, 0, 'moved, not copied');
  assert.deepEqual([...back], [8, 8]);
  close();
});

test('a failed start answers every request with code "engine"', async () => {
  const { page, close } = pair({ ping: () => 'pong' }, { ready: Promise.reject(new Error('no wasm')) });
  await assert.rejects(call(page, 'ping'), (e) => e.code === 'engine' && e.message === 'no wasm');
  close();
});

test('refuse() answers instead of the method, before it and after it', async () => {
  let trapped = null;
  let ran = 0;
  const { page, close } = pair({
    boom: () => { ran += 1; trapped = { code: 'crashed', message: 'unreachable executed' }; return 'partial'; },
    ping: () => { ran += 1; return 'pong'; },
  }, { refuse: () => trapped });
  await assert.rejects(call(page, 'boom'), (e) => e.code === 'crashed' && isGone(e));
  await assert.rejects(call(page, 'ping'), (e) => e.code === 'crashed');
  assert.equal(ran, 1, 'no method runs after the trap');
  close();
});

test('abandon rejects every waiting call with its code; later answers are dropped', async () => {
  let release;
  const { page, close } = pair({ hang: () => new Promise((r) => { release = r; }) });
  const waiting = call(page, 'hang');
  // Until the worker side has the call (a fixed 10 ms was too short on a
  // loaded machine: \`release\` was still unset below).
  while (!release) await new Promise((r) => setTimeout(r, 5));
  assert.equal(pending(page), 1);
  abandon(page, 'cancelled', 'stopped by the page');
  await assert.rejects(waiting, (e) => e.code === 'cancelled' && isGone(e) && e.message === 'stopped by the page');
  assert.equal(pending(page), 0);
  release('late');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(isGone(new RpcError('failed', 'x')), false);
  close();
});
