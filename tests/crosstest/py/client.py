#!/usr/bin/env python3
"""ThriftTest client on Apache's pure-Python library (PyPI thrift).

Takes the flags of Apache's test programs:
    client.py --port N --protocol binary|compact|json|header|multi|multic|multih|multij
              --transport buffered|framed|http|zlib [--zlib] [--host H]
              [--ssl | --domain-socket PATH] [--genpydir DIR]
Calls every method of ThriftTest (and SecondService when multiplexed) and exits
with Apache's cross-test bitmask: 0 when every check passes, else the OR of
1 (base types), 2 (structs), 4 (containers) and 8 (exceptions).
"""

import argparse
import math
import socket
import sys
import time
import traceback
import uuid

from crosstest_common import (add_common_flags, add_stub_path, check_socket_flags, is_multiplexed,
                              key_file, protocol_factory, wrap_transport)

BASE_TYPES, STRUCTS, CONTAINERS, EXCEPTIONS = 1, 2, 4, 8
CATEGORY_NAMES = {BASE_TYPES: "base types", STRUCTS: "structs",
                  CONTAINERS: "containers", EXCEPTIONS: "exceptions"}

ONEWAY_LIMIT_SECONDS = 3.0


class CheckFailed(Exception):
    """A reply that differs from what the contract requires."""


# Mismatches of the running check group; a group goes on after a wrong value
# so that one run reports every wrong reply, and stops at an exception.
MISMATCHES = []


def expect(actual, expected, what):
    if actual != expected or type(actual) is not type(expected):
        MISMATCHES.append("%s: got %r, expected %r" % (what, actual, expected))


class Connection(object):
    """One transport with the clients that share it."""

    def __init__(self, options):
        from thrift.protocol.TMultiplexedProtocol import TMultiplexedProtocol
        from thrift.transport import THttpClient, TSocket
        from ThriftTest import SecondService, ThriftTest
        from uuid_ext import with_uuid_client

        if options.transport == "http":
            if options.ssl:
                self.transport = THttpClient.THttpClient(
                    "https://%s:%d%s" % (options.host, options.port, options.http_path),
                    cafile=key_file("CA.pem"), cert_file=key_file("client.crt"),
                    key_file=key_file("client.key"))
            else:
                self.transport = THttpClient.THttpClient(
                    "http://%s:%d%s" % (options.host, options.port, options.http_path))
        else:
            if options.ssl:
                import ssl
                from thrift.transport import TSSLSocket

                sock = TSSLSocket.TSSLSocket(
                    options.host, options.port, cert_reqs=ssl.CERT_REQUIRED,
                    ca_certs=key_file("CA.pem"), certfile=key_file("client.crt"),
                    keyfile=key_file("client.key"))
            elif options.domain_socket:
                sock = TSocket.TSocket(unix_socket=options.domain_socket)
            else:
                sock = TSocket.TSocket(options.host, options.port)
            sock.setTimeout(options.call_timeout * 1000)
            self.transport = wrap_transport(options, sock)
        self.transport.open()
        self.json = options.protocol in ("json", "multij")
        protocol = SeqidChecker(protocol_factory(options.protocol).getProtocol(self.transport),
                                SeqidState())
        client_class = with_uuid_client(ThriftTest.Client)
        self.second = None
        if is_multiplexed(options.protocol):
            self.test = client_class(TMultiplexedProtocol(protocol, "ThriftTest"))
            self.second = SecondService.Client(TMultiplexedProtocol(protocol, "SecondService"))
        else:
            self.test = client_class(protocol)

    def close(self):
        try:
            self.transport.close()
        except Exception:
            pass


class SeqidState(object):
    """Sequence ids shared by every protocol object on one transport."""

    def __init__(self):
        self.next_seqid = 1
        self.awaited = None


def _checker_base():
    from thrift.protocol.TProtocolDecorator import TProtocolDecorator
    return TProtocolDecorator


class SeqidChecker(_checker_base()):
    """Gives every call its own sequence id and checks each reply against it.

    The stubs of the 0.17 compiler send seqid 0 for every call and check
    nothing; a peer that echoes a wrong seqid or method name must fail here.
    """

    def __init__(self, protocol, state):
        self.seqid_state = state

    def writeMessageBegin(self, name, type, seqid):
        from thrift.Thrift import TMessageType

        state = self.seqid_state
        seqid = state.next_seqid
        state.next_seqid += 1
        bare = name.split(":", 1)[1] if ":" in name else name
        state.awaited = (bare, seqid) if type == TMessageType.CALL else None
        super(SeqidChecker, self).writeMessageBegin(name, type, seqid)

    def readMessageBegin(self):
        (name, mtype, seqid) = super(SeqidChecker, self).readMessageBegin()
        awaited = self.seqid_state.awaited
        if awaited is not None and (name, seqid) != awaited:
            raise CheckFailed("reply header (%r, seqid %d) does not answer call (%r, seqid %d)"
                              % (name, seqid, awaited[0], awaited[1]))
        return (name, mtype, seqid)


