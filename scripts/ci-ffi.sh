#!/usr/bin/env bash
# CI for the C ABI (ffi/, issue 11), from a fresh machine; installs what it
# needs (rust targets, cbindgen, clang, g++, arm-none-eabi-gcc + newlib,
# qemu-system-arm), idempotently.
#
#   1. the staticlib, no_std with panic = "abort", for thumbv6m-none-eabi,
#      thumbv7em-none-eabihf and riscv32imc-unknown-none-elf (and clippy on it);
#   2. the committed header equals a fresh cbindgen generation;
#   3. the header compiles clean with -std=c99 -Wall -Wextra -Werror -pedantic
#      under gcc and clang, and as C++ (extern "C") under g++;
#   4. the C tests (ffi/tests/c) under AddressSanitizer + UndefinedBehaviorSanitizer,
#      built with gcc and with clang: every fixture and every row of
#      tests/data/invalid.jsonl (generated into cases.h at build time);
#   5. the README's "From C" example compiles, links and runs;
#   6. the C firmware (embedded/c-qemu) under qemu-system-arm -machine lm3s6965evb.
#
# Usage: scripts/ci-ffi.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
CBINDGEN_VERSION=0.29.4
out=target/ffi-c
mkdir -p "$out"
log() { printf '\n--> %s\n' "$*"; }

if [ "${1:-}" != "--no-install" ]; then
  log "installing: rust targets, cbindgen $CBINDGEN_VERSION, clang, g++, arm-none-eabi-gcc, newlib, qemu"
  rustup target add thumbv6m-none-eabi thumbv7em-none-eabihf riscv32imc-unknown-none-elf thumbv7m-none-eabi
  if [ "$(cbindgen --version 2>/dev/null || true)" != "cbindgen $CBINDGEN_VERSION" ]; then
    cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --force
  fi
  missing=()
  command -v clang >/dev/null || missing+=(clang)
  command -v g++ >/dev/null || missing+=(g++)
  command -v arm-none-eabi-gcc >/dev/null || missing+=(gcc-arm-none-eabi)
  [ -e /usr/lib/arm-none-eabi/newlib/libc.a ] || missing+=(libnewlib-arm-none-eabi)
  command -v qemu-system-arm >/dev/null || missing+=(qemu-system-arm)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi
PATH=$HOME/.cargo/bin:$PATH

log "1. the staticlib, no_std, panic = abort, for the embedded targets"
for target in thumbv6m-none-eabi thumbv7em-none-eabihf riscv32imc-unknown-none-elf; do
  cargo rustc -p sailor-webhook-ffi --release --no-default-features --target "$target" \
    --crate-type staticlib --config 'profile.release.panic="abort"'
  ls -l "target/$target/release/libsailor_webhook_ffi.a"
done
cargo clippy -p sailor-webhook-ffi --no-default-features --target thumbv7em-none-eabihf -- -D warnings

log "2. the committed header is current"
cbindgen --quiet --config ffi/cbindgen.toml --crate sailor-webhook-ffi --output "$out/sailor_webhook.h"
if ! diff -u ffi/include/sailor_webhook.h "$out/sailor_webhook.h"; then
  echo "ffi/include/sailor_webhook.h is stale: regenerate it with"
  echo "  cbindgen --config ffi/cbindgen.toml --crate sailor-webhook-ffi --output ffi/include/sailor_webhook.h"
  exit 1
fi
echo "header current"

log "3. the header under gcc, clang (C99) and g++ (C++11), -Werror -pedantic"
printf '#include "sailor_webhook.h"\nint main(void) { sw_event ev; return sw_event_init(&ev) == SW_OK ? 0 : 1; }\n' >"$out/header.c"
cp "$out/header.c" "$out/header.cpp"
for cc in gcc clang; do
  $cc -std=c99 -Wall -Wextra -Werror -pedantic -Iffi/include -c "$out/header.c" -o "$out/header-$cc.o"
  echo "$cc -std=c99: clean"
done
g++ -std=c++11 -Wall -Wextra -Werror -pedantic -Iffi/include -c "$out/header.cpp" -o "$out/header-g++.o"
echo "g++ -std=c++11: clean"

log "4. the C tests under ASan + UBSan (gcc and clang)"
cargo build -p sailor-webhook-ffi
cargo run --quiet -p sailor-webhook-ffi --example c_cases >"$out/cases.h"
lib=target/debug/libsailor_webhook_ffi.a
for cc in gcc clang; do
  $cc -std=c99 -Wall -Wextra -Werror -pedantic -g -O1 -fno-omit-frame-pointer \
    -fsanitize=address,undefined -fno-sanitize-recover=all \
    -Iffi/include -I"$out" ffi/tests/c/test_ffi.c "$lib" -lpthread -ldl -lm -o "$out/test-$cc"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$out/test-$cc" | tail -n 20
done

# The cdylib too (the host build): the same tests, linked dynamically.
gcc -std=c99 -Wall -Wextra -Werror -pedantic -g -Iffi/include -I"$out" ffi/tests/c/test_ffi.c \
  -Ltarget/debug -lsailor_webhook_ffi -Wl,-rpath,"$PWD/target/debug" -o "$out/test-cdylib"
"$out/test-cdylib" | tail -n 1

log "5. the README's \"From C\" example"
scripts/readme-c-example.sh "$out" "$lib"

log "6. the C firmware under QEMU (Cortex-M3, lm3s6965evb)"
embedded/c-qemu/run.sh
