#!/usr/bin/env bash
# Load benchmark of the reference receiver (`sailor-webhook serve`).
#
# Builds the release binary, starts `serve` on loopback pinned to core 0 with
# a fresh SQLite file (WAL, synchronous=FULL, group commit), and runs wrk
# pinned to core 1 with 32 connections for 20 s. Every request carries a
# distinct, valid payload (the Lua script varies call.call_id), so every 2xx
# is a validated event committed to disk. Prints requests/s, p50/p99
# latency, and the rows actually stored, then stops the server (SIGTERM).
#
# This is a benchmark, not a test. Environment: DURATION (20s), CONNECTIONS
# (32), PORT (3900), SERVER_CORE (0), WRK_CORE (1), RUST_LOG (info: one log
# line per request, written to a file in the work directory).
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-3900}
SERVER_CORE=${SERVER_CORE:-0}
WRK_CORE=${WRK_CORE:-1}
export RUST_LOG=${RUST_LOG:-info}

need() { # command, Debian package
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "installing $2 (for $1)" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    fi
}
need wrk wrk
need sqlite3 sqlite3
need taskset util-linux

cargo build --release -p sailor-webhook-cli
BIN=${CARGO_TARGET_DIR:-target}/release/sailor-webhook

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

taskset -c "$SERVER_CORE" "$BIN" serve --listen "127.0.0.1:$PORT" --db "$work/bench.sqlite" \
    >"$work/serve.out" 2>"$work/serve.log" &
pid=$!
for _ in $(seq 100); do
    grep -q "listening" "$work/serve.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
done
grep -q "listening" "$work/serve.out" || { echo "server did not start" >&2; exit 1; }

cat >"$work/load.lua" <<'LUA'
-- Distinct valid payloads: call_id = <thread>-<run salt>-4000-8000-<counter>.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
local counter = 0
local salt = 0
function init(args)
  salt = math.random(0, 65535)
end
local prefix = '{"timestamp":1781935984000,'
  .. '"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},'
  .. '"outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"Interested","outcome_type":"action"},'
  .. '"call":{"call_id":"'
local suffix = '","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"},'
  .. '"destination":{"destination_type":"smart_list","destination_id":"00000000-0000-4000-8000-000000000006"},'
  .. '"error_message":""}'
local headers = { ["Content-Type"] = "application/json" }
request = function()
  counter = counter + 1
  local call_id = string.format("%08x-%04x-4000-8000-%012x", tid, salt, counter)
  return wrk.format("POST", nil, headers, prefix .. call_id .. suffix)
end
function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non_2xx=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
ticks0=$(cpu_ticks)
busy0=$(busy_ticks)
echo "wrk: $CONNECTIONS connections, $DURATION, server on core $SERVER_CORE, wrk on core $WRK_CORE"
taskset -c "$WRK_CORE" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/load.lua" \
    "http://127.0.0.1:$PORT/sailor/outcomes" | tee "$work/wrk.out"

ticks1=$(cpu_ticks)
busy1=$(busy_ticks)
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
rows=$(sqlite3 "$work/bench.sqlite" 'SELECT count(*) FROM outcome_events')
rejected=$(sqlite3 "$work/bench.sqlite" 'SELECT count(*) FROM rejected_deliveries')
result=$(grep '^RESULT' "$work/wrk.out")
requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$result")
seconds=$(sed -E 's/.* seconds=([0-9.]+).*/\1/' <<<"$result")
echo
echo "server exit status after SIGTERM: $status"
echo "rows in outcome_events: $rows (wrk counted $requests responses); rejected_deliveries: $rejected"
awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "durably stored events/s: %.0f\n", r / s }'
# CPU the server used during the run (all its threads), per stored event: a
# figure that other load on the machine disturbs less than the wall-clock rate.
awk -v a="$ticks0" -v b="$ticks1" -v r="$rows" -v s="$seconds" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    cpu = (b - a) / hz
    printf "server CPU: %.2f s over %.2f s (%.0f%% of its core), %.1f us per stored event\n", cpu, s, 100 * cpu / s, 1e6 * cpu / r
}'
awk -v a="$busy0" -v b="$busy1" -v s="$seconds" -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" 'BEGIN {
    printf "whole machine busy during the run: %.2f of %d cores (server + wrk + anything else running)\n", (b - a) / hz / s, n
}'
sed -E 's/^RESULT //' <<<"$result" | tr ' ' '\n' | grep -E '^(rps|p50_ms|p99_ms|max_ms|non_2xx)='
