#!/usr/bin/env bash
# Builds the C firmware (arm-none-eabi-gcc, newlib's string functions, the
# sailor-webhook-ffi staticlib built no_std for thumbv7m-none-eabi with
# panic = "abort") and runs it on qemu-system-arm -machine lm3s6965evb
# (Cortex-M3, semihosting). Exits 0 only when every check passed.
# Needs: arm-none-eabi-gcc, libnewlib-arm-none-eabi, qemu-system-arm and the
# rust target (scripts/ci-ffi.sh installs them).
# Usage: embedded/c-qemu/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/c-qemu
mkdir -p "$out"
target=thumbv7m-none-eabi
cargo rustc -p sailor-webhook-ffi --release --no-default-features --target "$target" \
  --crate-type staticlib --config 'profile.release.panic="abort"'
# Every fixture with the host's result, and every 4th invalid row (flash: 256 KiB).
cargo run --quiet -p sailor-webhook-ffi --example c_cases -- --invalid-step 4 >"$out/cases.h"
arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb -std=c99 -Wall -Wextra -Werror -Os -g \
  -ffunction-sections -fdata-sections -Iffi/include -I"$out" -Iembedded/c-qemu \
  embedded/c-qemu/startup.c embedded/c-qemu/main.c "target/$target/release/libsailor_webhook_ffi.a" \
  -nostartfiles --specs=nano.specs -Wl,--gc-sections -T embedded/c-qemu/link.ld -lc \
  -o "$out/c-qemu.elf"
arm-none-eabi-size "$out/c-qemu.elf"
echo "running $out/c-qemu.elf on qemu-system-arm -machine lm3s6965evb"
timeout 300 qemu-system-arm -cpu cortex-m3 -machine lm3s6965evb -nographic \
  -semihosting-config enable=on,target=native -kernel "$out/c-qemu.elf"
