#!/usr/bin/env python3
"""ThriftTest + SecondService server on Apache's pure-Python library (PyPI thrift).

Takes the flags of Apache's test/py/TestServer.py that the cross test uses:
    server.py --port N --protocol binary|compact|json|header|multi|multic|multih|multij
              --transport buffered|framed|http|zlib [--zlib] [--host H]
              [--ssl | --domain-socket PATH] [--genpydir DIR]
Prints one "listening on HOST:PORT ..." line once it accepts connections and
exits with status 0 on SIGTERM or SIGINT.

Each handler follows the behaviour the contract documents; see
tests/crosstest/README.md for the list.
"""

import argparse
import logging
import signal
import sys
import time

from crosstest_common import (add_common_flags, add_stub_path, check_socket_flags, is_multiplexed,
                              key_file, protocol_factory, wrap_transport)


class ThriftTestHandler(object):
    """Handlers of service ThriftTest."""

    def __init__(self, verbose):
        self.verbose = verbose

    def _log(self, text):
        if self.verbose:
            logging.info(text)

    def testVoid(self):
        self._log("testVoid()")

    def testString(self, thing):
        self._log("testString(%r)" % thing)
        return thing

    def testBool(self, thing):
        self._log("testBool(%s)" % thing)
        return thing

    def testByte(self, thing):
        self._log("testByte(%d)" % thing)
        return thing

    def testI32(self, thing):
        self._log("testI32(%d)" % thing)
        return thing

    def testI64(self, thing):
        self._log("testI64(%d)" % thing)
        return thing

    def testDouble(self, thing):
        self._log("testDouble(%r)" % thing)
        return thing

    def testBinary(self, thing):
        self._log("testBinary(%s)" % thing.hex())
        return thing

    def testUuid(self, thing):
        self._log("testUuid(%s)" % thing)
        return thing

    def testStruct(self, thing):
        self._log("testStruct(%r)" % thing)
        return thing

    def testNest(self, thing):
        self._log("testNest(%r)" % thing)
        return thing

    def testMap(self, thing):
        self._log("testMap(%r)" % thing)
        return thing

    def testStringMap(self, thing):
        self._log("testStringMap(%r)" % thing)
        return thing

    def testSet(self, thing):
        self._log("testSet(%r)" % thing)
        return thing

    def testList(self, thing):
        self._log("testList(%r)" % thing)
        return thing

    def testEnum(self, thing):
        self._log("testEnum(%d)" % thing)
        return thing

    def testTypedef(self, thing):
        self._log("testTypedef(%d)" % thing)
        return thing

    def testMapMap(self, hello):
        # The answer is fixed whatever the argument.
        self._log("testMapMap(%d)" % hello)
        return {
            -4: {-4: -4, -3: -3, -2: -2, -1: -1},
            4: {1: 1, 2: 2, 3: 3, 4: 4},
        }

    def testInsanity(self, argument):
        from ThriftTest.ttypes import Insanity, Numberz

        self._log("testInsanity(%r)" % argument)
        return {
            1: {Numberz.TWO: argument, Numberz.THREE: argument},
            2: {Numberz.SIX: Insanity()},
        }

    def testMulti(self, arg0, arg1, arg2, arg3, arg4, arg5):
        from ThriftTest.ttypes import Xtruct

        self._log("testMulti(%r)" % ([arg0, arg1, arg2, arg3, arg4, arg5],))
        return Xtruct(string_thing="Hello2", byte_thing=arg0, i32_thing=arg1, i64_thing=arg2)

    def testException(self, arg):
        from thrift.Thrift import TException
        from ThriftTest.ttypes import Xception

        self._log("testException(%r)" % arg)
        if arg == "Xception":
            raise Xception(errorCode=1001, message=arg)
        if arg == "TException":
            # Undeclared: the processor answers with an EXCEPTION message
            # (TApplicationException INTERNAL_ERROR, "Internal error").
            raise TException(message="This is a TException")

    def testMultiException(self, arg0, arg1):
        from ThriftTest.ttypes import Xception, Xception2, Xtruct

        self._log("testMultiException(%r, %r)" % (arg0, arg1))
        if arg0 == "Xception":
            raise Xception(errorCode=1001, message="This is an Xception")
        if arg0 == "Xception2":
            raise Xception2(errorCode=2002, struct_thing=Xtruct(string_thing="This is an Xception2"))
        return Xtruct(string_thing=arg1)

    def testOneway(self, secondsToSleep):
        self._log("testOneway(%d): sleeping" % secondsToSleep)
        time.sleep(secondsToSleep)
        self._log("testOneway(%d): done sleeping" % secondsToSleep)


