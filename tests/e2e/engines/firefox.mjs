// Drives Firefox (Debian's firefox-esr) headless through puppeteer-core over
// WebDriver BiDi, with a throw-away profile puppeteer makes and removes.
// (Playwright's Firefox is a patched build of its own that cannot be
// downloaded here; puppeteer drives the stock browser.) Exposes the same
// small page interface as webkit.mjs so one smoke suite drives both:
//   engine, version, goto(url), evaluate(fn, ...jsonArgs), setViewport(w, h),
//   screenshot(path) (→ PNG Buffer of the viewport), errors (uncaught page errors seen), close().
// Knows nothing of the page under test.
import fs from 'node:fs';
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Is the engine installed? (The suite skips, loudly, when it is not.) */
export function available() {
  return fs.existsSync(FIREFOX);
}

export async function launch({ width = 1280, height = 900 } = {}) {
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    // No updates, telemetry or remote settings: the page's requests only.
    extraPrefsFirefox: {
      'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false, 'network.captive-portal-service.enabled': false,
    },
  });
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e?.message ?? e)));
  await tab.setViewport({ width, height });
  return {
    engine: 'firefox',
    version: await browser.version(),
    errors,
    async goto(url) { await tab.goto(url, { waitUntil: 'load' }); },
    async evaluate(fn, ...args) { return tab.evaluate(fn, ...args); },
    async setViewport(w, h) { await tab.setViewport({ width: w, height: h }); },
    /** The viewport as a PNG (a Buffer); also written to `path` if given. */
    async screenshot(path) {
      return Buffer.from(await tab.screenshot({ path, fullPage: false }));
    },
    async close() { await browser.close(); },
  };
}