def base_type_checks(conn):
    from ThriftTest.ttypes import Numberz

    t = conn.test
    expect(t.testVoid(), None, "testVoid")
    for s in ["", "Python", "Python" * 20, "1234567890 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
              "tab\tnewline\nquote\"backslash\\nul\x00ctl\x01\x1f",
              "Ελληνικά, Русский, 日本語, العربية, עברית, 한국어, emoji \U0001F600"]:
        expect(t.testString(s), s, "testString(%r)" % s)
    for b in [True, False]:
        expect(t.testBool(b), b, "testBool(%r)" % b)
    for v in [0, 1, -1, 127, -128]:
        expect(t.testByte(v), v, "testByte(%d)" % v)
    for v in [0, -1, 1, 2**31 - 1, -2**31]:
        expect(t.testI32(v), v, "testI32(%d)" % v)
    for v in [0, 1, -1, -34359738368, 2**63 - 1, -2**63]:
        expect(t.testI64(v), v, "testI64(%d)" % v)
    for v in [0.0, -1.0, -5.235098235, -0.000341012439638598279, 2.0**53,
              1.7976931348623157e308, 5e-324]:
        expect(t.testDouble(v), v, "testDouble(%r)" % v)
    # The Python library's TJSONProtocol writes non-finite doubles as bare
    # inf/nan, which no JSON reader (its own included) accepts, so they are
    # only exchanged over binary and compact.
    if not conn.json:
        for v in [float("inf"), float("-inf")]:
            expect(t.testDouble(v), v, "testDouble(%r)" % v)
        nan = t.testDouble(float("nan"))
        if not (isinstance(nan, float) and math.isnan(nan)):
            raise CheckFailed("testDouble(nan): got %r" % nan)
    for v in [b"", bytes(range(256)), bytes(range(256))[::-1] * 4]:
        expect(t.testBinary(v), v, "testBinary(%d bytes)" % len(v))
    for v in [uuid.UUID("00112233-4455-6677-8899-aabbccddeeff"),
              uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
              uuid.UUID(int=0)]:
        expect(t.testUuid(v), v, "testUuid(%s)" % v)
    for v in [Numberz.ONE, Numberz.TWO, Numberz.FIVE, Numberz.EIGHT]:
        expect(t.testEnum(v), v, "testEnum(%d)" % v)
    for v in [309858235082523, -1]:
        expect(t.testTypedef(v), v, "testTypedef(%d)" % v)
    if conn.second is not None:
        expect(conn.second.secondtestString("foo"), 'testString("foo")',
               "SecondService.secondtestString")
        # Interleaved with ThriftTest calls on the same transport.
        expect(t.testString("after second"), "after second", "testString after SecondService")


def oneway_checks(conn):
    t = conn.test
    start = time.monotonic()
    t.testOneway(1)
    took = time.monotonic() - start
    if took >= ONEWAY_LIMIT_SECONDS:
        raise CheckFailed("testOneway(1) blocked for %.2f s" % took)
    # The connection stays usable after a oneway call.
    expect(t.testString("after oneway"), "after oneway", "testString after testOneway")
    expect(t.testI32(-9), -9, "testI32 after testOneway")


def struct_checks(conn):
    from ThriftTest.ttypes import Insanity, Numberz, Xtruct, Xtruct2

    t = conn.test
    xtruct = Xtruct(string_thing="Zero", byte_thing=1, i32_thing=-3, i64_thing=-5)
    expect(t.testStruct(xtruct), xtruct, "testStruct")
    wide = Xtruct(string_thing="Ünïcödé", byte_thing=-128, i32_thing=2**31 - 1,
                  i64_thing=-34359738368)
    expect(t.testStruct(wide), wide, "testStruct(extremes)")
    nest = Xtruct2(byte_thing=1, struct_thing=xtruct, i32_thing=5)
    expect(t.testNest(nest), nest, "testNest")
    expect(t.testMulti(74, 0xff00ff, 0xffffffffd0d0, {0: "abc", -1: "x"}, Numberz.FIVE, 0xf0f0f0),
           Xtruct(string_thing="Hello2", byte_thing=74, i32_thing=0xff00ff,
                  i64_thing=0xffffffffd0d0),
           "testMulti")

    argument = Insanity(userMap={Numberz.FIVE: 5, Numberz.EIGHT: 8},
                        xtructs=[Xtruct(string_thing="Goodbye4", byte_thing=4, i32_thing=4,
                                        i64_thing=4),
                                 Xtruct(string_thing="Hello2", byte_thing=2, i32_thing=2,
                                        i64_thing=2)])
    got = t.testInsanity(argument)
    if not isinstance(got, dict) or sorted(got) != [1, 2]:
        raise CheckFailed("testInsanity: keys %r, expected [1, 2]" % (got,))
    expect(got[1], {Numberz.TWO: argument, Numberz.THREE: argument}, "testInsanity[1]")
    if not isinstance(got[2], dict) or list(got[2]) != [Numberz.SIX]:
        raise CheckFailed("testInsanity[2]: %r" % (got[2],))
    empty = got[2][Numberz.SIX]
    # An empty Insanity: peers that always write default-requiredness fields
    # send an empty map and list, others send no fields at all.
    if not isinstance(empty, Insanity) or empty.userMap not in (None, {}) \
            or empty.xtructs not in (None, []):
        raise CheckFailed("testInsanity[2][SIX]: %r, expected an empty Insanity" % (empty,))


