#!/usr/bin/env bash
# The planted-bug exercise (issue 14). For each patch (default: every
# fuzz/planted/*.patch, in order), in a scratch copy of the repository that
# is never committed: apply the patch to the pristine sources, build the
# fuzz targets, run each target from a fresh copy of its committed seeds
# (with the dictionary) for PLANT_SECONDS (120 by default), one target at a
# time on one core, and print a table of the seconds until each target
# reported a finding (wall clock from the start of the run, seed loading
# included; "seed" when a committed seed itself fails, "-" when nothing was
# found in time).
#
#   fuzz/planted/run.sh                              # every patch, 120 s
#   PLANT_SECONDS=60 fuzz/planted/run.sh fuzz/planted/04-*.patch
#
# Environment:
#   PLANT_SECONDS     seconds per target (120)
#   PLANT_TARGETS     targets to run ("parse_bytes roundtrip differential request")
#   PLANT_UNIT_TESTS  1: also run `cargo test -p sailor-webhook` on each patched copy
#   PLANT_SEEDS       all (default): every committed seed; valid: leave out the
#                     seeds that break a rule on purpose (invalid-*, strict-unknown-*,
#                     table-*, bound-*), so that no seed sits on the bug and the
#                     time measures the target's own search
#   PLANT_WORK        scratch directory, kept between runs so that builds are
#                     incremental (default: $TMPDIR/sailor-planted)
#
# The reproducers (the first artifact of each finding) and the logs are kept
# under $PLANT_WORK/out/<patch>/<target>/. Nothing is written into the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${PLANT_SECONDS:-120}"
seeds="${PLANT_SEEDS:-all}"
targets="${PLANT_TARGETS:-parse_bytes roundtrip differential request}"
work="${PLANT_WORK:-${TMPDIR:-/tmp}/sailor-planted}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

if [ "$#" -gt 0 ]; then
  patches=("$@")
else
  patches=("$here"/*.patch)
fi

mkdir -p "$work/repo" "$work/out"
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin="$work/repo/fuzz/target/$host/release"

# The pristine tracked files of the repository (working tree), over the
# scratch copy; build outputs under fuzz/target stay for incremental builds.
sync_sources() {
  rm -rf "$work/repo/src"
  (cd "$repo" && git ls-files -z | tar --null -T - -cf -) | (cd "$work/repo" && tar -xf -)
}

header="| bug |"
rule="|---|"
[ "${PLANT_UNIT_TESTS:-0}" = 1 ] && header="$header unit tests |" && rule="$rule---|"
for t in $targets; do
  header="$header $t |"
  rule="$rule---|"
done
rows=()

for patch in "${patches[@]}"; do
  name="$(basename "$patch" .patch)"
  out="$work/out/$name"
  rm -rf "$out"
  mkdir -p "$out"
  echo "==> $name" >&2
  sync_sources
  row="| $name |"
  if ! (cd "$work/repo" && patch -p1 --quiet <"$patch"); then
    rows+=("$row patch does not apply |")
    continue
  fi
  if ! (cd "$work/repo/fuzz" && cargo +nightly fuzz build >"$out/build.log" 2>&1); then
    rows+=("$row build failed (see $out/build.log) |")
    continue
  fi
  if [ "${PLANT_UNIT_TESTS:-0}" = 1 ]; then
    if (cd "$work/repo" && cargo test -p sailor-webhook >"$out/unit-tests.log" 2>&1); then
      row="$row missed |"
    else
      row="$row caught |"
    fi
  fi
  for t in $targets; do
    dir="$out/$t"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp "$repo/fuzz/corpus/$t/"* "$dir/corpus/"
    if [ "$seeds" = valid ]; then
      find "$dir/corpus" \( -name '*invalid-*' -o -name '*strict-unknown-*' \
        -o -name '*table-*' -o -name '*bound-*' \) -delete
    fi
    start="$(date +%s.%N)"
    status=0
    "$bin/$t" "$dir/corpus" \
      -dict="$repo/fuzz/sailor.dict" \
      -max_total_time="$seconds" \
      -timeout=10 \
      -rss_limit_mb=2048 \
      -artifact_prefix="$dir/artifacts/" \
      >"$dir/log" 2>&1 || status=$?
    end="$(date +%s.%N)"
    if [ -n "$(ls -A "$dir/artifacts")" ]; then
      if grep -q 'INITED' "$dir/log"; then
        cell="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
      else
        cell="seed"
      fi
    elif [ "$status" -ne 0 ]; then
      cell="exit $status"
    else
      cell="-"
    fi
    echo "    $t: $cell" >&2
    row="$row $cell |"
    # The corpus grew during the run; only the reproducers and logs stay.
    rm -rf "$dir/corpus"
  done
  rows+=("$row")
done

echo
echo "Seconds to the first finding, ${seconds} s per target, seeds: $seeds (\"-\": none in time):"
echo
echo "$header"
echo "$rule"
for r in "${rows[@]}"; do
  echo "$r"
done
