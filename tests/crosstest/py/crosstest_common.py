"""Pieces shared by the cross-test server and client.

Both programs take Apache's test-program flags; the protocol and transport names
here are the ones Apache's runner (test/crossrunner) passes.
"""

import os
import sys

PROTOCOLS = ("binary", "compact", "json", "header", "multi", "multic", "multih", "multij")
TRANSPORTS = ("buffered", "framed", "http", "zlib")
# How the runner says which socket to use: plain TCP (no flag), TLS (`--ssl`)
# or a unix domain socket (`--domain-socket=PATH`).
SOCKETS = ("ip", "ip-ssl", "domain")

# With `--ssl` the keys are read from here, relative to the working directory,
# under Apache's file names (Apache's runner lays out test/keys this way).
KEYS_DIR = os.path.join("..", "keys")

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


def key_file(name):
    """The path of one of Apache's key files (`CA.pem`, `server.crt`, ...)."""
    return os.path.join(KEYS_DIR, name)


def protocol_factory(name, server=False):
    """The protocol factory for a `--protocol` value; multiplexing is separate.

    THeader servers also take the headerless framed and unframed binary and
    compact clients and answer each in kind, as Apache's do; THeader clients
    send header frames only.
    """
    from thrift.protocol import TBinaryProtocol, TCompactProtocol, TJSONProtocol

    base = {"binary": "binary", "multi": "binary",
            "compact": "compact", "multic": "compact",
            "json": "json", "multij": "json",
            "header": "header", "multih": "header"}[name]
    if base == "header":
        from thrift.protocol import THeaderProtocol
        from thrift.transport.THeaderTransport import THeaderClientType as types

        allowed = [types.HEADERS]
        if server:
            allowed += [types.FRAMED_BINARY, types.UNFRAMED_BINARY,
                        types.FRAMED_COMPACT, types.UNFRAMED_COMPACT]
        return THeaderProtocol.THeaderProtocolFactory(allowed_client_types=allowed)
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
    parser.add_argument("--zlib", action="store_true",
                        help="TZlibTransport over the transport (with --transport zlib: "
                             "over the bare socket)")
    parser.add_argument("--ssl", action="store_true",
                        help="TLS with mutual authentication, keys from %s" % KEYS_DIR)
    parser.add_argument("--domain-socket", default=None, metavar="PATH",
                        help="a unix domain socket instead of TCP")
    parser.add_argument("--genpydir", default=None,
                        help="directory holding the `thrift --gen py` output")
    parser.add_argument("-v", "--verbose", action="store_true")


def check_socket_flags(parser, options):
    """Rejects flag combinations the cross test never runs."""
    if options.ssl and options.domain_socket:
        parser.error("--ssl and --domain-socket exclude each other")
    if options.transport == "http" and options.domain_socket:
        parser.error("Apache's Python HTTP programs have no unix sockets")
    if options.transport == "http" and options.zlib:
        parser.error("--zlib does not apply to --transport http")


def wrap_transport(options, transport):
    """The framing a `--transport` value (and `--zlib`) puts over a socket."""
    from thrift.transport import TTransport, TZlibTransport

    if options.transport == "framed":
        transport = TTransport.TFramedTransport(transport)
    else:
        transport = TTransport.TBufferedTransport(transport)
    if options.zlib or options.transport == "zlib":
        transport = TZlibTransport.TZlibTransport(transport)
    return transport
