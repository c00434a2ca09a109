#!/usr/bin/env bash
# Instructions per call (callgrind) on the `seed_compact` input: the docs'
# example payload without whitespace (528 bytes), as in benches/parse.rs.
#
# For sailor_webhook::parse, parse_view and validate, and for the peers of
# the criterion bench (serde_json into the owned and the borrowed mirror
# structs, serde-json-core), it runs benches/instructions.rs (release, the
# bench profile) under `valgrind --tool=callgrind` with N and with 2N calls;
# instructions per call = (Ir(2N) - Ir(N)) / N, so start-up, input set-up and
# exit cancel. Callgrind counts instructions, not time: the figures do not
# depend on the machine's load.
#
# Output: one key=value line per function, then a table with the ratio to
# serde_json into owned fields, against the goals (parse_view <= 0.20,
# parse <= 0.25). Exit status 0 even when a goal is missed (this is a
# measurement); 1 when a run fails.
# Usage: scripts/instructions.sh [--no-install]   (CALLS=N, default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '%s\n' "$*" >&2; }

if [ "${1:-}" != "--no-install" ] && ! command -v valgrind >/dev/null; then
  log "installing: valgrind"
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind >&2
fi

calls=${CALLS:-2000}
log "building benches/instructions.rs (bench profile)"
exe=$(cargo bench -p sailor-webhook --bench instructions --no-run 2>&1 | tee /dev/stderr |
  sed -n 's/^ *Executable .*(\(.*\))$/\1/p' | tail -n 1)
[ -x "$exe" ] || { log "no executable found"; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Total instructions (Ir) of one run of FUNCTION with CALLS calls.
instructions() {
  local function=$1 n=$2 file="$out/$1.$2"
  valgrind --tool=callgrind --callgrind-out-file="$file" "$exe" "$function" "$n" 2>"$file.log" || {
    log "$function $n failed:"
    cat "$file.log" >&2
    return 1
  }
  sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$file"
}

functions="parse parse_view validate serde_json_owned serde_json_borrowed serde_json_core"
declare -A per_call
for f in $functions; do
  one=$(instructions "$f" "$calls")
  two=$(instructions "$f" $((2 * calls)))
  per_call[$f]=$(((two - one + calls / 2) / calls))
  echo "instructions_per_call_${f}=${per_call[$f]}"
done

base=${per_call[serde_json_owned]}
ratio() { awk -v a="$1" -v b="$base" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g) ? "met" : "NOT MET" }'; }

echo
echo "callgrind instructions per call, seed_compact (528 B), ${calls} vs $((2 * calls)) calls"
echo
echo "| function | instructions | ratio to serde_json owned | goal |"
echo "|---|---:|---:|---|"
for f in $functions; do
  r=$(ratio "${per_call[$f]}")
  case $f in
    parse_view) goal="≤ 0.20: $(verdict "$r" 0.20)" ;;
    parse) goal="≤ 0.25: $(verdict "$r" 0.25)" ;;
    *) goal="" ;;
  esac
  echo "| \`$f\` | ${per_call[$f]} | $r | $goal |"
done

# The worst_case inputs of benches/parse.rs (issue 9: at most 10x the cost
# of seed_compact per byte): validate's instructions per byte, and the ratio
# to validate's on seed_compact. Instructions, not time: branchy code runs
# at fewer instructions per cycle, so the criterion table (benches/README.md)
# is the figure the goal is judged on; this one is free of noise.
wc_calls=${WC_CALLS:-20}
seed_per_byte=$(awk -v a="${per_call[validate]}" 'BEGIN { printf "%.2f", a / 528 }')
echo
echo "callgrind instructions of validate per byte, worst_case inputs (${wc_calls} vs $((2 * wc_calls)) calls)"
echo
echo "| input | bytes | instructions per byte | × seed_compact per byte |"
echo "|---|---:|---:|---:|"
echo "| seed_compact | 528 | $seed_per_byte | 1.0 |"
while read -r name bytes; do
  one=$(valgrind --tool=callgrind --callgrind-out-file="$out/wc.1" "$exe" worst_case "$name" "$wc_calls" 2>"$out/wc.log" &&
    sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out/wc.1") || { cat "$out/wc.log" >&2; exit 1; }
  two=$(valgrind --tool=callgrind --callgrind-out-file="$out/wc.2" "$exe" worst_case "$name" $((2 * wc_calls)) 2>"$out/wc.log" &&
    sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out/wc.2") || { cat "$out/wc.log" >&2; exit 1; }
  awk -v n="$name" -v b="$bytes" -v d="$((two - one))" -v c="$wc_calls" -v s="$seed_per_byte" \
    'BEGIN { pb = d / c / b; printf "| %s | %d | %.2f | %.1f |\n", n, b, pb, pb / s }'
  echo "worst_case_${name}_instructions_per_byte=$(awk -v b="$bytes" -v d="$((two - one))" -v c="$wc_calls" 'BEGIN { printf "%.2f", d / c / b }')" >&2
done < <("$exe" worst_case list)
