// Takes the network away from a worker that holds the user's data, once its
// wasm is compiled: after lockDown() no code in the worker (ours, a
// dependency's, or anything injected) can send a byte anywhere with fetch,
// XMLHttpRequest, WebSocket, EventSource, WebTransport or importScripts, or
// start a worker of its own to do it. The page's CSP header (connect-src
// 'self', worker-src 'self') already keeps requests on this origin; this
// holds even when a host serves the page without that header. Dynamic
// import() is syntax and cannot be removed: the CSP covers it. Knows
// nothing of what the worker does.

/** The global names through which a worker can reach the network. */
export const NETWORK = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport',
  'importScripts', 'Worker', 'SharedWorker', 'Request',
];

/** Removes every NETWORK name from `scope` (the worker's global) for good. */
export function lockDown(scope = self) {
  for (const name of NETWORK) {
    // A plain function, so `new XMLHttpRequest()` throws this message too.
    const gone = function disabled() {
      throw new Error(`${name} is disabled: this worker holds your data and makes no requests`);
    };
    try {
      // Own or inherited (from WorkerGlobalScope): shadow it, not writable, not configurable.
      Object.defineProperty(scope, name, { value: gone, writable: false, configurable: false, enumerable: false });
    } catch {
      try { scope[name] = gone; } catch { /* a name the engine does not let us touch */ }
    }
  }
}