def container_checks(conn):
    t = conn.test
    for m in [{}, {i: i - 10 for i in range(5)}, {-2**31: 2**31 - 1}]:
        expect(t.testMap(m), m, "testMap(%r)" % m)
    for m in [{}, {"a": "2", "b": "blah", "some": "thing", "": "empty key"},
              {"ключ": "値", "x\ty": "\U0001F600"}]:
        expect(t.testStringMap(m), m, "testStringMap(%r)" % m)
    for s in [set(), {-2, -1, 0, 1, 2}, set(range(0, 1000, 7))]:
        expect(t.testSet(s), s, "testSet(%d elements)" % len(s))
    for lst in [[], [-2, -1, 0, 1, 2], [1, 1, 1, -7], list(range(1000))]:
        expect(t.testList(lst), lst, "testList(%d elements)" % len(lst))
    expect(t.testMapMap(1),
           {-4: {-4: -4, -3: -3, -2: -2, -1: -1}, 4: {1: 1, 2: 2, 3: 3, 4: 4}},
           "testMapMap")


def exception_checks(conn):
    from thrift.Thrift import TApplicationException
    from ThriftTest.ttypes import Xception, Xception2, Xtruct

    t = conn.test
    expect(t.testException("Safe"), None, "testException(Safe)")
    try:
        t.testException("Xception")
        raise CheckFailed("testException(Xception) returned normally")
    except Xception as error:
        expect((error.errorCode, error.message), (1001, "Xception"), "testException(Xception)")
    try:
        t.testException("TException")
        raise CheckFailed("testException(TException) returned normally")
    except TApplicationException:
        pass
    # The connection survives an application exception.
    expect(t.testString("after TException"), "after TException", "testString after TException")

    try:
        t.testMultiException("Xception", "test 1")
        raise CheckFailed("testMultiException(Xception) returned normally")
    except Xception as error:
        expect((error.errorCode, error.message), (1001, "This is an Xception"),
               "testMultiException(Xception)")
    try:
        t.testMultiException("Xception2", "test 2")
        raise CheckFailed("testMultiException(Xception2) returned normally")
    except Xception2 as error:
        expect(error.errorCode, 2002, "testMultiException(Xception2).errorCode")
        if not isinstance(error.struct_thing, Xtruct) or \
                error.struct_thing.string_thing != "This is an Xception2":
            raise CheckFailed("testMultiException(Xception2).struct_thing: %r"
                              % (error.struct_thing,))
    got = t.testMultiException("no Exception", "test 3")
    if not isinstance(got, Xtruct) or got.string_thing != "test 3":
        raise CheckFailed("testMultiException(no Exception): %r" % (got,))


CHECKS = [
    (BASE_TYPES, base_type_checks),
    (BASE_TYPES, oneway_checks),
    (STRUCTS, struct_checks),
    (CONTAINERS, container_checks),
    (EXCEPTIONS, exception_checks),
]


def run(options):
    failed = 0
    conn = None
    for category, check in CHECKS:
        del MISMATCHES[:]
        problems = []
        try:
            if conn is None:
                conn = Connection(options)
            check(conn)
        except Exception as error:
            if isinstance(error, CheckFailed):
                problems.append(str(error))
            else:
                problems.append("%s: %s" % (type(error).__name__, error))
                if options.verbose:
                    traceback.print_exc()
            # The group stopped mid-call, so the stream may be out of step:
            # the next group starts on a new connection.
            if conn is not None:
                conn.close()
            conn = None
        problems = MISMATCHES + problems
        if problems:
            failed |= category
        for problem in problems:
            print("FAIL %s (%s): %s" % (check.__name__, CATEGORY_NAMES[category], problem))
        if not problems and options.verbose:
            print("ok   %s" % check.__name__)
    if conn is not None:
        conn.close()
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_flags(parser)
    parser.add_argument("--http-path", default="/", help="request path for --transport http")
    parser.add_argument("--call-timeout", type=float, default=20.0,
                        help="seconds a socket read may block")
    options = parser.parse_args()
    check_socket_flags(parser, options)
    add_stub_path(options.genpydir)
    socket.setdefaulttimeout(options.call_timeout)
    failed = run(options)
    if failed:
        names = [name for bit, name in sorted(CATEGORY_NAMES.items()) if failed & bit]
        print("client: FAILED (exit %d: %s)" % (failed, ", ".join(names)))
    else:
        print("client: all checks passed")
    sys.exit(failed)


if __name__ == "__main__":
    main()

