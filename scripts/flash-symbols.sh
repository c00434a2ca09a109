#!/usr/bin/env bash
# Where the flash goes: one firmware of embedded/footprint (the same LTO,
# opt-level "z", panic = "abort" build as scripts/footprint.sh), its flash
# added against the base firmware, and its largest functions. For work on
# issue 10's flash goals: one target and one entry point in about 30 s,
# instead of footprint.sh's whole run.
#
#   scripts/flash-symbols.sh                         # thumbv6m-none-eabi, view
#   scripts/flash-symbols.sh thumbv7em-none-eabihf parse 40
#
# Arguments: TARGET (thumbv6m-none-eabi), FEATURE of embedded/footprint
# (view, parse or validate; default view), TOP (25) functions to list.
# Prints: the flash added (.text + .rodata, minus the base firmware), the
# largest functions (LTO inlines most of the parser into a few of them, so
# a large `__cortex_m_rt_main` is the parser's root loop), and how many
# calls to memcpy/memset/memclr each function makes (each is a struct moved
# or cleared through memory: `Result` moves, the view and the event).
# Builds into target/flash-symbols, so footprint.sh's outputs stay.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-thumbv6m-none-eabi} feature=${2:-view} top=${3:-25}
case $feature in view | parse | validate) ;; *)
  echo "feature must be view, parse or validate" >&2
  exit 2
  ;;
esac
rustup target add "$target" >/dev/null 2>&1 || true
rustup component add llvm-tools >/dev/null 2>&1 || true
host=$(rustc -vV | sed -n 's/^host: //p')
bin=$(rustc --print sysroot)/lib/rustlib/$host/bin
out=$PWD/target/flash-symbols
mkdir -p "$out"
# shellcheck source=scripts/sections.sh
. scripts/sections.sh
flash() { # elf -> .text + .rodata (scripts/sections.sh)
  local flash _ram
  read -r flash _ram < <(section_sizes "$bin/llvm-size" "$1")
  echo "$flash"
}
for f in base "$feature"; do
  ff=$f
  [ "$f" = base ] && ff=
  # From the crate's directory, so its .cargo/config.toml (link.x) applies.
  (cd embedded/footprint && cargo build --quiet --release --target "$target" \
    ${ff:+--features "$ff"} --target-dir "$out/cargo")
  cp "$out/cargo/$target/release/sailor-webhook-footprint" "$out/$target-$f.elf"
done
elf=$out/$target-$feature.elf
# Symbol names without their hashes, and `<T as Trait>` spelled out.
dehash() { sed -E 's/::h[0-9a-f]{16}$//; s/_\$LT\$/</g; s/\$GT\$/>/g; s/\$u20\$/ /g; s/\.\./::/g'; }
echo "flash added by $feature on $target: $(($(flash "$elf") - $(flash "$out/$target-base.elf"))) B"
echo
echo "largest functions (bytes, name):"
"$bin/llvm-nm" --size-sort -S --radix=d -C "$elf" | awk '$3 ~ /^[tT]$/' | tail -n "$top" |
  sort -k2,2nr | awk '{ size = $2 + 0; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "%7d  %s\n", size, $0 }' | dehash
echo
echo "calls to memcpy/memset/memclr, by caller:"
"$bin/llvm-objdump" -d --demangle "$elf" |
  awk '/^[0-9a-f]+ <.*>:$/ { fn = $0; sub(/^[0-9a-f]+ </, "", fn); sub(/>:$/, "", fn) }
       /\tbl\t/ && /(memcpy|memset|memclr|memmove)/ { n[fn]++ }
       END { for (f in n) printf "%7d  %s\n", n[f], f }' | sort -rn | dehash
