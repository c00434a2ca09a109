#!/usr/bin/env bash
# Load benchmark of the reference receiver (`sailor-webhook serve`), with the
# docs' minimal Express receiver as the anchor.
#
#   benches/receiver-load.sh [postgres://USER@HOST:PORT/DB]
#
# Runs back to back, each under the same wrk load (32 connections, 20 s,
# every request a distinct valid payload: the Lua script varies
# call.call_id, so every 2xx from `serve` is a validated event committed):
#
#   express      the docs' server.js (express.json(), console.log, 204):
#                neither validates nor stores
#   sqlite       one receiver, a fresh SQLite file (WAL, synchronous=FULL)
#   postgres-1   one receiver on PostgreSQL (synchronous_commit=on)
#   postgres-2   two receivers on the same database, wrk split between them
#
# Without a URL it starts a throwaway PostgreSQL (initdb + postgres, fsync on)
# in the work directory. The servers (receivers, Express, the throwaway
# PostgreSQL) are pinned to SERVER_CORE, wrk to WRK_CORE. For each case it
# prints requests/s, p50/p99, rows stored, and server CPU per stored event
# (receiver processes; PostgreSQL's CPU separately), then a summary with the
# ratios to Express.
#
# This is a benchmark, not a test. Environment: DURATION (20s), WARMUP (3s,
# the same short load before each case, not counted), CONNECTIONS
# (32), PORT (3900; 3901 for the second receiver), PGPORT (3950),
# SERVER_CORE (0), SERVER_CORE_B (the second receiver's, SERVER_CORE), PG_CORE
# (SERVER_CORE; taskset lists such as 2-5 work for all three), WRK_CORE (1), RUST_LOG (info: one log line per request,
# written to a file in the work directory), CASES (express sqlite
# postgres-1 postgres-2), SERVE_FLAGS (extra `serve` flags, e.g. --db-pool 4).
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-3900}
PGPORT=${PGPORT:-3950}
SERVER_CORE=${SERVER_CORE:-0}
SERVER_CORE_B=${SERVER_CORE_B:-$SERVER_CORE}
PG_CORE=${PG_CORE:-$SERVER_CORE}
WRK_CORE=${WRK_CORE:-1}
CASES=${CASES:-express sqlite postgres-1 postgres-2}
SERVE_FLAGS=${SERVE_FLAGS:-}
PG_URL=${1:-${PG_URL:-}}
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
need node nodejs
need npm npm
need psql postgresql-client

