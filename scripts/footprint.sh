#!/usr/bin/env bash
# Footprint of sailor-webhook on Cortex-M4F (thumbv7em-none-eabihf) and
# Cortex-M0 (thumbv6m-none-eabi), from a fresh machine.
#
# It builds the minimal firmware in embedded/footprint (LTO, panic=abort,
# opt-level="z") three times per target:
#   base   everything but the call to parse;
#   parse  the same plus sailor_webhook::parse (owned event, full validation);
#   probe  paints the stack, runs OutcomeEvent::parse_into (the owned
#          event filled in place, in a static: the gateway's path), parse
#          (the owned event returned by value), parse_view and a payload
#          with an unknown member nested to the depth limit, under QEMU
#          (semihosting), and reports the stack each used and the type sizes.
# Flash added = (.text + .rodata) of parse minus base; RAM = .data + .bss.
# Stack: measured by painting, not estimated: the probe fills 24 KiB below
# its stack pointer with a pattern, calls the parse, and reports how deep the
# pattern was overwritten. The Cortex-M0 build (ARMv6-M code) runs on QEMU's
# Cortex-M3 board: the same instructions, so the same stack.
# Heap: the firmware has no allocator, so any heap use would fail to link.
#
# Output: one key=value line per figure, then a table against the goals,
# then the check against scripts/footprint-ceilings.txt (the figures on
# record): a figure over its ceiling fails the run; FOOTPRINT_ENFORCE=1
# also fails it on a missed goal.
# Usage: scripts/footprint.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."
crate=embedded/footprint
out=$crate/target/footprint
mkdir -p "$out"

log() { printf '%s\n' "$*" >&2; }

if [ "${1:-}" != "--no-install" ]; then
  log "installing: rust targets, llvm-tools, qemu-system-arm"
  rustup target add thumbv7em-none-eabihf thumbv6m-none-eabi >&2
  rustup component add llvm-tools >&2 || log "llvm-tools unavailable; using llvm-size from PATH"
  if ! command -v qemu-system-arm >/dev/null; then
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq qemu-system-arm >&2
  fi
fi

host=$(rustc -vV | sed -n 's/^host: //p')
size_tool=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-size
[ -x "$size_tool" ] || size_tool=$(command -v llvm-size || command -v rust-size)

# "flash ram" of an ELF: section_sizes (scripts/sections.sh).
# shellcheck source=scripts/sections.sh
. scripts/sections.sh

build() { # target features -> path of the ELF copy
  local target=$1 features=$2 name=${3}
  # From the crate's directory, so its .cargo/config.toml (link.x) applies.
  (cd "$crate" && cargo build --quiet --release --target "$target" \
    ${features:+--features "$features"} >&2)
  cp "$crate/target/$target/release/sailor-webhook-footprint" "$out/$name.elf"
  echo "$out/$name.elf"
}

declare -A fig
report() { # key value
  fig[$1]=$2
  printf '%s=%s\n' "$1" "$2"
}

for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
  short=${target%%-*}
  case $short in
    thumbv7em) machine=mps2-an386 cpu=cortex-m4 ;;
    thumbv6m) machine=mps2-an385 cpu=cortex-m3 ;;
  esac
  log "building $target: base, parse, probe"
  base=$(build "$target" "" "$short-base")
  with=$(build "$target" parse "$short-parse")
  view=$(build "$target" view "$short-view")
  validate=$(build "$target" validate "$short-validate")
  probe=$(build "$target" probe "$short-probe")
  read -r base_flash base_ram < <(section_sizes "$size_tool" "$base")
  read -r parse_flash parse_ram < <(section_sizes "$size_tool" "$with")
  read -r view_flash _ < <(section_sizes "$size_tool" "$view")
  read -r validate_flash _ < <(section_sizes "$size_tool" "$validate")
  report "${short}_flash_bytes" $((parse_flash - base_flash))
  report "${short}_view_flash_bytes" $((view_flash - base_flash))
  report "${short}_validate_flash_bytes" $((validate_flash - base_flash))
  report "${short}_flash_total_bytes" "$parse_flash"
  report "${short}_ram_bytes" $((parse_ram - base_ram))
  report "${short}_heap_bytes" 0
  log "running the $target probe on qemu-system-arm -machine $machine"
  probe_out=$(timeout 120 qemu-system-arm -machine "$machine" -cpu "$cpu" -nographic \
    -semihosting-config enable=on,target=native -kernel "$probe") || {
    log "probe failed on $machine:"
    log "$probe_out"
    exit 1
  }
  while IFS='=' read -r key value; do
    case $key in
      parse_ok) [ "$value" = true ] || { log "probe: parse failed"; exit 1; } ;;
      ?*) report "${short}_${key}" "$value" ;;
    esac
  done <<<"$(tr -d '\r' <<<"$probe_out")"
done

# The goals (issue 10). FOOTPRINT_ENFORCE=1 makes a missed goal fail the run.
missed=0

