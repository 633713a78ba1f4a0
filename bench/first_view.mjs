// What a first visit costs before the page's first view is ready: in
// headless Chromium (fresh profile, nothing cached), the page opened as a
// first-time visitor sees it, timed from navigation to the demo's run done
// and its result cards shown (<body data-train="done">), and every file the
// page, its worker and the demo fetched meanwhile, with each file's size
// raw and gzipped (-9, as a host compressing on the fly would send it; the
// test server sends files as they are). The service worker is left out
// (?nosw): it precaches the page's files after the load, for offline use,
// and is listed apart. Prints one JSON line per repeat and a table.
//   node bench/first_view.mjs [REPEATS]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const repeats = Number(process.argv[2] ?? 3);
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const rows = [];
for (let r = 0; r < repeats; r++) {
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(120_000);
    const t0 = Date.now();
    await page.goto(`${server.url}?nosw`);
    await page.waitForFunction(() => document.body.dataset.train === 'done');
    const seconds = (Date.now() - t0) / 1000;
    const files = [...new Set(server.requests.map((u) => new URL(u, 'http://x').pathname))]
      .map((p) => (p.endsWith('/') ? `${p}index.html` : p))
      .map((p) => path.join(ROOT, p))
      .filter((f) => fs.existsSync(f));
    const byKind = {};
    for (const f of files) {
      const kind = f.endsWith('.wasm') ? 'wasm' : path.extname(f).slice(1);
      byKind[kind] ??= { files: 0, raw: 0, gzipped: 0 };
      byKind[kind].files += 1;
      byKind[kind].raw += fs.statSync(f).size;
      byKind[kind].gzipped += gz(f);
    }
    const total = Object.values(byKind).reduce((a, k) => ({ raw: a.raw + k.raw, gzipped: a.gzipped + k.gzipped }), { raw: 0, gzipped: 0 });
    const row = { repeat: r, seconds, files: files.length, ...total, byKind, load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
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
console.log(`\ntime to first view (navigation → demo run done), median of ${rows.length}: ${med(rows.map((x) => x.seconds)).toFixed(2)} s · load ${rows.map((x) => x.load).join(' / ')}`);
