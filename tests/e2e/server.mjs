// A static file server for the end-to-end tests: serves the repository root
// on 127.0.0.1 at a free port, with the MIME types the page needs, and counts
// every request. Knows nothing of the page itself.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.csv': 'text/csv', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.ts': 'text/plain',
};

/**
 * The page's Content-Security-Policy, read from index.html's meta tag so it
 * is written once: sent as a header on every response, as scripts/serve.sh
 * does, because a meta tag does not reach workers (their policy is their
 * script's response header).
 */
export function pagePolicy(root = ROOT) {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error('index.html has no Content-Security-Policy meta tag');
  return m[1];
}

// Cross-origin isolation, as scripts/serve.sh sends it: the page may then
// share a cancel flag (SharedArrayBuffer) with its worker.
export const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** What scripts/serve.sh sends: isolation and the page's CSP (which then covers the workers). */
export function serveShHeaders(root = ROOT) {
  return { ...ISOLATION, 'Content-Security-Policy': pagePolicy(root) };
}

/**
 * Starts the server; resolves to {url, requests, close()}. `headers` go with
 * every file (default: serveShHeaders(); `{}` is a plain static server);
 * `beforeScripts`, if given, is inserted into index.html before its first
 * <script> (the engines' suite records page errors that way). `prefix`
 * (e.g. `/docs/demo/`) serves `root` under that path, as a host serving
 * the files from a sub-path does; anything outside it is 404.
 */
export function serve(root = ROOT, { headers = serveShHeaders(root), beforeScripts = '', prefix = '/' } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!rel.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    rel = `/${rel.slice(prefix.length)}`;
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404).end('not found'); return; }
      const head = {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...headers,
      };
      if (beforeScripts && file === path.join(root, 'index.html')) {
        const html = fs.readFileSync(file, 'utf8').replace('<script', `${beforeScripts}\n  <script`);
        res.writeHead(200, { ...head, 'Content-Length': Buffer.byteLength(html) }).end(html);
        return;
      }
      res.writeHead(200, { ...head, 'Content-Length': st.size });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
      });
    });
  });
}
