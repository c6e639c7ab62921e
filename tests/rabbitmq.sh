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

# The node is named after this host unless the host's own name does not
# resolve (some containers): the node then could not reach itself, and
# rabbitmq-server never comes up, so it runs as rabbit@localhost instead.
if [ -z "${RABBITMQ_NODENAME:-}" ] && ! getent hosts "$(hostname -s 2>/dev/null || hostname)" >/dev/null 2>&1; then
  export RABBITMQ_NODENAME=rabbit@localhost
fi

running() { rabbitmqctl -q -t 10 status >/dev/null 2>&1; }

# What the node wrote, for a start that failed: its own logs say why.
show_logs() {
  say "node ${RABBITMQ_NODENAME:-rabbit@$(hostname -s 2>/dev/null || hostname)}; its last log lines:"
  for f in /var/log/rabbitmq/*.log /var/log/rabbitmq/startup_err /tmp/trift-rabbitmq-start.log; do
    [ -s "$f" ] || continue
    printf -- '--- %s\n' "$f"
    tail -n 25 "$f"
  done
}

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
    rabbitmq-server -detached >/tmp/trift-rabbitmq-start.log 2>&1 || true
    touch "$mark"
    # Up to three minutes: the first start of a fresh install is slow, and
    # await_startup fails at once while the node has not registered yet.
    for _ in $(seq 90); do
      if rabbitmqctl -q -t 10 await_startup >/dev/null 2>&1; then
        say "serving on 127.0.0.1:5672"
        exit 0
      fi
      sleep 2
    done
    say "rabbitmq-server did not start"
    show_logs
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
