// Peak memory of the tab while it loads a CSV through the page's file picker
// and trains the Train tab's default model on it (issue: "peak tab memory
// while loading and training on the fraud file stays under 2.5× the file's
// size"), in headless Chromium.
//
// What is measured, and why this way: the page's engine runs in workers,
// which are threads of the tab's renderer process, so the tab's memory is
// that process's resident set. Two readings of its peak, the larger kept:
// the kernel's high-water mark (VmHWM in /proc/PID/status) and the resident
// set sampled every 20 ms. The kernel updates VmHWM lazily (on unmaps, not
// when freed pages are handed back with madvise, as Chromium's allocators
// do), and it missed 80–130 MB transients that the samples saw. The
// resident set counts the Chromium executable's and libraries' pages the
// tab has touched (RssFile, ~120 MB here, shared with every other Chromium
// process), so the tab's private memory (RssAnon + RssShmem) is reported
// beside it: what the page itself allocated. The engine's wasm memory is
// asked of its worker (`memory`). The renderer is found as a descendant of the browser process whose
// command line holds this run's profile directory. The browser's other
// processes (GPU, network, utility) are reported beside it, sampled every
// 50 ms, for the whole browser's peak. Chromium's own
// performance.measureUserAgentSpecificMemory() (the page is cross-origin
// isolated) is asked after training and printed beside the rest, but it is
// no measure of the tab's peak: it counts JS objects, the DOM and canvases,
// and not a worker's wasm memory (14 MB after the fraud file's run, whose
// engine holds 118 MiB of wasm memory; 17 s to answer, at 8c8f91f). It may
// be unavailable or slow, which the output says.
// The tab is measured with its charts: "before" is the page at rest after
// the demo's run with its charts painted, and the peak runs until the new
// file's charts are painted too (they come after `train` is done, and hold
// ~45 MB: each chart's pixels are in the worker's canvas, the frame the page
// keeps, the page's canvas and the compositor's tiles). At the end a
// Chromium memory-infra dump splits the tab's memory by owner (bench
// `engine_heap` splits the engine's wasm memory by step).
//   node bench/memory_peak.mjs [CSV]      # default: $CREDITCARD or bench/data/creditcard.csv
//   MODEL=mlp node bench/memory_peak.mjs   # another kind from the model menu
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { browserTree } from './browser_cpu.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const fileBytes = fs.statSync(csv).size;
const MB = 2 ** 20;

/** VmRSS, VmHWM and private (anonymous + shared-memory) pages of `pid` in bytes (0 when it is gone). */
function memoryOf(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((s.match(new RegExp(`${key}:\\s+(\\d+)`)) ?? [0, 0])[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), own: kb('RssAnon') + kb('RssShmem'), file: kb('RssFile') };
  } catch {
    return { rss: 0, hwm: 0, own: 0, file: 0 };
  }
}

/**
 * The tab's memory by owner from a Chromium memory-infra dump (MB by
 * allocator: chart pixels in canvas, cc (tiles) and shared_memory, JS heaps
 * in v8 and blink_gc, the C++ heap in malloc); null when tracing fails.
 */
async function memoryInfra(cdp, pid) {
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  try {
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } }, transferMode: 'ReportEvents' });
    await cdp.send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'detailed' });
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
  } catch {
    return null;
  } finally {
    cdp.off('Tracing.dataCollected', onData);
  }
  const out = {};
  for (const e of events) {
    const all = e.pid === pid ? e.args?.dumps?.allocators : null;
    if (!all) continue;
    for (const k of ['canvas', 'cc', 'shared_memory', 'v8', 'blink_gc', 'partition_alloc', 'malloc']) {
      const size = parseInt(all[k]?.attrs?.size?.value ?? '0', 16);
      if (size) out[k] = +(size / MB).toFixed(1);
    }
  }
  return Object.keys(out).length ? out : null;
}

/** The page engine's wasm memory in bytes (its high-water mark: wasm memory never shrinks). */
const engineMemory = (page) => page.evaluate(async () => {
  const { ask } = await import(new URL('www/engine_client.js', document.baseURI).href);
  return ask('memory', {});
});

