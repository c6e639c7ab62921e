"""Pieces shared by the cross-test server and client.

Both programs take Apache's test-program flags; the protocol and transport names
here are the ones Apache's runner (test/crossrunner) passes.
"""

import os
import sys

PROTOCOLS = ("binary", "compact", "json", "multi", "multic", "multij")
TRANSPORTS = ("buffered", "framed", "http")

# Environment variable the driver sets to the directory holding the stubs that
# `thrift --gen py` produced; `--genpydir` overrides it.
GEN_PY_ENV = "CROSSTEST_GEN_PY"


def add_stub_path(genpydir):
    """Make the generated `ThriftTest` package importable."""
    path = genpydir or os.environ.get(GEN_PY_ENV)
    if not path:
        sys.exit("no generated stubs: pass --genpydir or set %s" % GEN_PY_ENV)
    if not os.path.isdir(os.path.join(path, "ThriftTest")):
        sys.exit("%s holds no ThriftTest package (run `thrift --gen py`)" % path)
    sys.path.insert(0, path)


def protocol_factory(name):
    """The protocol factory for a `--protocol` value; multiplexing is separate."""
    from thrift.protocol import TBinaryProtocol, TCompactProtocol, TJSONProtocol

    base = {"binary": "binary", "multi": "binary",
            "compact": "compact", "multic": "compact",
            "json": "json", "multij": "json"}[name]
    if base == "binary":
        # Plain Python classes, never the C accelerator: the reference behaviour.
        return TBinaryProtocol.TBinaryProtocolFactory()
    if base == "compact":
        return TCompactProtocol.TCompactProtocolFactory()
    return TJSONProtocol.TJSONProtocolFactory()


def is_multiplexed(name):
    """Whether a `--protocol` value names a multiplexed variant."""
    return name.startswith("multi")


def add_common_flags(parser):
    """Flags both programs take, spelled as Apache's test programs spell them."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9090)
    parser.add_argument("--protocol", choices=PROTOCOLS, default="binary")
    parser.add_argument("--transport", choices=TRANSPORTS, default="buffered")
    parser.add_argument("--genpydir", default=None,
                        help="directory holding the `thrift --gen py` output")
    parser.add_argument("-v", "--verbose", action="store_true")
