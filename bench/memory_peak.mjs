// Peak memory of the tab while it loads a CSV through the page's file picker
// and trains the Train tab's default model on it (issue: "peak tab memory
// while loading and training on the fraud file stays under 2.5× the file's
// size"), in headless Chromium.
//
// What is measured, and why this way: the page's engine runs in workers,
// which are threads of the tab's renderer process, so the tab's memory is
// that process's resident set. Its high-water mark (VmHWM in
// /proc/PID/status) is kept by the kernel, so no sampling can miss a short
// peak. The renderer is found as a descendant of the browser process whose
// command line holds this run's profile directory. The browser's other
// processes (GPU, network, utility) are reported beside it, sampled every
// 50 ms, for the whole browser's peak. Chromium's own
// performance.measureUserAgentSpecificMemory() (the page is cross-origin
// isolated) is asked after training, as a second opinion on the JS and wasm
// heaps; it may be unavailable or slow, which the output says.
//   node bench/memory_peak.mjs [CSV]      # default: $CREDITCARD or bench/data/creditcard.csv
//   MODEL=mlp node bench/memory_peak.mjs   # another kind from the model menu
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const fileBytes = fs.statSync(csv).size;
const MB = 2 ** 20;

/** Every process as {pid, ppid, cmd}. */
function processes() {
  const out = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid, cmd });
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** The browser process of `profile` and its descendants. */
function browserTree(profile) {
  const all = processes();
  const root = all.find((p) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type='));
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

/** VmRSS and VmHWM of `pid` in bytes (0 when it is gone). */
function memoryOf(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((s.match(new RegExp(`${key}:\\s+(\\d+)`)) ?? [0, 0])[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

const server = await serve();
const browser = await launch();
let sampler = null;
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  const renderers = () => browserTree(browser.profile).filter((p) => p.cmd.includes('--type=renderer'));
  const before = renderers().map((p) => ({ pid: p.pid, ...memoryOf(p.pid) }));
  // The whole browser's resident set, sampled (the kernel keeps no
  // high-water mark for a sum of processes).
  let browserPeak = 0;
  sampler = setInterval(() => {
    const sum = browserTree(browser.profile).reduce((s, p) => s + memoryOf(p.pid).rss, 0);
    browserPeak = Math.max(browserPeak, sum);
  }, 50);
  const t0 = Date.now();
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  const loadS = (Date.now() - t0) / 1000;
  const afterLoad = renderers().map((p) => ({ pid: p.pid, ...memoryOf(p.pid) }));
  // MODEL=mlp (a value of the model menu) trains that kind instead of the default.
  if (process.env.MODEL) await page.selectOption('#model-kind', process.env.MODEL);
  const model = await page.evaluate(() => document.querySelector('#model-kind')?.value ?? null);
  const t1 = Date.now();
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'cancelled', 'train-error'].includes(document.body.dataset.train));
  const trainS = (Date.now() - t1) / 1000;
  const trainState = await page.evaluate(() => document.body.dataset.train);
  const afterTrain = renderers().map((p) => ({ pid: p.pid, ...memoryOf(p.pid) }));
  clearInterval(sampler);
  sampler = null;
  // Chromium's own measure: it waits for a garbage collection, so it is bounded.
  const uaMemory = await page.evaluate(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return { available: false };
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ available: true, timedOut: true }), 60_000));
    return Promise.race([performance.measureUserAgentSpecificMemory().then((m) => ({ available: true, bytes: m.bytes })), timeout]);
  });
  // The tab is the renderer that grew (the page's); others hold about:blank.
  const tab = afterTrain.reduce((a, b) => (b.hwm > a.hwm ? b : a), { hwm: 0 });
  const baseline = before.find((p) => p.pid === tab.pid)?.rss ?? 0;
  const row = {
    file: path.basename(csv),
    file_mb: +(fileBytes / MB).toFixed(1),
    model,
    load_s: loadS,
    train_s: trainS,
    train_state: trainState,
    tab_rss_before_mb: +(baseline / MB).toFixed(0),
    tab_rss_after_load_mb: +((afterLoad.find((p) => p.pid === tab.pid)?.rss ?? 0) / MB).toFixed(0),
    tab_peak_mb: +(tab.hwm / MB).toFixed(0),
    tab_peak_over_file: +(tab.hwm / fileBytes).toFixed(2),
    browser_peak_mb: +(browserPeak / MB).toFixed(0),
    ua_memory_mb: uaMemory.bytes ? +(uaMemory.bytes / MB).toFixed(0) : null,
    ua_memory: uaMemory.bytes ? 'measured' : uaMemory.available ? 'timed out' : 'unavailable',
    load_average: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
  console.log(JSON.stringify(row));
  console.log(`\n| file | size | tab peak (VmHWM) | × file | tab before | after load | browser peak (all processes) | measureUserAgentSpecificMemory | load s | train s | load avg |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  console.log(`| ${row.file} | ${row.file_mb} MB | ${row.tab_peak_mb} MB | ${row.tab_peak_over_file} | ${row.tab_rss_before_mb} MB | ${row.tab_rss_after_load_mb} MB | ${row.browser_peak_mb} MB | ${row.ua_memory_mb ?? row.ua_memory} ${row.ua_memory_mb ? 'MB' : ''} | ${loadS.toFixed(1)} | ${trainS.toFixed(1)} | ${row.load_average} |`);
} finally {
  if (sampler) clearInterval(sampler);
  await browser.close();
  await server.close();
}