const server = await serve();
const browser = await launch();
let sampler = null;
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(server.url);
  // At rest: the demo trained and its charts painted (then a moment for the frames to land).
  await page.waitForFunction(() => document.body.dataset.train === 'done' && document.body.dataset.view);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const renderers = () => browserTree(browser.profile).filter((p) => p.cmd.includes('--type=renderer'));
  const before = renderers().map((p) => ({ pid: p.pid, ...memoryOf(p.pid) }));
  const wasmBefore = await engineMemory(page);
  // Every renderer's resident set and private pages, sampled, and the whole
  // browser's resident set (the kernel keeps no high-water mark for a sum).
  let browserPeak = 0;
  const peaks = new Map(); // pid -> {rss, own}
  sampler = setInterval(() => {
    let sum = 0;
    for (const p of browserTree(browser.profile)) {
      const m = memoryOf(p.pid);
      sum += m.rss;
      const k = peaks.get(p.pid) ?? { rss: 0, own: 0 };
      peaks.set(p.pid, { rss: Math.max(k.rss, m.rss), own: Math.max(k.own, m.own) });
    }
    browserPeak = Math.max(browserPeak, sum);
  }, 20);
  const t0 = Date.now();
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  const loadS = (Date.now() - t0) / 1000;
  const afterLoad = renderers().map((p) => ({ pid: p.pid, ...memoryOf(p.pid) }));
  const wasmAfterLoad = await engineMemory(page);
  // MODEL=mlp (a value of the model menu) trains that kind instead of the default.
  if (process.env.MODEL) await page.selectOption('#model-kind', process.env.MODEL);
  const model = await page.evaluate(() => document.querySelector('#model-kind')?.value ?? null);
  const view = await page.evaluate(() => document.body.dataset.view);
  const t1 = Date.now();
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'cancelled', 'train-error'].includes(document.body.dataset.train));
  const trainS = (Date.now() - t1) / 1000;
  const trainState = await page.evaluate(() => document.body.dataset.train);
  // The peak as measured before the charts counted: until `train` is done.
  const atDone = new Map([...peaks].map(([pid, k]) => [pid, { ...k, hwm: memoryOf(pid).hwm }]));
  // The new file's charts painted, and a moment for their frames to land.
  if (trainState === 'done') await page.waitForFunction((v) => document.body.dataset.view !== v, view);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const afterTrain = renderers().map((p) => ({ pid: p.pid, ...memoryOf(p.pid) }));
  const wasmAfterTrain = await engineMemory(page);
  clearInterval(sampler);
  sampler = null;
  // Chromium's own measure: it waits for a garbage collection, so it is bounded.
  const uaMemory = await page.evaluate(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return { available: false };
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ available: true, timedOut: true }), 60_000));
    return Promise.race([performance.measureUserAgentSpecificMemory().then((m) => ({ available: true, bytes: m.bytes })), timeout]);
  });
  // The tab is the renderer that grew (the page's); others hold about:blank.
  const peakOf = (p) => Math.max(p.hwm, peaks.get(p.pid)?.rss ?? 0);
  const tab = afterTrain.reduce((a, b) => (peakOf(b) > peakOf(a) ? b : a), { pid: 0, hwm: 0 });
  const infra = await memoryInfra(await browser.context.newCDPSession(page), tab.pid);
  const done = atDone.get(tab.pid) ?? { rss: 0, hwm: 0 };
  const was = before.find((p) => p.pid === tab.pid) ?? { rss: 0, own: 0 };
  const loaded = afterLoad.find((p) => p.pid === tab.pid) ?? { rss: 0, own: 0 };
  const mb = (b) => +(b / MB).toFixed(0);
  const row = {
    file: path.basename(csv),
    file_mb: +(fileBytes / MB).toFixed(1),
    model,
    load_s: loadS,
    train_s: trainS,
    train_state: trainState,
    tab_rss_before_mb: mb(was.rss),
    tab_rss_after_load_mb: mb(loaded.rss),
    tab_peak_mb: mb(peakOf(tab)),
    tab_peak_over_file: +(peakOf(tab) / fileBytes).toFixed(2),
    tab_vmhwm_mb: mb(tab.hwm),
    tab_peak_until_done_mb: mb(Math.max(done.rss, done.hwm)),
    tab_file_pages_mb: mb(tab.file),
    tab_private_before_mb: mb(was.own),
    tab_private_peak_mb: mb(peaks.get(tab.pid)?.own ?? 0),
    tab_private_peak_over_file: +((peaks.get(tab.pid)?.own ?? 0) / fileBytes).toFixed(2),
    engine_wasm_mb: [wasmBefore, wasmAfterLoad, wasmAfterTrain].map(mb),
    browser_peak_mb: mb(browserPeak),
    ua_memory_mb: uaMemory.bytes ? mb(uaMemory.bytes) : null,
    tab_after_by_owner_mb: infra,
    ua_memory: uaMemory.bytes ? 'measured' : uaMemory.available ? 'timed out' : 'unavailable',
    load_average: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
  console.log(JSON.stringify(row));
  console.log('\n| file | size | tab peak RSS (× file) | until train done | of which VmHWM saw | tab before → after load | tab private peak (× file) | private before | engine wasm: before / loaded / trained | browser peak (all processes) | measureUserAgentSpecificMemory (no wasm memory) | load s | train s | load avg |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|');
  console.log(`| ${row.file} | ${row.file_mb} MB | ${row.tab_peak_mb} MB (${row.tab_peak_over_file}) | ${row.tab_peak_until_done_mb} MB | ${row.tab_vmhwm_mb} MB | ${row.tab_rss_before_mb} → ${row.tab_rss_after_load_mb} MB | ${row.tab_private_peak_mb} MB (${row.tab_private_peak_over_file}) | ${row.tab_private_before_mb} MB | ${row.engine_wasm_mb.join(' / ')} MB | ${row.browser_peak_mb} MB | ${row.ua_memory_mb ?? row.ua_memory} ${row.ua_memory_mb ? 'MB' : ''} | ${loadS.toFixed(1)} | ${trainS.toFixed(1)} | ${row.load_average} |`);
  if (infra) {
    const chart = (infra.canvas ?? 0) + (infra.cc ?? 0) + (infra.shared_memory ?? 0);
    console.log('\nThe tab after training, by owner (MB; Chromium memory-infra, and /proc for the file pages; canvas is inside malloc):\n');
    console.log('| the browser\'s code and data files (RssFile) | engine wasm memory | chart pixels: canvas + cc tiles + shared memory | JS heaps: v8 + blink_gc | malloc (C++ heap, canvas included) | partition_alloc |');
    console.log('|---:|---:|---|---:|---:|---:|');
    console.log(`| ${row.tab_file_pages_mb} | ${row.engine_wasm_mb[2]} | ${chart.toFixed(0)} = ${infra.canvas ?? 0} + ${infra.cc ?? 0} + ${infra.shared_memory ?? 0} | ${((infra.v8 ?? 0) + (infra.blink_gc ?? 0)).toFixed(0)} | ${infra.malloc ?? 0} | ${infra.partition_alloc ?? 0} |`);
  }
} finally {
  if (sampler) clearInterval(sampler);
  await browser.close();
  await server.close();
}
