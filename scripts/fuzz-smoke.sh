#!/usr/bin/env bash
# Fuzz smoke run: builds the cargo-fuzz targets with the nightly toolchain and
# runs each one for FUZZ_SECONDS (60 by default) from a copy of its seed
# corpus, with the dictionary. Fails on any crash, leak, timeout or OOM.
# Nothing is written into the repository: corpus and artifacts go to a
# temporary directory. After `parse_bytes`, every unit of the corpus it grew
# (and the benches' worst_case inputs) is timed through the core alone
# (fuzz/examples/unit_times.rs) and the run fails if one takes over 10 ms.
# FUZZ_TARGETS limits the run to some targets.
# FUZZ_PATH=compact builds the core on its compact code path (the one
# Cortex-M runs; see src/path/mod.rs), into its own target directory.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-parse_bytes roundtrip differential request c_abi}"

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# AddressSanitizer keeps the call stack of every allocation and free, and
# each different stack once, for good: the harnesses' recursive renderers and
# reference parser make a new one for nearly every nesting shape, so a
# 30-minute roundtrip run grew to 1,965 MB of its 2,048 MB limit, about
# 2.5 KB per execution (a run without ASan stays at 37 MB: not the harness's
# own memory). Two frames of allocation stack stop that growth (0.2 KB per
# execution, measured) and run about a quarter faster; a finding still
# reports the full stack of the bad access. ASAN_OPTIONS from the caller
# are added after this one, so they win.
export ASAN_OPTIONS="malloc_context_size=2${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# One target named: build only it; several: all.
targets_to_build=""
case "$targets" in *" "*) ;; *) targets_to_build=$targets ;; esac

# The reference's own unit tests (its rules on the documented examples).
cargo +nightly test --lib --quiet
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
if [ "${FUZZ_PATH:-}" = compact ]; then
  export SAILOR_WEBHOOK_PATH=compact
  cargo +nightly fuzz build --target-dir target/compact $targets_to_build
  bin="target/compact/$host/release"
else
  cargo +nightly fuzz build $targets_to_build
  bin="target/$host/release"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for t in $targets; do
  echo "==> fuzz $t for ${seconds}s"
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  cp corpus/"$t"/* "$work/$t/corpus/"
  status=0
  "$bin/$t" "$work/$t/corpus" \
    -dict=sailor.dict \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$work/$t/artifacts/" \
    >"$work/$t/log" 2>&1 || status=$?
  if [ "$status" -ne 0 ] || [ -n "$(ls -A "$work/$t/artifacts")" ]; then
    tail -n 80 "$work/$t/log"
    echo "fuzz $t FAILED (exit $status); reproducer(s):"
    for f in "$work/$t/artifacts"/*; do
      [ -e "$f" ] || continue
      echo "--- $(basename "$f") (base64)"
      base64 "$f"
    done
    exit 1
  fi
  # The start, the last progress lines and the final stats.
  grep -E 'INITED' "$work/$t/log" | head -n 1
  grep -E '^#[0-9]+' "$work/$t/log" | tail -n 2
  grep -E '^(Done|stat::)' "$work/$t/log"
  if [ "$t" = parse_bytes ]; then
    # Issue 9: no unit over 10 ms through the core (release, uninstrumented),
    # over the corpus the run grew and the benches' worst_case inputs.
    echo "==> unit times of parse_bytes's corpus (the core's six calls per unit)"
    cargo +nightly run --quiet --release --example unit_times -- "$work/$t/corpus" --top 5 --max-ms 10
  fi
done
echo "fuzz smoke: all targets ran ${seconds}s without a finding"
