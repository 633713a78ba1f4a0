// The boot check: a classic script that runs before the page's modules and
// tells a reader whose browser cannot run rareclass which feature is
// missing and what to use, instead of leaving a blank page (a browser
// without ES modules never runs the rest). A page opened from disk
// (file://) gets, likewise, what to run to serve it: browsers load no
// module, worker or wasm from file://. Either way it marks <html
// data-unsupported="…"> so the stylesheet hides the tools and app.js starts
// no engine. Otherwise it registers the service worker (sw.js, beside
// index.html) that lets a second visit work offline. Written in the oldest
// JavaScript on purpose, and its sentences live here rather than in
// www/strings.js because that is a module, which is exactly what such a
// browser (or a file:// page) cannot load.
(function () {
  'use strict';
  var TEXT = {
    intro: 'rareclass cannot run in this browser. It lacks:',
    modules: 'JavaScript modules (the page is made of them)',
    simd: 'WebAssembly SIMD (the engine is compiled with vector instructions)',
    worker: 'module workers (training runs in one, so the page never freezes)',
    canvas: 'OffscreenCanvas (charts are drawn off the page\u2019s thread)',
    use: 'Open it in a current Firefox (114 or later), Chrome or Edge (91 or later), or Safari (16.4 or later).',
    fileIntro: 'This page was opened from a file (file://), and browsers do not run its modules, workers and WebAssembly from disk. Serve the folder over HTTP instead:',
    fileServe: ['In the repository, run ', 'bash scripts/serve.sh', ' and open ', 'http://127.0.0.1:8000/', '.'],
    fileOther: ['Or serve this folder with any static web server that sends .js files as text/javascript and .wasm files as application/wasm, for example ', 'python3 -m http.server 8000', ' here, then open ', 'http://localhost:8000/', '.'],
    fileHeaders: 'For the quickest Cancel, send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp too (the README, "Browsers and hosting", says what works without them).'
  };

  /** A paragraph of text runs; every second one is a command or address, as <code>. */
  function para(parts) {
    var p = document.createElement('p');
    if (typeof parts === 'string') parts = [parts];
    for (var i = 0; i < parts.length; i++) {
      var node = i % 2 ? document.createElement('code') : document.createTextNode(parts[i]);
      if (i % 2) node.textContent = parts[i];
      p.appendChild(node);
    }
    return p;
  }

  /** Puts `box` under the page's title, in place of the tools the stylesheet hides. */
  function place(box) {
    var top = document.querySelector('header');
    if (top) top.parentNode.insertBefore(box, top.nextSibling);
    else document.body.insertBefore(box, document.body.firstChild);
  }

  function whenBody(f) {
    if (document.body) f(); else document.addEventListener('DOMContentLoaded', f);
  }

  if (location.protocol === 'file:') {
    document.documentElement.setAttribute('data-unsupported', 'file');
    whenBody(function () {
      var box = document.createElement('div');
      box.className = 'unsupported';
      box.id = 'served-from-file';
      box.setAttribute('role', 'alert');
      box.appendChild(para(TEXT.fileIntro));
      box.appendChild(para(TEXT.fileServe));
      box.appendChild(para(TEXT.fileOther));
      box.appendChild(para(TEXT.fileHeaders));
      place(box);
    });
    return;
  }

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

  if (!missing.length) {
    registerServiceWorker();
    return;
  }
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
    place(box);
  }
  whenBody(show);

  /**
   * Registers sw.js (beside index.html, so its scope is the folder the page
   * is served from, at any sub-path) once the page has loaded, so its
   * precache never competes with the page's own first requests. Marks
   * <html data-sw="ready"> when it controls the page, "off" when the
   * browser has none or refuses it (then the page works online only).
   * The testing hook `?nosw` skips it.
   */
  function registerServiceWorker() {
    var html = document.documentElement;
    if (!('serviceWorker' in navigator) || /[?&]nosw(&|=|$)/.test(location.search)) {
      html.setAttribute('data-sw', 'off');
      return;
    }
    window.addEventListener('load', function () {
      // updateViaCache 'none': every update check reads sw.js and the build
      // manifest it imports from the server, so a new deploy is seen.
      navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        html.setAttribute('data-sw', 'ready');
      }, function () {
        html.setAttribute('data-sw', 'off');
      });
    });
  }
}());
