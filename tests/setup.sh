#!/usr/bin/env bash
# Installs what the tests need from outside the workspace, when it is missing:
# Debian's thrift-compiler (Apache's `thrift` compiler) and, from PyPI,
# thrift==0.25.0 (Apache's Python library) and pika, and Debian's
# rabbitmq-server (started here, see tests/rabbitmq.sh). Debian packages need
# root; without root this says what to install and goes on, and the tests that
# need the missing peer are skipped (in CI, where CI=true, they fail).
# Safe to run again: it only installs what is missing.
set -euo pipefail

say() { printf 'setup: %s\n' "$*"; }
is_root() { [ "$(id -u)" -eq 0 ]; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}
pip_install() {
  # Debian's own python3 refuses pip installs outside a virtualenv (PEP 668);
  # the machine's python3 takes them as they are.
  python3 -m pip install --quiet "$@" \
    || python3 -m pip install --quiet --break-system-packages "$@"
}

# Apache's compiler: generates the Python peers' stubs.
if ! command -v thrift >/dev/null 2>&1; then
  if is_root; then
    say "installing Debian's thrift-compiler"
    apt_install thrift-compiler
  else
    say "missing: the thrift compiler (as root: apt-get install thrift-compiler)"
  fi
fi
command -v thrift >/dev/null 2>&1 && say "$(thrift -version)"

# Python, for Apache's Python library.
if ! command -v python3 >/dev/null 2>&1; then
  if is_root; then
    say "installing Debian's python3 and pip"
    apt_install python3 python3-pip
  else
    say "missing: python3 (as root: apt-get install python3 python3-pip)"
  fi
fi
if command -v python3 >/dev/null 2>&1; then
  if ! python3 -c 'import sys; from importlib.metadata import version; sys.exit(version("thrift") != "0.25.0")' >/dev/null 2>&1; then
    say "installing PyPI's thrift==0.25.0"
    pip_install 'thrift==0.25.0'
  fi
  if ! python3 -c 'import pika' >/dev/null 2>&1; then
    say "installing PyPI's pika"
    pip_install pika
  fi
  if ! python3 -c 'import openapi_spec_validator' >/dev/null 2>&1; then
    # Validates the gateway's /openapi.json (dynamic/generated-tests).
    say "installing PyPI's openapi-spec-validator"
    pip_install 'openapi-spec-validator==0.9.0'
  fi
  python3 -c 'from importlib.metadata import version; print("setup: python thrift", version("thrift"), "and pika", version("pika"))'
fi

# RabbitMQ (Debian's rabbitmq-server) for the messaging tests and the taxi
# demo's --broker run: installed when missing, started unless it runs
# (tests/run.sh stops it at the end if this started it).
if ! command -v rabbitmq-server >/dev/null 2>&1; then
  if is_root; then
    say "installing Debian's rabbitmq-server"
    apt_install rabbitmq-server
    # Debian's package starts the service where systemd runs; the tests
    # start their own broker with tests/rabbitmq.sh.
  else
    say "missing: rabbitmq-server (as root: apt-get install rabbitmq-server)"
  fi
fi
if command -v rabbitmq-server >/dev/null 2>&1; then
  "$(dirname "$0")/rabbitmq.sh" start
fi
