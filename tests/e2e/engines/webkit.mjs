// Drives WebKit (WebKitGTK's MiniBrowser, Safari's engine) through
// WebKitWebDriver under a throw-away X display (xvfb-run): plain W3C
// WebDriver calls over fetch, no client library. MiniBrowser has no headless
// mode, hence Xvfb. Exposes the same small page interface as firefox.mjs so
// one smoke suite drives both. Knows nothing of the page under test.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER
  ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const DRIVER = process.env.WEBKIT_DRIVER ?? 'WebKitWebDriver';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Is the engine installed? (The suite skips, loudly, when it is not.) */
export function available() {
  return fs.existsSync(MINIBROWSER) && process.env.PATH.split(':').some((d) => fs.existsSync(`${d}/${DRIVER}`))
    && process.env.PATH.split(':').some((d) => fs.existsSync(`${d}/xvfb-run`));
}

/** Starts driver + browser; resolves to a page: see firefox.mjs for the interface. */
export async function launch({ width = 1280, height = 900 } = {}) {
  const port = await freePort();
  // Its own process group, so close() ends xvfb-run, Xvfb and the driver together.
  // The driver's and the browser's output (MiniBrowser and its web process
  // inherit the driver's stdio) is kept, the last 64 kB of it: when the web
  // process crashes, WebDriver only says "session deleted because of page
  // crash or hang", and what the process printed is the one clue.
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1920x1200x24', DRIVER, `--port=${port}`],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let shownLog = false;
  const keep = (d) => { stderr = (stderr + d).slice(-65536); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method, headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      const crashed = !shownLog && /crash|hang/i.test(json.value?.message ?? '');
      shownLog ||= crashed;
      throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`
        + (crashed ? `\n--- WebKitWebDriver and MiniBrowser output (last 4 kB) ---\n${stderr.slice(-4096)}` : ''));
    }
    return json.value;
  };
  for (let i = 0; ; i++) {
    try { if ((await call('GET', '/status')).ready) break; } catch { /* not up yet */ }
    if (i > 150 || child.exitCode !== null) {
      try { process.kill(-child.pid); } catch { /* gone */ }
      throw new Error(`WebKitWebDriver did not start: ${stderr}`);
    }
    await sleep(200);
  }
  let session;
  try {
    session = await call('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
  } catch (e) {
    try { process.kill(-child.pid); } catch { /* gone */ }
    throw e;
  }
  const sid = session.sessionId;
  const s = (p) => `/session/${sid}${p}`;
  const page = {
    engine: 'webkit',
    version: `${session.capabilities.browserName} ${session.capabilities.browserVersion}`,
    async goto(url) { await call('POST', s('/url'), { url }); },
    /** Runs `fn` (a function, serialised) in the page with JSON `args`; awaits its promise. */
    async evaluate(fn, ...args) {
      const script = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn})(...${JSON.stringify(args)}))
          .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
      const r = await call('POST', s('/execute/async'), { script, args: [] });
      if (r && 'err' in r) throw new Error(r.err);
      return r?.ok ?? null;
    },
    async setViewport(w, h) {
      // The window includes MiniBrowser's toolbar: size it so the page's
      // own viewport (innerWidth) is `w` wide.
      await call('POST', s('/window/rect'), { width: w, height: h });
      const inner = await page.evaluate(() => [innerWidth, innerHeight]);
      await call('POST', s('/window/rect'), { width: 2 * w - inner[0], height: 2 * h - inner[1] });
    },
    /** The viewport as a PNG (a Buffer); also written to `path` if given. */
    async screenshot(path) {
      const png = Buffer.from(await call('GET', s('/screenshot')), 'base64');
      if (path) fs.writeFileSync(path, png);
      return png;
    },
    async close() {
      try { await call('DELETE', s('')); } catch { /* already gone */ }
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    },
  };
  await page.setViewport(width, height).catch(() => {});
  return page;
}
