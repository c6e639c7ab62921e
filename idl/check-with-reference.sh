#!/bin/sh
# check-with-reference.sh - compile every 0.17-compatible file of this corpus with a reference
# Apache Thrift compiler (default: Debian's /usr/bin/thrift 0.17) and fail if any is rejected.
#
# Usage: idl/check-with-reference.sh [-v]        (from any directory)
# Env:   THRIFT=/path/to/thrift                  (reference compiler, default `thrift` on PATH)
#
# Files under modern/ need Apache 0.18+ (uuid, keyword field names, leading list cpp_type) and
# are skipped here; with -v the script also reports how the reference treats them (no failure).
set -u
here=$(cd "$(dirname "$0")" && pwd)
thrift=${THRIFT:-thrift}
verbose=0
[ "${1:-}" = "-v" ] && verbose=1

if ! command -v "$thrift" >/dev/null 2>&1; then
  echo "check-with-reference: reference compiler '$thrift' not found" >&2
  exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
failed=0
count=0
for f in $(cd "$here" && find . -name '*.thrift' -not -path './modern/*' | sed 's|^\./||' | sort); do
  count=$((count + 1))
  # -I is the file's own folder; includes are resolved relative to the including file anyway.
  if "$thrift" --gen py -out "$out" -I "$here/$(dirname "$f")" "$here/$f" >"$out/log" 2>&1; then
    [ $verbose = 1 ] && echo "accept  $f"
  else
    echo "REJECT  $f" >&2
    grep -v '^$' "$out/log" | grep -v WARNING >&2
    failed=$((failed + 1))
  fi
  rm -rf "$out"/* 
done

if [ $verbose = 1 ]; then
  for f in $(cd "$here" && find ./modern -name '*.thrift' | sed 's|^\./||' | sort); do
    if "$thrift" --gen py -out "$out" "$here/$f" >"$out/log" 2>&1; then
      echo "accept  $f (0.18+ file)"
    else
      echo "reject  $f (0.18+ file, expected with 0.17): $(grep -v '^$' "$out/log" | grep -v WARNING | head -2 | tr '\n' ' ')"
    fi
    rm -rf "$out"/*
  done
fi

if [ $failed -ne 0 ]; then
  echo "check-with-reference: $failed of $count files rejected by $("$thrift" --version)" >&2
  exit 1
fi
echo "check-with-reference: all $count files accepted by $("$thrift" --version)"
