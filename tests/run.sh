#!/usr/bin/env bash
# The README's test command: sets up what the tests need (tests/setup.sh, as
# root on a fresh machine), runs every test of the workspace with the `trift`
# CLI built in, then lists every test that skipped because a peer is missing
# and closes with one line: `tests: N passed, N failed, N skipped`.
#
#   tests/run.sh              # cargo test --workspace
#   tests/run.sh -p trift-idl # arguments given replace `--workspace`
#
# A skipped test passes as far as cargo is concerned; here it is counted as
# skipped. In CI (CI set to anything but empty, 0 or false) a missing peer
# fails its test, and any skip fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."

case "${CI:-}" in "" | 0 | false) ci=0 ;; *) ci=1 ;; esac

# The broker tests/setup.sh started (if it did) is stopped however this ends.
trap 'tests/rabbitmq.sh stop' EXIT

if ! tests/setup.sh; then
  if [ "$ci" -eq 1 ]; then
    echo "tests/setup.sh failed" >&2
    exit 1
  fi
  echo "tests/setup.sh failed; tests whose peer is missing will be skipped" >&2
fi

target=$(cargo metadata --no-deps --format-version 1 \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target=${target:-target}
mkdir -p "$target"
export TRIFT_SKIP_LOG="$target/trift-skipped.txt"
: > "$TRIFT_SKIP_LOG"
log="$target/trift-test-output.txt"

if [ "$#" -eq 0 ]; then
  set -- --workspace
fi
cargo test --no-fail-fast "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# `test result: ok. 52 passed; 0 failed; 0 ignored; ...`, one per test binary.
sum() { sed -n "s/^test result: .* \([0-9][0-9]*\) $1;.*/\1/p" "$log" | awk '{ n += $1 } END { print n + 0 }'; }
passed=$(sum passed)
failed=$(sum failed)
skipped=$(wc -l < "$TRIFT_SKIP_LOG")
skipped=$((skipped + 0))

echo
if [ "$skipped" -gt 0 ]; then
  echo "skipped tests ($skipped), each with what it is missing:"
  sed 's/^SKIPPED /  /' "$TRIFT_SKIP_LOG"
  echo
fi
echo "tests: $((passed - skipped)) passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ]; then
  exit "$status"
fi
if [ "$skipped" -gt 0 ] && [ "$ci" -eq 1 ]; then
  echo "CI is set: no test may skip" >&2
  exit 1
fi
