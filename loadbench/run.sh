#!/usr/bin/env bash
# The RPC load benchmark, in one run: builds every server and the load
# generator in release, starts each server as its own process on loopback,
# runs every server x scenario x concurrency x client model (interleaved cell
# by cell), and writes the Markdown tables to stdout and to
# loadbench/results/<date>.md (raw rows in results/<date>.tsv).
#
# Knobs (environment): WINDOW_MS (default 3000), WARMUP_MS (default 1000),
# REPEATS (rounds per cell, default 2; the table shows each server's best),
# CONNS (default 1,16,64,256,1024), SERVERS (default: all four),
# MAX_THREADS (blocking client thread cap, default 1024 = one per connection),
# NICE (priority of the measured processes, default -20), TRIFT_ARGS (extra
# flags for trift's server, e.g. "--workers 1"), TRIFT_BASE (path to a
# trift-server binary built from an earlier commit: it runs as the server
# `trift-base` beside the others, so `loadgen pool --baseline trift-base`
# compares two builds of trift in one run), RESULTS (report name,
# default: today's date), PLACEMENT (shared: every process may run on every
# CPU, the default; split: the servers are pinned to the last CPU and the
# generator to the others, as if the client ran on another machine).
# Method: /work/shared/benchmark-method.md (see BENCHMARKS.md at the repo root).
set -euo pipefail
cd "$(dirname "$0")"

WINDOW_MS=${WINDOW_MS:-3000}
REPEATS=${REPEATS:-2}
WARMUP_MS=${WARMUP_MS:-1000}
CONNS=${CONNS:-1,16,64,256,1024}
MAX_THREADS=${MAX_THREADS:-1024}
SERVERS=${SERVERS:-raw-ceiling trift apache-thrift volo-thrift}
# Each server exits on its own after this long, whatever happens to the run.
SERVER_LIFETIME_S=${SERVER_LIFETIME_S:-2400}

cargo build --release --locked --bins >&2

# This VM is shared. Under contention CFS shares CPU per runnable thread, which
# hands the side with more threads (Apache's thread per connection, the
# blocking client) more of the machine than a one-thread epoll loop. Running
# the measurement (bounded in time) at the highest priority allowed keeps other
# work on the machine from skewing it. NICE=0 turns this off.
NICE=${NICE:--20}
renice -n "$NICE" -p $$ >/dev/null 2>&1 || echo "run.sh: could not renice to $NICE; measuring at the default priority" >&2

# With PLACEMENT=split the server gets a core of its own: a blocking client's
# threads no longer compete with the server for CPU, so the figures measure
# the servers rather than how the scheduler shares two cores between a
# server and its client.
PLACEMENT=${PLACEMENT:-shared}
cpus=$(nproc)
case "$PLACEMENT" in
  shared)
    server_pin=""
    generator_pin=""
    placement="client and servers share all $cpus CPUs"
    ;;
  split)
    if [ "$cpus" -lt 2 ]; then
      echo "run.sh: PLACEMENT=split needs at least 2 CPUs" >&2
      exit 2
    fi
    server_pin="taskset -c $((cpus - 1))"
    generator_pin="taskset -c 0-$((cpus - 2))"
    placement="server pinned to CPU $((cpus - 1)), client to CPUs 0-$((cpus - 2))"
    ;;
  *)
    echo "run.sh: PLACEMENT is shared or split, not '$PLACEMENT'" >&2
    exit 2
    ;;
esac

bin=target/release
declare -A command=(
  [raw-ceiling]="$server_pin $bin/raw-ceiling --addr 127.0.0.1:19091 --max-seconds $SERVER_LIFETIME_S"
  [apache-thrift]="$server_pin $bin/apache-server --addr 127.0.0.1:19092 --workers 1100 --max-seconds $SERVER_LIFETIME_S"
  [volo-thrift]="$server_pin $bin/volo-server --addr 127.0.0.1:19093 --max-seconds $SERVER_LIFETIME_S"
  [trift]="$server_pin $bin/trift-server --addr 127.0.0.1:19094 --max-seconds $SERVER_LIFETIME_S ${TRIFT_ARGS:-}"
)
declare -A address=(
  [raw-ceiling]=127.0.0.1:19091
  [apache-thrift]=127.0.0.1:19092
  [volo-thrift]=127.0.0.1:19093
  [trift]=127.0.0.1:19094
)
if [ -n "${TRIFT_BASE:-}" ]; then
  command[trift-base]="$server_pin $TRIFT_BASE --addr 127.0.0.1:19095 --max-seconds $SERVER_LIFETIME_S ${TRIFT_ARGS:-}"
  address[trift-base]=127.0.0.1:19095
  case " $SERVERS " in *" trift-base "*) ;; *) SERVERS="$SERVERS trift-base" ;; esac
fi

# The 1,024-connection cells need ~2,100 descriptors in the generator.
ulimit -n 20000 2>/dev/null || true

mkdir -p results
stamp=${RESULTS:-$(date -u +%Y-%m-%d)}
tsv=results/$stamp.tsv
md=results/$stamp.md
: > "$tsv"

server_args=()
for server in $SERVERS; do
  server_args+=(--server "$server=${address[$server]}=${command[$server]}")
done

# The generator stops the servers it started (by PID) and is itself bounded.
timeout 2400 $generator_pin "$bin/loadgen" run "${server_args[@]}" --out "$tsv" \
  --warmup-ms "$WARMUP_MS" --window-ms "$WINDOW_MS" --conns "$CONNS" \
  --max-threads "$MAX_THREADS" --repeats "$REPEATS" --pipeline-depth 64 --idle-conns 1000 --max-seconds 2300 >&2

machine="$(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -r), rustc $(rustc --version | cut -d' ' -f2)"
title="RPC load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $machine; warm-up ${WARMUP_MS} ms, window ${WINDOW_MS} ms, best of ${REPEATS} interleaved rounds per cell; $placement"
"$bin/loadgen" report --in "$tsv" --title "$title" | tee "$md"
