// What the browser engine can do, decided in one place, so every tab takes
// the same path. Knows nothing of the tabs themselves.
//
// A shared cancel flag needs the SharedArrayBuffer constructor *and* a
// cross-origin isolated page (COOP/COEP headers). Checking isolation alone
// is not enough: WebKitGTK (2.50, Safari's engine) reports
// `crossOriginIsolated === true` under COOP/COEP yet has no
// SharedArrayBuffer, and `new SharedArrayBuffer` threw while the page's
// modules were being evaluated, leaving a blank page. Without the flag a
// run is cancelled by terminating its worker and starting a new one.

// The testing hook `?nosab` forces the terminate-and-restart cancel path.
const hooks = new URLSearchParams(location.search);

/** An Int32Array over a SharedArrayBuffer to share with a worker, or null. */
export function sharedCancelFlag() {
  if (hooks.has('nosab') || !self.crossOriginIsolated || typeof SharedArrayBuffer !== 'function') return null;
  try {
    return new Int32Array(new SharedArrayBuffer(4));
  } catch {
    return null;
  }
}

/** Whether typed arrays can be shared with workers (SharedArrayBuffer), decided as for the cancel flag. */
export function canShareMemory() {
  return sharedCancelFlag() !== null;
}
