#!/usr/bin/env bash
# Install what building and testing rareclass needs, skipping whatever is
# already there: Chromium + chromedriver, Firefox ESR, and WebKitGTK's
# WebKitWebDriver with Xvfb (Debian packages, for the browser tests), the
# wasm32 Rust target, wasm-bindgen-cli at the exact version Cargo.lock pins,
# nightly Rust and cargo-fuzz (the fuzz targets), the npm dev tools
# (binaryen's wasm-opt, playwright-core, puppeteer-core, axe-core) from
# package-lock.json, and the pinned Python venv of the interop checks
# (tests/python/.venv). Safe to run again; a second run does nothing.
# Needs: a Debian-like system with rustup, node/npm and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages: one `apt-get update`, only if something is missing.
apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
# The other two engines of tests/e2e/engines/: Firefox, and WebKit's
# MiniBrowser driven by WebKitWebDriver on an Xvfb display (xvfb-run needs
# xauth; Mesa's software GL lets WebKit draw there).
command -v firefox-esr >/dev/null 2>&1 || apt_missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || apt_missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || apt_missing+=(xvfb)
command -v xauth >/dev/null 2>&1 || apt_missing+=(xauth)
dpkg -s libgl1-mesa-dri >/dev/null 2>&1 || apt_missing+=(libgl1-mesa-dri)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_missing[@]}"
else
  say "chromium, chromedriver, firefox-esr, WebKitWebDriver, xvfb: present"
fi

# 2. The Rust target for the browser build.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown: present"
else
  rustup target add wasm32-unknown-unknown
fi
# rustfmt and clippy for scripts/test.sh (no-ops when installed).
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

# 3. wasm-bindgen-cli must match the wasm-bindgen crate exactly; read the
#    version from Cargo.lock so it is written down once.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$want" ] || { echo "[setup] cannot find wasm-bindgen in Cargo.lock" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$want" ]; then
  say "wasm-bindgen-cli $want: present"
else
  say "installing wasm-bindgen-cli $want (was: ${have:-none}); takes a few minutes"
  cargo install wasm-bindgen-cli --version "$want"
fi

# 4. The fuzz targets (scripts/fuzz.sh): a nightly toolchain (libFuzzer's
#    coverage flags need it) and cargo-fuzz, both pinned (the nightly's
#    date is also in scripts/fuzz.sh).
cargo_fuzz=0.13.2
nightly=nightly-2026-10-30
rustup toolchain list | grep -q "^$nightly" || rustup toolchain install "$nightly" --profile minimal
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" = "$cargo_fuzz" ]; then
  say "cargo-fuzz $cargo_fuzz: present"
else
  say "installing cargo-fuzz $cargo_fuzz; takes a few minutes"
  cargo install cargo-fuzz --version "$cargo_fuzz" --locked
fi

# 5. npm dev tools, exactly as package-lock.json pins them.
if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -d node_modules/puppeteer-core ] \
   && [ -d node_modules/axe-core ] \
   && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "node_modules: present"
else
  npm ci --no-audit --no-fund --loglevel=error
fi
# 6. The interop checks' Python packages (ONNX Runtime, scikit-learn), pinned
#    in tests/python/requirements.txt, in their own venv; remade only when
#    the requirements change.
venv=tests/python/.venv
if [ -x "$venv/bin/python" ] && [ "$venv/.installed" -nt tests/python/requirements.txt ]; then
  say "tests/python/.venv: present"
else
  say "making tests/python/.venv (pinned onnx, onnxruntime, scikit-learn, numpy, pandas)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
  touch "$venv/.installed"
fi
say "done"
