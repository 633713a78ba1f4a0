// The service worker: lets a second visit work offline. On install it
// stores the page's files (index.html, www/, the wasm package, the bundled
// data the demos load) in a cache named after the build; on every request
// of this origin it asks the network first and answers from that cache only
// when the network fails. Network first, so a rebuild or a new deploy shows
// on the next reload exactly as without a service worker (scripts/serve.sh
// sends no-store for that), and what the network returns refreshes the
// cache. Knows nothing of what the page does.
//
// Why here beside index.html and not in www/: a service worker controls
// only the URLs under its own folder (unless the server sends a
// Service-Worker-Allowed header, which a plain static host does not), and
// it must control the page itself. Registered by www/boot.js as a relative
// URL, so the page works from any sub-path.
//
// The build: scripts/build.sh writes pkg/sw_manifest.js, which sets
// self.RARECLASS_BUILD (a hash of the page's files) and
// self.RARECLASS_FILES (what to store, relative to this file). The browser
// compares sw.js and the scripts it imports byte for byte whenever it
// checks for an update (each navigation; www/boot.js registers with
// updateViaCache 'none' so the HTTP cache never hides a change): a new
// build is a new manifest, so a new worker installs into a new cache
// `rareclass-<build>`, and on activation deletes every older `rareclass-*`
// cache. A manifest that is missing (pkg/ not built) fails the install,
// and the page simply works online only.
/* global RARECLASS_BUILD, RARECLASS_FILES */
'use strict';

importScripts('pkg/sw_manifest.js');

const CACHE = `rareclass-${RARECLASS_BUILD}`;
// The scope (the folder of index.html), so cache keys are full URLs.
const BASE = new URL('./', self.location.href);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload' skips the HTTP cache: the files stored are this build's.
    await cache.addAll(RARECLASS_FILES.map((f) => new Request(new URL(f, BASE), { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('rareclass-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});

/** The network's answer (stored for later), or this build's stored copy when the network fails. */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && response.status === 200) {
      const copy = response.clone();
      cache.put(keyOf(request), copy).catch(() => { /* storage full: the page still has the network */ });
    }
    return response;
  } catch (offline) {
    const stored = await cache.match(keyOf(request));
    if (stored) return stored;
    throw offline;
  }
}

/**
 * The cache key of a request: its URL, except that a page navigation
 * (index.html with any query or fragment, e.g. `?nosab` or a settings link)
 * is the scope's URL, stored once.
 */
function keyOf(request) {
  if (request.mode === 'navigate') {
    const url = new URL(request.url);
    if (url.pathname === BASE.pathname || url.pathname === `${BASE.pathname}index.html`) return BASE.href;
  }
  return request.url;
}
