// The Web Worker that owns the wasm instance: a small dispatcher from
// messages to `Session` calls, so parsing never blocks the page. Knows
// nothing of the DOM or of how results are shown.
//
// In:  {type: 'begin', id}            start reading a new file
//      {type: 'chunk', id, bytes}     the next Uint8Array of it
//      {type: 'end', id}              no more bytes: summarise
// Out: {type: 'ready', version} | {type: 'progress', id, bytesRead}
//      {type: 'summary', id, summary} | {type: 'error', id, message}
//      {type: 'fatal', message}       the engine could not start
import init, { Session, version } from '../pkg/rareclass.js';

let session = null;   // the Session of file `current`, replaced per file
let current = null;   // id of the file being read
let failed = false;   // `current` threw: ignore its remaining chunks

function handle(msg) {
  if (msg.type === 'begin') {
    if (session) session.free();
    session = new Session();
    current = msg.id;
    failed = false;
    return;
  }
  if (msg.id !== current || failed) return;
  try {
    if (msg.type === 'chunk') {
      session.pushChunk(msg.bytes);
      postMessage({ type: 'progress', id: msg.id, bytesRead: session.bytesRead() });
    } else if (msg.type === 'end') {
      postMessage({ type: 'summary', id: msg.id, summary: session.finish() });
    }
  } catch (e) {
    failed = true;
    postMessage({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
}

// Messages are handled in order, each only after the module is instantiated.
let queue = init().then(
  () => postMessage({ type: 'ready', version: version() }),
  (e) => { postMessage({ type: 'fatal', message: String(e && e.message || e) }); throw e; },
);
self.onmessage = (e) => { queue = queue.then(() => handle(e.data)); };
