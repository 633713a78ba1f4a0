// The boot check: a classic script that runs before the page's modules and
// tells a reader whose browser cannot run rareclass which feature is
// missing and what to use, instead of leaving a blank page (a browser
// without ES modules never runs the rest). It marks <html
// data-unsupported="…"> so the stylesheet hides the tools and app.js starts
// no engine. Written in the oldest JavaScript on purpose, and its sentences
// live here rather than in www/strings.js because that is a module, which
// is exactly what such a browser cannot load.
(function () {
  'use strict';
  var TEXT = {
    intro: 'rareclass cannot run in this browser. It lacks:',
    modules: 'JavaScript modules (the page is made of them)',
    simd: 'WebAssembly SIMD (the engine is compiled with vector instructions)',
    worker: 'module workers (training runs in one, so the page never freezes)',
    canvas: 'OffscreenCanvas (charts are drawn off the page\u2019s thread)',
    use: 'Open it in a current Firefox (114 or later), Chrome or Edge (91 or later), or Safari (16.4 or later).'
  };

  var missing = [];
  if (!('noModule' in document.createElement('script'))) missing.push('modules');

  // A module of one function using a SIMD instruction (v128, i8x16.splat, i8x16.popcnt).
  var simd = false;
  try {
    simd = typeof WebAssembly === 'object' && WebAssembly.validate(new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11
    ]));
  } catch (e) { simd = false; }
  if (!simd) missing.push('simd');

  // A browser with module workers reads the `type` option; the URL is
  // invalid, so nothing is fetched and no worker starts.
  var moduleWorker = false;
  try {
    new Worker('http://[', { get type() { moduleWorker = true; return 'module'; } });
  } catch (e) { /* the invalid URL: expected */ }
  if (!moduleWorker) missing.push('worker');

  if (typeof OffscreenCanvas !== 'function' || !('transferToImageBitmap' in OffscreenCanvas.prototype)) {
    missing.push('canvas');
  }

  if (!missing.length) return;
  document.documentElement.setAttribute('data-unsupported', missing.join(' '));
  function show() {
    var box = document.createElement('div');
    box.className = 'unsupported';
    box.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.textContent = TEXT.intro;
    box.appendChild(p);
    var ul = document.createElement('ul');
    for (var i = 0; i < missing.length; i++) {
      var li = document.createElement('li');
      li.textContent = TEXT[missing[i]];
      ul.appendChild(li);
    }
    box.appendChild(ul);
    var use = document.createElement('p');
    use.textContent = TEXT.use;
    box.appendChild(use);
    // Under the page's title, in place of the tools the stylesheet hides.
    var top = document.querySelector('header');
    if (top) top.parentNode.insertBefore(box, top.nextSibling);
    else document.body.insertBefore(box, document.body.firstChild);
  }
  if (document.body) show(); else document.addEventListener('DOMContentLoaded', show);
}());