echo
printf '%-44s %12s %12s   %s\n' "figure" "thumbv7em" "thumbv6m" "goal (both targets)"
row() { # label key [goal_bytes goal_text]
  local a=${fig[thumbv7em_$2]} b=${fig[thumbv6m_$2]} goal=""
  if [ -n "${3:-}" ]; then
    local worst=$a
    [ "$b" -gt "$worst" ] && worst=$b
    if [ "$worst" -le "$3" ]; then
      goal="${4}: met"
    else
      goal="${4}: NOT met"
      missed=$((missed + 1))
    fi
  fi
  printf '%-44s %12s %12s   %s\n' "$1" "$a" "$b" "$goal"
}
row "flash added by parse (.text+.rodata), B" flash_bytes 6144 "<= 6 KiB"
row "flash added by parse_view, B" view_flash_bytes 5120 "<= 5 KiB"
row "flash added by validate, B" validate_flash_bytes 5120 "<= 5 KiB"
row "flash of the whole firmware, B" flash_total_bytes
row "RAM added (.data+.bss), B" ram_bytes
row "heap, B" heap_bytes 0 "zero"
row "peak stack, owned (parse_into), B" stack_bytes 1024 "<= 1 KiB"
row "peak stack, owned by value (parse), B" by_value_stack_bytes
row "peak stack, parse_view, B" view_stack_bytes 1024 "<= 1 KiB"
row "peak stack, unknown member 32 deep, B" unknown_member_stack_bytes
row "size_of OutcomeEvent, B" size_of_OutcomeEvent 1228 "<= 1.2 KiB"
row "size_of Result<OutcomeEvent, Error>, B" size_of_Result_OutcomeEvent
row "size_of OutcomeView, B" size_of_OutcomeView 256 "<= 256 B"
row "size_of Error, B" size_of_Error
row "size_of Options, B" size_of_Options
row "size_of Uuid, B" size_of_Uuid
row "size_of PhoneNumber, B" size_of_PhoneNumber
row "size_of Timestamp, B" size_of_Timestamp
row "size_of JsonStr, B" size_of_JsonStr
row "size_of IdempotencyKey, B" size_of_IdempotencyKey
echo "stack: painted and measured under QEMU (mps2-an386 Cortex-M4 for thumbv7em; mps2-an385 Cortex-M3 running the thumbv6m build)"

# The C path (issue 11): embedded/c-qemu/footprint.c linking the
# sailor-webhook-ffi staticlib (same profile), sw_parse_into into a static
# sw_event; against the Rust firmware's parse flash and parse_into stack.
echo
log "building the C path (embedded/c-qemu/footprint.sh): base, parse, probe per target"
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
  short=${target%%-*}
  while IFS='=' read -r key value; do
    case $key in
      c_parse_ok) [ "$value" = true ] || { log "C probe: parse failed"; exit 1; } ;;
      ?*) report "${short}_${key}" "$value" ;;
    esac
  done <<<"$(embedded/c-qemu/footprint.sh "$target" "$size_tool")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
within5() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= 1.05 * b) ? "met" : "NOT met" }'; }
echo
printf '%-44s %12s %12s   %s\n' "C path (sw_parse_into via the C ABI)" "thumbv7em" "thumbv6m" "goal: within 5% of Rust"
crow() { # label c_key rust_key
  local a=${fig[thumbv7em_$2]} b=${fig[thumbv6m_$2]} ra=${fig[thumbv7em_$3]} rb=${fig[thumbv6m_$3]}
  printf '%-44s %12s %12s   x%s / x%s of Rust: %s / %s\n' "$1" "$a" "$b" "$(ratio "$a" "$ra")" "$(ratio "$b" "$rb")" \
    "$(within5 "$a" "$ra")" "$(within5 "$b" "$rb")"
}
crow "C: flash added by sw_parse_into, B" c_flash_bytes flash_bytes
crow "C: peak stack, sw_parse_into, B" c_stack_bytes stack_bytes
crow "C: peak stack, sw_parse_view, B" c_view_stack_bytes view_stack_bytes
printf '%-44s %12s %12s   (the static sw_event)\n' "C: RAM added (.data+.bss), B" "${fig[thumbv7em_c_ram_bytes]}" "${fig[thumbv6m_c_ram_bytes]}"

echo "goals missed: $missed"

# The ceilings (scripts/footprint-ceilings.txt): the figures on record. A
# figure over its ceiling by more than its tolerance fails the run, goals
# met or not, so the footprint cannot grow unnoticed; one well under its
# ceiling is named, so the ceiling is lowered with the change.
over=0
ceilings=scripts/footprint-ceilings.txt
echo
echo "ceilings ($ceilings):"
while read -r key ceiling tolerance; do
  case $key in '' | '#'*) continue ;; esac
  value=${fig[$key]:-}
  if [ -z "$value" ]; then
    log "footprint: no figure '$key' to check against its ceiling"
    exit 1
  fi
  verdict=$(awk -v v="$value" -v c="$ceiling" -v t="$tolerance" 'BEGIN {
    if (v > c * (1 + t / 100)) print "over"; else if (v < c * (1 - t / 100)) print "under"; else print "ok" }')
  case $verdict in
    over)
      printf '  %-40s %8s > ceiling %s (+%s%%): OVER\n' "$key" "$value" "$ceiling" "$tolerance"
      over=$((over + 1))
      ;;
    under) printf '  %-40s %8s < ceiling %s: lower the ceiling\n' "$key" "$value" "$ceiling" ;;
  esac
done <"$ceilings"
echo "ceilings exceeded: $over"
if [ "$over" -gt 0 ]; then
  log "footprint: $over figure(s) over their ceiling in $ceilings"
  exit 1
fi
if [ "${FOOTPRINT_ENFORCE:-0}" = 1 ] && [ "$missed" -gt 0 ]; then
  log "footprint: $missed goal(s) missed (FOOTPRINT_ENFORCE=1)"
  exit 1
fi