cargo build --release -p sailor-webhook-cli
BIN=$(pwd)/${CARGO_TARGET_DIR:-target}/release/sailor-webhook

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pg_pid=
stop_all() {
    for p in "${pids[@]}"; do
        if kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
    done
    pids=()
}
cleanup() {
    stop_all
    if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then kill -INT "$pg_pid" 2>/dev/null || true; wait "$pg_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- the throwaway PostgreSQL -------------------------------------------------
pg_bin() {
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
# As the postgres user when root (setpriv execs, so $! is the server's pid).
as_pg() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }
start_postgres() {
    if ! [ -x "$(pg_bin)/initdb" ]; then need initdb postgresql; fi
    local bin; bin=$(pg_bin)
    mkdir -p "$work/pg"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$work/pg"; fi
    as_pg "$bin/initdb" --auth=trust --username=postgres --no-instructions -E UTF8 --locale=C -D "$work/pg/data" >/dev/null
    local as=()
    if [ "$(id -u)" = 0 ]; then as=(setpriv --reuid=postgres --regid=postgres --init-groups); fi
    taskset -c "$PG_CORE" "${as[@]}" "$bin/postgres" -D "$work/pg/data" -p "$PGPORT" \
        -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100 \
        >"$work/pg/server.log" 2>&1 &
    pg_pid=$!
    for _ in $(seq 100); do
        psql "postgres://postgres@127.0.0.1:$PGPORT/postgres" -Atc 'SELECT 1' >/dev/null 2>&1 && break
        sleep 0.1
    done
    PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
    echo "throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PGPORT (fsync on), pinned to core(s) $PG_CORE"
}

# A fresh database per case, on the same server as PG_URL.
fresh_db() {
    local name=$1
    PGOPTIONS='-c client_min_messages=warning' psql "$PG_URL" -Atqc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    sed -E "s#/[^/?]*(\\?.*)?\$#/$name\\1#" <<<"$PG_URL"
}
# CPU ticks of the PostgreSQL server processes (only for the throwaway one).
pg_ticks() {
    if [ -z "$pg_pid" ]; then echo 0; return; fi
    local all
    all=$(pgrep -P "$pg_pid" || true)
    all="$pg_pid $all"
    for p in $all; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true; done | awk '{ s += $1 } END { print s + 0 }'
}

# --- the load -------------------------------------------------------------------
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
  -- Distinct per wrk process (two run side by side for two receivers).
  salt = tonumber(args[1]) % 65536
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

# The docs' minimal Express receiver, as written there, plus app.listen.
mkdir -p "$work/express"
cat >"$work/express/server.mjs" <<'JS'
import express from "express";

const app = express();
app.use(express.json());

async function saveOutcomeEvent(event) {
  console.log("Accepted Sailor outcome event", event);
}

app.post("/sailor/outcomes", async (req, res) => {
  const { outcome, call, destination } = req.body;

  await saveOutcomeEvent({
    callId: call.call_id,
    outcomeId: outcome.outcome_id,
    outcomeName: outcome.outcome_name,
    destinationType: destination?.destination_type ?? "none",
  });

  res.sendStatus(204);
});

app.listen(Number(process.env.PORT));
JS

wait_listening() { # port pid
    for _ in $(seq 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
start_receiver() { # port db log [cores]
    # shellcheck disable=SC2086 # SERVE_FLAGS is a list of flags
    taskset -c "${4:-$SERVER_CORE}" "$BIN" serve --listen "127.0.0.1:$1" --db "$2" $SERVE_FLAGS >"$3.out" 2>"$3" &
    pids+=($!)
    wait_listening "$1" "$!" || { cat "$3" >&2; exit 1; }
}
proc_ticks() { for p in "${pids[@]}"; do awk '{ print $14 + $15 }' "/proc/$p/stat"; done | awk '{ s += $1 } END { print s + 0 }'; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
field() { sed -E "s/.* $1=([0-9.]+).*/\\1/" <<<"$2"; }

salt=$((RANDOM * 2))
# load DURATION CONNECTIONS_EACH LABEL PORT...: one wrk per port, side by side.
load() {
    local duration=$1 per=$2 label=$3; shift 3
    local i=0 wrks=()
    for port in "$@"; do
        salt=$((salt + 1))
        taskset -c "$WRK_CORE" wrk -t1 -c"$per" -d"$duration" --latency -s "$work/load.lua" \
            "http://127.0.0.1:$port/sailor/outcomes" -- "$salt" >"$work/wrk-$label-$i.out" &
        wrks+=($!)
        i=$((i + 1))
    done
    wait "${wrks[@]}"
}

summary=()
# run_case NAME ROWS_COMMAND PORT...: wrk against each port (connections split).
run_case() {
    local name=$1 rows_cmd=$2; shift 2
    local ports=("$@") n=$#
    local per=$((CONNECTIONS / n))
    local t0 b0 p0 t1 b1 p1 rows0 rows1
    # Warm-up (JIT, caches, pool), the same for every case; not counted.
    load "$WARMUP" "$per" "$name-warmup" "${ports[@]}"
    rows0=$(eval "$rows_cmd")
    t0=$(proc_ticks); b0=$(busy_ticks); p0=$(pg_ticks)
    load "$DURATION" "$per" "$name" "${ports[@]}"
    t1=$(proc_ticks); b1=$(busy_ticks); p1=$(pg_ticks)
    stop_all
    local requests=0 rps=0 p50=0 p99=0 non2xx=0 errors=0 seconds=0
    for ((i = 0; i < n; i++)); do
        local r; r=$(grep '^RESULT' "$work/wrk-$name-$i.out")
        requests=$((requests + $(field requests "$r")))
        non2xx=$((non2xx + $(field non_2xx "$r")))
        errors=$((errors + $(field errors_connect "$r") + $(field errors_read "$r") + $(field errors_write "$r") + $(field errors_timeout "$r")))
        rps=$(awk -v a="$rps" -v b="$(field rps "$r")" 'BEGIN { print a + b }')
        p50=$(awk -v a="$p50" -v b="$(field p50_ms "$r")" 'BEGIN { print (b > a) ? b : a }')
        p99=$(awk -v a="$p99" -v b="$(field p99_ms "$r")" 'BEGIN { print (b > a) ? b : a }')
        seconds=$(field seconds "$r")
    done
    local rows="-"
    rows1=$(eval "$rows_cmd")
    [ "$rows1" = "-" ] || rows=$((rows1 - rows0))
    local hz; hz=$(getconf CLK_TCK)
    local line
    line=$(awk -v name="$name" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v rows="$rows" -v req="$requests" \
        -v non2xx="$non2xx" -v errors="$errors" -v s="$seconds" -v cpu=$(((t1 - t0))) -v pg=$(((p1 - p0))) \
        -v busy=$(((b1 - b0))) -v hz="$hz" -v ncpu="$(nproc)" 'BEGIN {
        stored = (rows == "-") ? req : rows
        printf "%-11s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  rows %7s  non-2xx %d  errors %d  server CPU %5.1f us/event", \
            name, rps, p50, p99, rows, non2xx, errors, 1e6 * cpu / hz / stored
        if (pg > 0) printf "  (+ PostgreSQL %5.1f us/event)", 1e6 * pg / hz / stored
        printf "  machine busy %.2f of %d cores\n", busy / hz / s, ncpu
    }')
    echo "$line"
    summary+=("$line")
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $CONNECTIONS connections, $DURATION per case; servers on core $SERVER_CORE, wrk on core $WRK_CORE"
for case in $CASES; do
    case $case in
    express)
        (cd "$work/express" && npm install --silent --no-audit --no-fund express >/dev/null)
        echo "express $(cd "$work/express" && node -p 'require("express/package.json").version'), node $(node --version)"
        (cd "$work/express" && PORT=$PORT exec taskset -c "$SERVER_CORE" node server.mjs >"$work/express.log" 2>&1) &
        pids+=($!)
        wait_listening "$PORT" "$!" || { cat "$work/express.log" >&2; exit 1; }
        run_case express "echo -" "$PORT"
        ;;
    sqlite)
        start_receiver "$PORT" "$work/bench.sqlite" "$work/sqlite.log"
        run_case sqlite "sqlite3 '$work/bench.sqlite' 'SELECT count(*) FROM outcome_events'" "$PORT"
        ;;
    postgres-1 | postgres-2)
        [ -n "$PG_URL" ] || start_postgres
        n=${case#postgres-}
        url=$(fresh_db "bench_$n")
        start_receiver "$PORT" "$url" "$work/$case-a.log"
        ports=("$PORT")
        if [ "$n" = 2 ]; then
            start_receiver "$((PORT + 1))" "$url" "$work/$case-b.log" "$SERVER_CORE_B"
            ports+=("$((PORT + 1))")
        fi
        run_case "$case" "psql '$url' -Atc 'SELECT count(*) FROM outcome_events'" "${ports[@]}"
        ;;
    *) echo "unknown case $case" >&2; exit 2 ;;
    esac
done

echo
echo "summary (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
# Fields of a summary line: $2 req/s, $5 p50 (ms), $8 p99 (ms).
base=$(printf '%s\n' "${summary[@]}" | awk '$1 == "express" { print $2, $8 }')
if [ -n "$base" ]; then
    read -r base_rps base_p99 <<<"$base"
    printf '%s\n' "${summary[@]}" | awk -v r="$base_rps" -v p="$base_p99" '$1 != "express" {
        printf "%-11s %.2fx Express req/s, p99 %.2fx Express p99\n", $1, $2 / r, $8 / p
    }'
fi
