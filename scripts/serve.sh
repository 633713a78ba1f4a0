#!/usr/bin/env bash
# Set up, build the wasm package, then serve the repository root (the page is
# index.html + www/ + pkg/ + data/) on http://127.0.0.1:${PORT:-8000}/.
# Only on the loopback interface: nothing is reachable from other machines.
# Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
port=${PORT:-8000}
echo
echo "rareclass is at http://127.0.0.1:$port/  (Ctrl-C to stop)"
echo
# http.server with the MIME types module workers and wasm streaming need,
# and no caching, so a rebuild shows on reload.
exec python3 - "$port" <<'PY'
import functools, http.server, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".js": "text/javascript",
        ".mjs": "text/javascript", ".css": "text/css", ".csv": "text/csv",
        ".json": "application/json", ".svg": "image/svg+xml",
    }
    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # Cross-origin isolation lets the page share a cancel flag
        # (SharedArrayBuffer) with the worker that trains. Optional: without
        # it (or in WebKit, isolated but without SharedArrayBuffer) Cancel
        # restarts the worker instead (www/engine.js; README, "Browsers and
        # hosting"). tests/e2e/engines/ reads these headers from this file.
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        # index.html's CSP as a header too: a <meta> policy does not reach
        # the workers, which hold the data (tests/e2e/chaos.test.mjs checks
        # the two stay equal).
        self.send_header("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'")
        super().end_headers()

server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])),
                                         functools.partial(Handler, directory="."))
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
PY
