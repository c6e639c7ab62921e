#!/usr/bin/env bash
# Starts or stops the local RabbitMQ (Debian's rabbitmq-server) for the
# messaging tests and the taxi demo's --broker run.
#
#   tests/rabbitmq.sh start  # starts it unless it runs; waits until it serves
#   tests/rabbitmq.sh stop   # stops it, only if `start` started it
#
# tests/setup.sh runs `start`, tests/run.sh runs `stop` when it ends. A broker
# that was already running is left alone.
set -euo pipefail

mark=${TRIFT_RABBITMQ_MARK:-/tmp/trift-rabbitmq-started}
say() { printf 'rabbitmq: %s\n' "$*"; }

running() { rabbitmqctl -q status >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if ! command -v rabbitmq-server >/dev/null 2>&1; then
      say "missing: rabbitmq-server (as root: apt-get install rabbitmq-server)"
      exit 1
    fi
    if running; then
      say "already running"
      exit 0
    fi
    say "starting rabbitmq-server"
    rabbitmq-server -detached
    touch "$mark"
    # Up to two minutes: the first start of a fresh install is slow, and
    # await_startup fails at once while the node has not registered yet.
    for _ in $(seq 60); do
      if rabbitmqctl -q -t 10 await_startup >/dev/null 2>&1; then
        say "serving on 127.0.0.1:5672"
        exit 0
      fi
      sleep 2
    done
    say "rabbitmq-server did not start"
    exit 1
    ;;
  stop)
    if [ -e "$mark" ]; then
      say "stopping rabbitmq-server"
      rabbitmqctl -q stop || true
      rm -f "$mark"
    fi
    ;;
  *)
    echo "usage: tests/rabbitmq.sh start|stop" >&2
    exit 2
    ;;
esac
