// Test-only (the engines' smoke suite inserts it before the page's own
// scripts): keeps the page's uncaught errors and unhandled rejections in
// window.__pageErrors, because WebDriver classic has no event for them.
window.__pageErrors = [];
window.addEventListener('error', function (e) {
  window.__pageErrors.push(String(e.message) + ' (' + e.filename + ':' + e.lineno + ')');
});
window.addEventListener('unhandledrejection', function (e) {
  window.__pageErrors.push('unhandled rejection: ' + String(e.reason && e.reason.stack || e.reason));
});
