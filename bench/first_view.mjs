// What a first visit costs before the page's first view is ready: in
// headless Chromium (fresh profile, nothing cached), the page opened as a
// first-time visitor sees it, timed from navigation to the demo's run done
// and its result cards and charts shown (<body data-train="done"> and
// data-view set), and every file the page, its worker and the demo fetched
// meanwhile, with each file's size raw and gzipped (GNU gzip -9, as a host
// compressing on the fly would send it; the test server sends files as they
// are). The page starts on the first-view module (pkg/first/) and fetches
// the full module (pkg/) after that view, in the background
// (www/engine_client.js): what it fetched from then until the full module
// took over (<body data-engine="full">) is listed apart, with the time of
// the move. The service worker is left out (?nosw): it precaches the page's
// files after the load, for offline use. Prints one JSON line per repeat
// and two tables.
//   node bench/first_view.mjs [REPEATS]
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const repeats = Number(process.argv[2] ?? 3);
// GNU gzip -9, as scripts/build.sh checks the 450 kB budget (Node's zlib,
// Chromium's fork, makes the wasm ~5 kB larger at the same level; brotli,
// which most hosts send, ~95 kB smaller: listed for the wasm).
const gz = (file) => execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 28 }).length;
const br = (file) => zlib.brotliCompressSync(fs.readFileSync(file)).length;
/** The files of the repository the request paths name. */
const files = (requests) => [...new Set(requests.map((u) => new URL(u, 'http://x').pathname))]
  .map((p) => (p.endsWith('/') ? `${p}index.html` : p))
  .map((p) => path.join(ROOT, p))
  .filter((f) => fs.existsSync(f));
/** {byKind: {kind: {files, raw, gzipped}}, total: {raw, gzipped}} of `list`. */
function sizes(list) {
  const byKind = {};
  for (const f of list) {
    const kind = f.endsWith('.wasm') ? 'wasm' : path.extname(f).slice(1);
    byKind[kind] ??= { files: 0, raw: 0, gzipped: 0 };
    byKind[kind].files += 1;
    byKind[kind].raw += fs.statSync(f).size;
    byKind[kind].gzipped += gz(f);
  }
  const total = Object.values(byKind).reduce((a, k) => ({ raw: a.raw + k.raw, gzipped: a.gzipped + k.gzipped }), { raw: 0, gzipped: 0 });
  return { byKind, total };
}
const rows = [];
for (let r = 0; r < repeats; r++) {
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(120_000);
    const t0 = Date.now();
    await page.goto(`${server.url}?nosw`);
    await page.waitForFunction(() => document.body.dataset.train === 'done' && document.body.dataset.view !== undefined);
    const seconds = (Date.now() - t0) / 1000;
    const early = server.requests.length;
    await page.waitForFunction(() => document.body.dataset.engine === 'full');
    const movedS = (Date.now() - t0) / 1000;
    const firstFiles = files(server.requests.slice(0, early));
    const before = new Set(firstFiles);
    const later = files(server.requests.slice(early)).filter((f) => !before.has(f));
    const { byKind, total } = sizes(firstFiles);
    const background = sizes(later);
    const row = {
      repeat: r, seconds, files: firstFiles.length, ...total, byKind, wasm: firstFiles.filter((f) => f.endsWith('.wasm')).map((f) => path.relative(ROOT, f)),
      movedS, background: { files: later.map((f) => path.relative(ROOT, f)), ...background.total },
      load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  } finally {
    await browser.close();
    await server.close();
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const last = rows[rows.length - 1];
console.log(`\n| what | files | raw bytes | gzipped bytes |\n|---|---:|---:|---:|`);
for (const [k, v] of Object.entries(last.byKind).sort((a, b) => b[1].gzipped - a[1].gzipped)) {
  console.log(`| ${k} | ${v.files} | ${v.raw.toLocaleString('en')} | ${v.gzipped.toLocaleString('en')} |`);
}
console.log(`| **total** | ${last.files} | ${last.raw.toLocaleString('en')} | ${last.gzipped.toLocaleString('en')} |`);
const wasmFiles = [...new Set(last.wasm)];
console.log(`\nfirst view's wasm (${wasmFiles.join(', ')}): ${(last.byKind.wasm?.gzipped ?? 0).toLocaleString('en')} B gzipped (budget 450,000: ${(last.byKind.wasm?.gzipped ?? 0) < 450_000 ? 'within' : 'OVER'}); brotli ${wasmFiles.reduce((a, f) => a + br(path.join(ROOT, f)), 0).toLocaleString('en')} B`);
console.log(`\nAfter the first view, in the background (until the full module took over):\n| file | raw bytes | gzipped bytes |\n|---|---:|---:|`);
for (const f of last.background.files) console.log(`| ${f} | ${fs.statSync(path.join(ROOT, f)).size.toLocaleString('en')} | ${gz(path.join(ROOT, f)).toLocaleString('en')} |`);
console.log(`| **total** | ${last.background.raw.toLocaleString('en')} | ${last.background.gzipped.toLocaleString('en')} |`);
console.log(`\ntime to first view (navigation → demo run done, charts shown), median of ${rows.length}: ${med(rows.map((x) => x.seconds)).toFixed(2)} s; to the full module's take-over: ${med(rows.map((x) => x.movedS)).toFixed(2)} s · load ${rows.map((x) => x.load).join(' / ')}`);
