#!/usr/bin/env python3
"""Check that trift's crosstest IDL has the same shape as Apache's ThriftTest.thrift.

Runs `trift check --dump-model` on both files and compares the resolved models
with source positions, doc comments, file paths and namespaces left out: what
remains (every definition, field id, type, requiredness, default, annotation,
function, throws clause, in order) must be identical.

    compare_idl.py --trift target/debug/trift [--reference PATH] [--ours PATH]
"""

import argparse
import difflib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
IGNORED_KEYS = {"span", "doc", "path", "namespaces"}


def model(trift, path):
    out = subprocess.run([trift, "check", "--dump-model", path], check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return json.loads(out)


def shape(value):
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items() if k not in IGNORED_KEYS}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trift", required=True, help="the trift CLI binary")
    parser.add_argument("--reference", default=os.path.join(
        os.path.dirname(REPO), "shared", "reference", "ThriftTest.thrift"))
    parser.add_argument("--ours", default=os.path.join(REPO, "idl", "crosstest", "ThriftTest.thrift"))
    options = parser.parse_args()
    ref = json.dumps(shape(model(options.trift, options.reference)), indent=1, sort_keys=True)
    ours = json.dumps(shape(model(options.trift, options.ours)), indent=1, sort_keys=True)
    diff = list(difflib.unified_diff(ref.splitlines(), ours.splitlines(), "reference", "ours",
                                     lineterm=""))
    if diff:
        print("\n".join(diff))
        sys.exit(1)
    print("same shape: %s and %s" % (options.reference, options.ours))


if __name__ == "__main__":
    main()
