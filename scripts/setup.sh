#!/usr/bin/env bash
# Install what the build and the tests need, idempotently. Usage: scripts/setup.sh [build|test]
#   build: wasm target, the wasm-bindgen CLI matching Cargo.lock, npm dev tools (wasm-opt, esbuild)
#   test:  build + Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen's CLI must be exactly the version of the crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}'); this takes about 4 minutes"
  cargo install wasm-bindgen-cli --version "$want"
fi

# npm dev tools, exactly as locked. Install scripts are not needed: every binary we use
# (wasm-opt, esbuild, workerd, deno) ships in its platform package.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$what" = test ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      say "installing Debian's chromium for the browser tests"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      echo "setup: chromium is missing and this is not root; run: sudo apt-get install -y chromium chromium-driver" >&2
      exit 1
    fi
  fi
fi
say "ready ($what)"
