// Test-only (the engines' smoke suite inserts it before the page's own
// scripts): keeps the page's uncaught errors and unhandled rejections in
// window.__pageErrors, because WebDriver classic has no event for them.
// One error event is not the page's: "ResizeObserver loop completed with
// undelivered notifications" is how the ResizeObserver spec says that some
// size changes are delivered in the next frame rather than this one. The
// page's observers only start a timer (www/train.js, train_results.js,
// compare.js, explore.js, score.js, demo_element.js) and change no layout,
// so nothing is lost; WebKit raised it once while the Transfer tab drew its
// charts (fresh-clone CI, 7 December), with every chart painted.
window.__pageErrors = [];
window.addEventListener('error', function (e) {
  if (/^ResizeObserver loop/.test(String(e.message))) return;
  window.__pageErrors.push(String(e.message) + ' (' + e.filename + ':' + e.lineno + ')');
});
window.addEventListener('unhandledrejection', function (e) {
  window.__pageErrors.push('unhandled rejection: ' + String(e.reason && e.reason.stack || e.reason));
});
