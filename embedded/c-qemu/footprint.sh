#!/usr/bin/env bash
# The footprint of the C path (embedded/c-qemu/footprint.c + the
# sailor-webhook-ffi staticlib) on one target, as key=value lines:
#   c_flash_bytes        (.text+.rodata) added by sw_parse_into (parse minus base)
#   c_flash_total_bytes  the whole parse firmware
#   c_ram_bytes          (.data+.bss) added (the static sw_event)
#   c_stack_bytes        peak stack of sw_parse_into (painted, under QEMU)
#   c_view_stack_bytes   peak stack of sw_parse_view
# The staticlib is built as embedded/footprint builds the Rust firmware:
# opt-level "z", fat LTO, one codegen unit, panic = "abort"; the C side with
# arm-none-eabi-gcc -Os, --gc-sections. Called by scripts/footprint.sh.
# Usage: embedded/c-qemu/footprint.sh thumbv7em-none-eabihf|thumbv6m-none-eabi SIZE_TOOL
set -euo pipefail
cd "$(dirname "$0")/../.."
target=$1 size_tool=$2
out=target/c-footprint/$target
mkdir -p "$out"
case $target in
  thumbv7em-none-eabihf) cflags="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
    qemu="-machine mps2-an386 -cpu cortex-m4" ;;
  thumbv6m-none-eabi) cflags="-mcpu=cortex-m0 -mthumb"
    qemu="-machine mps2-an385 -cpu cortex-m3" ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
if ! command -v arm-none-eabi-gcc >/dev/null || [ ! -e /usr/lib/arm-none-eabi/newlib/libc.a ]; then
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc-arm-none-eabi libnewlib-arm-none-eabi >&2
fi
cargo rustc --quiet -p sailor-webhook-ffi --release --no-default-features --target "$target" \
  --crate-type staticlib --target-dir target/c-footprint/cargo \
  --config 'profile.release.panic="abort"' --config 'profile.release.opt-level="z"' \
  --config 'profile.release.lto=true' --config 'profile.release.codegen-units=1' >&2
lib=target/c-footprint/cargo/$target/release/libsailor_webhook_ffi.a
# "flash ram" of an ELF: section_sizes (scripts/sections.sh; .vectors counts as flash).
# shellcheck source=scripts/sections.sh
. scripts/sections.sh
build() { # name defines...
  local name=$1
  shift
  # shellcheck disable=SC2086
  arm-none-eabi-gcc $cflags -std=c99 -Wall -Wextra -Werror -Os -ffunction-sections -fdata-sections \
    -DPAYLOAD_PATH="$PWD/tests/fixtures/webhook-page-ms.json" "$@" \
    -Iffi/include -Iembedded/c-qemu embedded/c-qemu/startup.c embedded/c-qemu/footprint.c "$lib" \
    -nostartfiles -Wl,--gc-sections -Wl,--no-warn-execstack -T embedded/c-qemu/link.ld -o "$out/$name.elf" >&2
  echo "$out/$name.elf"
}
base=$(build base)
parse=$(build parse -DFOOTPRINT_PARSE)
probe=$(build probe -DFOOTPRINT_PROBE)
read -r bf br < <(section_sizes "$size_tool" "$base")
read -r pf pr < <(section_sizes "$size_tool" "$parse")
echo "c_flash_bytes=$((pf - bf))"
echo "c_flash_total_bytes=$pf"
echo "c_ram_bytes=$((pr - br))"
# shellcheck disable=SC2086
# (SYS_WRITE0 output goes to QEMU's stderr.)
timeout 120 qemu-system-arm $qemu -nographic -semihosting-config enable=on,target=native -kernel "$probe" 2>&1 |
  tr -d '\r' | grep '^c_'

