// Measures, in headless Chromium, loading the 150 MB credit-card CSV through
// the page's file picker (bytes read → summary shown) and training on it,
// with a requestAnimationFrame counter on the main thread during both.
//   node bench/page_load.mjs [CREDITCARD]
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const server = await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(300_000);
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.evaluate(() => {
    delete document.body.dataset.state;
    window.__frames = 0; window.__maxGap = 0; let last = performance.now();
    const tick = (t) => { window.__frames++; window.__maxGap = Math.max(window.__maxGap, t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => document.body.dataset.state === 'loaded' || document.body.dataset.state === 'error');
  const loadS = (Date.now() - t0) / 1000;
  const state = await page.evaluate(() => document.body.dataset.state);
  const rows = await page.locator('#summary-line').getAttribute('data-rows');
  const load = await page.evaluate(() => ({ frames: window.__frames, maxGapMs: window.__maxGap }));
  console.log(JSON.stringify({ task: 'load', state, rows, seconds: loadS, ...load }));
  await page.evaluate(() => { window.__frames = 0; window.__maxGap = 0; });
  const before = await page.locator('#cards').innerText();
  const t1 = Date.now();
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'cancelled', 'train-error'].includes(document.body.dataset.train));
  const trainS = (Date.now() - t1) / 1000;
  const train = await page.evaluate(() => ({ state: document.body.dataset.train, frames: window.__frames, maxGapMs: window.__maxGap }));
  if (train.state === 'done') {
    await page.waitForFunction((b) => document.getElementById('cards').innerText !== b, before);
  }
  await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 0));
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT, fullPage: true });
  const cards = await page.locator('#cards').innerText();
  console.log(JSON.stringify({ task: 'train', seconds: trainS, ...train, cards: cards.replace(/\s+/g, ' ').slice(0, 200) }));
} finally {
  await browser.close();
  await server.close();
}
