// www/theme.js in Node (no browser), with a stand-in for Chromium's
// MediaQueryList: reading its `matches` takes the change in, and a change
// taken in by a read is not sent as a 'change' event (what Chromium does
// when the read comes between a system change and its next rendering
// update; seen in the page tests, where the history chart kept its theme).
// The page's listeners must hear every change of the theme shown, once.
import test from 'node:test';
import assert from 'node:assert/strict';

/** A MediaQueryList whose system preference `set(dark)` changes; `render()` is Chromium's rendering update. */
function chromiumLikeQuery() {
  let system = false; // the system's preference
  let known = false;  // what the list last evaluated
  const listeners = new Set();
  return {
    get matches() { known = system; return known; },
    addEventListener(type, fn) { if (type === 'change') listeners.add(fn); },
    set(dark) { system = dark; },
    render() {
      if (known === system) return; // taken in by a read: no event
      known = system;
      for (const fn of listeners) fn({ matches: known });
    },
  };
}

const query = chromiumLikeQuery();
globalThis.matchMedia = () => query;
const { darkQuery, setTheme } = await import('../../www/theme.js');
const heard = [];
darkQuery.addEventListener('change', (e) => heard.push(e.matches));
const settle = () => new Promise((r) => setTimeout(r, 0));

test('a system change is heard once, whether its event comes or a read took it in first', async () => {
  query.set(true);
  query.render(); // the event comes
  await settle();
  assert.equal(darkQuery.matches, true);
  assert.deepEqual(heard, [true]);
  query.set(false);
  assert.equal(darkQuery.matches, false); // a chart painted before the rendering update
  query.render(); // no event: the read took the change in
  await settle();
  assert.deepEqual(heard, [true, false]);
  // More reads of the same state tell nobody again.
  assert.equal(darkQuery.matches, false);
  await settle();
  assert.deepEqual(heard, [true, false]);
});

test('the switch: a change of the theme shown is heard once, the same theme not at all', async () => {
  heard.length = 0;
  setTheme('dark');
  await settle();
  assert.deepEqual(heard, [true]);
  query.set(true); // the system follows: the page is dark already
  query.render();
  await settle();
  setTheme('system');
  await settle();
  assert.deepEqual(heard, [true]);
  setTheme('light');
  assert.equal(darkQuery.matches, false);
  await settle();
  assert.deepEqual(heard, [true, false]);
});
