#!/usr/bin/env bash
# Panic-freedom proven at link time, on Cortex-M4F (thumbv7em-none-eabihf)
# and Cortex-M0 (thumbv6m-none-eabi).
#
# embedded/panic-check is a firmware whose panic handler calls a function that
# is defined nowhere, built as a gateway builds (LTO, panic = "abort",
# opt-level = "z"). It calls parse, Options::parse, OutcomeEvent::parse_into
# (default and small capacities), parse_view, validate, to_json,
# receive::decide and receive::Deduplicator on inputs read through volatile
# loads. The optimizer removes every panic it can prove unreachable and the
# linker drops the handler when nothing calls it, so the firmware links only
# if no panic path survives.
#
# The check is checked first, on each target:
#   - without the calls (--no-default-features) the firmware must link;
#   - with one panic put in on purpose (feature deliberate-panic) it must not.
# Either failing means the check proves nothing: exit 2.
#
# Output: key=value lines (<target>_panic_free=yes|no), then a verdict.
# Exit status: 0 when both targets link, 1 when a panic path survives, 2 when
# the check itself is broken.
# --list: for a target that fails, also list the surviving panic paths and the
# source lines that reach them (builds with debug info and a defined handler,
# then scripts/panic-paths.py on the disassembly; needs python3).
# Usage: scripts/panic-check.sh [--no-install] [--list]
set -euo pipefail
cd "$(dirname "$0")/.."
crate=embedded/panic-check
symbol=sailor_webhook_panic_path_survives
targets="thumbv7em-none-eabihf thumbv6m-none-eabi"

install=1 list=0
for arg in "$@"; do
  case $arg in
    --no-install) install=0 ;;
    --list) list=1 ;;
    *) echo "usage: $0 [--no-install] [--list]" >&2; exit 2 ;;
  esac
done

log() { printf '%s\n' "$*" >&2; }

if [ $install = 1 ]; then
  log "installing: rust targets$([ $list = 1 ] && echo ", llvm-tools, llvm-addr2line")"
  # shellcheck disable=SC2086
  rustup target add $targets >&2
  if [ $list = 1 ]; then
    rustup component add llvm-tools >&2
    if ! command -v llvm-addr2line >/dev/null; then
      if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
      $sudo apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq llvm >&2
    fi
  fi
fi

# Builds the firmware; prints "linked", "panic" (the undefined handler
# symbol: a panic path survives) or "error" (anything else), and keeps the
# compiler's output in $out/<name>.log.
out=$crate/target/panic-check
mkdir -p "$out"
build() { # target name cargo-args...
  local target=$1 name=$2
  shift 2
  # From the crate's directory, so its .cargo/config.toml (link.x) applies.
  if (cd "$crate" && cargo build --release --target "$target" "$@") >"$out/$name.log" 2>&1; then
    echo linked
  elif grep -q "undefined symbol: $symbol" "$out/$name.log"; then
    echo panic
  else
    echo error
  fi
}

broken=0 failed=0
for target in $targets; do
  short=${target%%-*}
  log "$target: the check without the calls (must link)"
  base=$(build "$target" "$short-base" --no-default-features)
  log "$target: the check with a deliberate panic (must not link)"
  deliberate=$(build "$target" "$short-deliberate" --no-default-features --features deliberate-panic)
  log "$target: every entry point"
  result=$(build "$target" "$short-calls")
  echo "${short}_without_calls=$base"
  echo "${short}_deliberate_panic=$deliberate"
  if [ "$base" != linked ] || [ "$deliberate" != panic ]; then
    log "the check itself is broken on $target (see $out/$short-base.log, $out/$short-deliberate.log)"
    broken=1
  fi
  case $result in
    linked) echo "${short}_panic_free=yes" ;;
    panic)
      echo "${short}_panic_free=no"
      failed=1
      log "$target: a panic path survives: the handler's call to $symbol is still linked"
      if [ $list = 1 ]; then
        (cd "$crate" && cargo build --profile listing --target "$target" --features defined-handler) >"$out/$short-listing.log" 2>&1 || {
          log "listing build failed: $out/$short-listing.log"
          exit 2
        }
        host=$(rustc -vV | sed -n 's/^host: //p')
        objdump=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-objdump
        [ -x "$objdump" ] || objdump=$(command -v llvm-objdump)
        echo "--- $target: surviving panic paths"
        python3 scripts/panic-paths.py "$objdump" "$(command -v llvm-addr2line)" \
          "$crate/target/$target/listing/sailor-webhook-panic-check"
        echo "---"
      fi
      ;;
    *)
      echo "${short}_panic_free=error"
      log "$target: the build failed for another reason: $out/$short-calls.log"
      broken=1
      ;;
  esac
done

if [ $broken = 1 ]; then
  echo "panic check: BROKEN (the check could not prove anything)"
  exit 2
elif [ $failed = 1 ]; then
  echo "panic check: FAILED, a panic path survives (scripts/panic-check.sh --list shows where)"
  exit 1
fi
echo "panic check: passed, no panic path survives in the entry points on $targets"
