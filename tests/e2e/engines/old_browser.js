// Test-only (inserted before the page's scripts): makes a current browser
// look like one without WebAssembly SIMD and without module workers, so the
// suite can check that www/boot.js names both and nothing else starts.
WebAssembly.validate = function () { return false; };
window.Worker = function () { throw new TypeError('this browser has no workers'); };
