// www/dom.js's number and duration formats, in Node (no browser): a
// duration reads as a person says it ("0.74 s", never "0.7389 s" or
// "0.01266 s"), byte counts and summary statistics. Expected strings are
// written by hand from the rules in dom.js's comments.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fmtDuration, fmtBytes, fmtNumber, fmtPercent } from '../../www/dom.js';

test('durations: two significant digits below 1 s, one decimal below 10 s, whole seconds, then minutes', () => {
  assert.equal(fmtDuration(0.7389), '0.74 s');
  assert.equal(fmtDuration(0.01266), '0.013 s');
  assert.equal(fmtDuration(0), '0 s');
  assert.equal(fmtDuration(3.14159), '3.1 s');
  assert.equal(fmtDuration(9.96), '10 s');
  assert.equal(fmtDuration(31.89), '32 s');
  assert.equal(fmtDuration(125.4), '2 min 05 s');
  assert.equal(fmtDuration(3600), '60 min 00 s');
  assert.equal(fmtDuration(NaN), '—');
  assert.equal(fmtDuration(-1), '—');
});

test('bytes, statistics and percentages', () => {
  assert.equal(fmtBytes(512), '512 B');
  assert.equal(fmtBytes(3482), '3.4 KB');
  assert.equal(fmtBytes(150_828_752), '143.8 MB');
  assert.equal(fmtNumber(284_807), '284,807');
  assert.equal(fmtNumber(3.92e-15), '3.92E-15');
  assert.equal(fmtNumber(0.123456), '0.1235');
  assert.equal(fmtPercent(0.1727), '0.17');
  assert.equal(fmtPercent(16.66), '16.7');
});
