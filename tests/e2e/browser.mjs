// Launches the system's headless Chromium through playwright-core (which
// downloads no browser of its own) with a fresh, throw-away profile. Knows
// nothing of the page under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Resolves to {context, close()}; close() also removes the profile.
 * `locale` ('zh-CN', …) sets the browser's language (navigator.language).
 */
export async function launch({ locale } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rareclass-e2e-'));
  // The profile is passed as Playwright's userDataDir, which becomes
  // Chromium's --user-data-dir (Playwright refuses that flag in `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...(locale ? { locale } : {}),
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    context,
    // The profile directory: its path is on the browser process's command
    // line, which lets a bench find the browser's processes (bench/memory_peak.mjs).
    profile,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
