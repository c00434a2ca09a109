'use strict';
// Builds wasm/ for wasm32-unknown-unknown (release: opt-level 3, LTO) and
// copies the module to ./sailor_webhook.wasm. Needs cargo and the target
// (`rustup target add wasm32-unknown-unknown`).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const manifest = path.join(root, 'wasm', 'Cargo.toml');
execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--manifest-path', manifest],
  { stdio: 'inherit', env: { CARGO_BUILD_JOBS: '1', ...process.env } });
const built = path.join(root, 'wasm', 'target', 'wasm32-unknown-unknown', 'release', 'sailor_webhook_wasm.wasm');
const out = path.join(root, 'sailor_webhook.wasm');
fs.copyFileSync(built, out);
console.log(`sailor_webhook.wasm: ${fs.statSync(out).size} bytes`);