class SecondServiceHandler(object):
    """Handlers of service SecondService (reached through multiplexing)."""

    def secondtestString(self, thing):
        return 'testString("%s")' % thing


def build_processor(multiplexed, verbose):
    from ThriftTest import SecondService, ThriftTest
    from thrift.TMultiplexedProcessor import TMultiplexedProcessor
    from uuid_ext import add_uuid_to_processor

    processor = add_uuid_to_processor(ThriftTest.Processor(ThriftTestHandler(verbose)))
    if not multiplexed:
        return processor
    mux = TMultiplexedProcessor()
    # As Apache's Python test server does: un-prefixed calls reach ThriftTest.
    mux.registerDefault(processor)
    mux.registerProcessor("ThriftTest", processor)
    mux.registerProcessor("SecondService", SecondService.Processor(SecondServiceHandler()))
    return mux


class WrappingTransportFactory(object):
    """Puts `--transport` (and `--zlib`) framing over each accepted socket."""

    def __init__(self, options):
        self.options = options

    def getTransport(self, client):
        return wrap_transport(self.options, client)


def listen_once(server_socket_class):
    """main() listens before printing the ready line; serve() calls again."""

    class ListenOnce(server_socket_class):
        def listen(self):
            if self.handle is None:
                super().listen()

    return ListenOnce


def build_server(options, processor):
    from thrift.server import THttpServer, TServer
    from thrift.transport import TSocket

    pfactory = protocol_factory(options.protocol, server=True)
    if options.transport == "http":
        # Answers POST on any path; one request per HTTP exchange.
        tls = {}
        if options.ssl:
            tls = dict(cafile=key_file("CA.pem"), cert_file=key_file("server.crt"),
                       key_file=key_file("server.key"))
        return THttpServer.THttpServer(processor, (options.host, options.port), pfactory, **tls)
    if options.ssl:
        import ssl
        from thrift.transport import TSSLSocket

        # Mutual TLS: a client certificate signed by CA.pem is required. The
        # library's default context is a client one (it checks host names,
        # which a server side cannot), so the server's context is built here.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_cert_chain(key_file("server.crt"), key_file("server.key"))
        context.load_verify_locations(key_file("CA.pem"))
        socket = listen_once(TSSLSocket.TSSLServerSocket)(
            host=options.host, port=options.port, ssl_context=context)
    elif options.domain_socket:
        socket = listen_once(TSocket.TServerSocket)(unix_socket=options.domain_socket)
    else:
        socket = listen_once(TSocket.TServerSocket)(host=options.host, port=options.port)
    return TServer.TThreadedServer(processor, socket, WrappingTransportFactory(options),
                                   pfactory, daemon=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_flags(parser)
    options = parser.parse_args()
    check_socket_flags(parser, options)
    logging.basicConfig(level=logging.INFO if options.verbose else logging.WARNING,
                        format="server: %(message)s")
    add_stub_path(options.genpydir)

    def stop(signum, _frame):
        # Daemon connection threads die with the process.
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    processor = build_processor(is_multiplexed(options.protocol), options.verbose)
    server = build_server(options, processor)
    if options.transport != "http":
        # Listen before announcing, so the line means connections are accepted.
        server.serverTransport.listen()
    where = options.domain_socket or "%s:%d" % (options.host, options.port)
    print("listening on %s protocol=%s transport=%s%s%s"
          % (where, options.protocol, options.transport, " zlib" if options.zlib else "",
             " ssl" if options.ssl else ""), flush=True)
    server.serve()


if __name__ == "__main__":
    main()
