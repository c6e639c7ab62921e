"""Shared by the interop scripts: Apache's transports and protocols by name.

The scripts import the stubs that Debian's `thrift --gen py` generated from
idl/rpc_test.thrift; the Rust test passes the directory holding them.
"""

import sys

from thrift.protocol import TBinaryProtocol, TCompactProtocol, TJSONProtocol
from thrift.transport import TTransport

PROTOCOLS = {
    "binary": TBinaryProtocol.TBinaryProtocolFactory(),
    "compact": TCompactProtocol.TCompactProtocolFactory(),
    "json": TJSONProtocol.TJSONProtocolFactory(),
}

TRANSPORTS = {
    "framed": TTransport.TFramedTransportFactory(),
    "buffered": TTransport.TBufferedTransportFactory(),
}


def parse_args(names):
    """`script.py <stubs dir> <name>...`: puts the stubs on the path and
    returns the remaining arguments by name."""
    if len(sys.argv) != len(names) + 2:
        sys.exit("usage: %s <stubs dir> %s" % (sys.argv[0], " ".join(names)))
    sys.path.insert(0, sys.argv[1])
    return dict(zip(names, sys.argv[2:]))
