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
