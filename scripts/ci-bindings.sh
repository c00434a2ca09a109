#!/usr/bin/env bash
# CI for the language packages (bindings/python, bindings/node), from a clean
# checkout: installs what it needs (idempotently), checks the binding crates'
# Rust (fmt, clippy), builds the Python wheel into a fresh venv with pip and
# runs pytest, then `npm ci` and `npm test` (which builds the wasm module).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
step() { printf '\n==> %s\n' "$*"; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

step "bindings: toolchain (wasm32 target, python venv, node, npm)"
rustup target add wasm32-unknown-unknown
rustup component add clippy rustfmt
command -v python3 >/dev/null || apt_install python3
python3 -c 'import sys; assert sys.version_info >= (3, 9), sys.version' 
venv=${BINDINGS_VENV:-$root/bindings/python/.venv}
rm -rf "$venv"
if ! python3 -m venv "$venv" 2>/dev/null; then
  apt_install python3-venv
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
node -e 'const [major] = process.versions.node.split(".").map(Number); if (major < 18) { console.error(`node ${process.version} < 18`); process.exit(1); }'

step "bindings: fmt and clippy of the binding crates"
cargo fmt --check --manifest-path bindings/python/Cargo.toml
cargo fmt --check --manifest-path bindings/node/wasm/Cargo.toml
PYO3_PYTHON="$venv/bin/python" cargo clippy --manifest-path bindings/python/Cargo.toml --all-targets -- -D warnings
cargo clippy --manifest-path bindings/node/wasm/Cargo.toml --release --target wasm32-unknown-unknown -- -D warnings

step "bindings: Python package (pip install ./bindings/python, pytest)"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q pytest
"$venv/bin/python" -m pip install ./bindings/python
"$venv/bin/python" -m pytest -q bindings/python

step "bindings: Node package (npm ci, npm test)"
(cd bindings/node && npm ci --no-audit --no-fund && npm test)
