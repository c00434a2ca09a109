#!/usr/bin/env bash
# Runs sailor-webhook on an emulated Cortex-M3: embedded/qemu parses every
# tests/fixtures/*.json and a set of invalid payloads under
# `qemu-system-arm -machine lm3s6965evb` (semihosting) and exits 0 only when
# every result matches (the fixtures' expected results come from the host
# build, the rest are written in the firmware). Installs what it needs.
# Usage: scripts/qemu-run.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/../embedded/qemu"
target=thumbv7m-none-eabi

if [ "${1:-}" != "--no-install" ]; then
  rustup target add "$target" >&2
  if ! command -v qemu-system-arm >/dev/null; then
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq qemu-system-arm >&2
  fi
fi

cargo build --release --target "$target"
elf=target/$target/release/sailor-webhook-qemu
echo "running $elf on qemu-system-arm -machine lm3s6965evb"
# The firmware exits through semihosting: 0 when all checks passed, 1 otherwise.
timeout 300 qemu-system-arm -cpu cortex-m3 -machine lm3s6965evb -nographic \
  -semihosting-config enable=on,target=native -kernel "$elf"
