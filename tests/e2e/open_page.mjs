// The set-up every page test file shares: the test server, a fresh headless
// Chromium, and one page on which each request to another origin is aborted
// and recorded and each uncaught page error kept, so a test can assert both
// lists are empty. Knows nothing of what the tests check.
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from './server.mjs';
import { launch } from './browser.mjs';

export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/**
 * Resolves to {server, browser, page}. `foreign` and `pageErrors` are arrays
 * the caller owns (filled as things happen); `timeout` is the page's default;
 * `locale` the browser's language ('zh-CN'; default the system's).
 */
export async function openPage({ timeout, foreign, pageErrors, viewport = { width: 1280, height: 900 }, locale }) {
  const server = await serve();
  const browser = await launch({ locale });
  const origin = new URL(server.url).origin;
  await browser.context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(timeout);
  if (viewport) await page.setViewportSize(viewport);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return { server, browser, page };
}

/**
 * Shows the page in colour scheme `scheme` ('light' or 'dark', as the
 * system's preference) and resolves once every chart in view has a frame
 * painted in the theme the page now shows (its `data-theme`, set by
 * www/frames.js; the page's theme switch may override the system's): a
 * theme change repaints the charts one frame at a time, and a screenshot
 * taken before the last arrives shows charts of both themes.
 */
export async function showScheme(page, scheme, { timeout = 30_000 } = {}) {
  await page.emulateMedia({ colorScheme: scheme });
  const stale = () => page.evaluate(() => {
    const html = document.documentElement;
    const want = html.dataset.theme ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    return [...document.querySelectorAll('canvas[data-theme]')]
      .filter((c) => c.isConnected && c.offsetParent !== null && c.dataset.theme !== want)
      .map((c) => `${c.closest('figure')?.id ?? c.parentElement?.id ?? '?'} (${c.dataset.theme}, not ${want})`);
  });
  const until = Date.now() + timeout;
  let left = await stale();
  while (left.length && Date.now() < until) {
    // A frame, not just time: Chromium dispatches the media query's
    // 'change' event in a rendering update, and a headless page that asks
    // for no frame may wait for one indefinitely.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    left = await stale();
  }
  if (left.length) throw new Error(`showScheme(${scheme}): charts not repainted in ${timeout} ms: ${left.join(', ')}`);
  // Let the last frame reach the screen.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Resolves once the page's engine is the full module (<body
 * data-engine="full">): the page starts on the first-view module and moves
 * about a second after the demo's charts (www/engine_client.js), replacing
 * the chart canvases and repainting the views. A test that focuses or
 * measures a canvas, or waits for the next view, waits for the move first.
 */
export async function fullEngine(p) {
  await p.waitForFunction(() => document.body.dataset.engine === 'full');
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Resolves once the worker has answered the page's latest view request:
 * the view is drawn (the confusion line counted, the cards filled; the cards
 * are emptied whenever the results are hidden: a new file, a restart), and
 * any view queued behind it (a resize, a slider move) had time to finish.
 */
export async function viewSettled(p) {
  await p.waitForFunction(() => document.body.dataset.view && document.querySelector('#cm-line').dataset.tp !== undefined
    && document.querySelector('#cards .card'));
  await p.waitForTimeout(150);
}

/**
 * Resolves once the Train tab shows a finished run's results on the full
 * module ([`fullEngine`]: the move replaces every chart canvas, and a
 * screenshot or an export of a canvas being replaced fails) with its view
 * settled.
 */
export async function resultsShown(p) {
  await p.waitForFunction(() => document.body.dataset.train === 'done' && !document.querySelector('#results-body').hidden);
  await fullEngine(p);
  await viewSettled(p);
}
