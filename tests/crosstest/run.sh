#!/bin/sh
# Cross-test driver entry point; see README.md. All arguments go to run.py,
# e.g. run.sh --server "target/debug/examples/crosstest-server" --transports framed
exec python3 "$(dirname "$0")/run.py" "$@"
