#!/usr/bin/env python3
"""Apache's Python THttpClient and THttpServer for tests/rpc/tests/http_interop.rs.

Stubs come from Debian's `thrift --gen py` run on idl/rpc_test.thrift (the
directory is passed with --genpy). Two modes:

  http_peer.py server --protocol P --genpy DIR
      THttpServer on a free loopback port; prints the port on one line once
      it accepts connections, then serves until killed (or for 120 s, so that
      a test that dies cannot leave it behind).
  http_peer.py client --url URL --protocol P --genpy DIR
      THttpClient calls every kind of Calculator method against URL; prints
      each failure and exits 1 if any, 0 otherwise.
"""

import argparse
import os
import sys
import threading
import time


def protocol_factory(name):
    from thrift.protocol import TBinaryProtocol, TCompactProtocol, TJSONProtocol
    return {
        "binary": TBinaryProtocol.TBinaryProtocolFactory(),
        "compact": TCompactProtocol.TCompactProtocolFactory(),
        "json": TJSONProtocol.TJSONProtocolFactory(),
    }[name]


class Handler:
    """Calculator with the behaviour of the Rust test handler."""

    def __init__(self):
        self.entry = ""

    def ping(self):
        return "pong"

    def add(self, a, b):
        return a + b

    def record(self, entry):
        self.entry = entry

    def last_entry(self):
        return self.entry

    def notify(self, event):
        # Slow on purpose: the client must not wait for the handler, and
        # THttpServer keeps the socket open until it is done.
        time.sleep(1.5)
        self.entry = event

    def divide(self, dividend, divisor):
        from rpc_test.ttypes import DivideByZero, Overflow
        if divisor == 0:
            raise DivideByZero(message="division by zero")
        if dividend == -2**31 and divisor == -1:
            raise Overflow(message="quotient does not fit", dividend=dividend)
        return int(dividend / divisor)

    def delayed_echo(self, value, sleep_ms):
        time.sleep(sleep_ms / 1000.0)
        return value

    def crash(self):
        raise RuntimeError("the crash method crashes")


def serve(args):
    from rpc_test import Calculator
    from thrift.server import THttpServer

    processor = Calculator.Processor(Handler())
    server = THttpServer.THttpServer(
        processor, ("127.0.0.1", 0), protocol_factory(args.protocol))
    port = server.httpd.server_address[1]
    threading.Timer(120.0, os._exit, [3]).start()
    print(port, flush=True)
    server.serve()


def run_client(args):
    from rpc_test import Calculator
    from rpc_test.ttypes import DivideByZero, Overflow
    from thrift.Thrift import TApplicationException
    from thrift.transport import THttpClient

    transport = THttpClient.THttpClient(args.url)
    transport.setTimeout(10_000)
    protocol = protocol_factory(args.protocol).getProtocol(transport)
    client = Calculator.Client(protocol)
    transport.open()
    failures = []

    def check(what, got, want):
        if got != want:
            failures.append("%s: got %r, want %r" % (what, got, want))

    check("ping", client.ping(), "pong")
    check("add", client.add(2, 40), 42)
    check("add overflowing i32", client.add(2**31 - 1, 1), 2**31)
    text = "h\u00e9llo \u4e16\u754c \U0001F600 \"quoted\" \\ \x00\x01"
    client.record(text)
    check("record/last_entry", client.last_entry(), text)
    check("delayed_echo", client.delayed_echo(7, 10), 7)
    try:
        client.divide(1, 0)
        failures.append("divide(1, 0) returned")
    except DivideByZero as err:
        check("DivideByZero.message", err.message, "division by zero")
    try:
        client.divide(-2**31, -1)
        failures.append("divide(MIN, -1) returned")
    except Overflow as err:
        check("Overflow.dividend", err.dividend, -2**31)
    try:
        client.crash()
        failures.append("crash returned")
    except TApplicationException as err:
        check("crash exception type", err.type, TApplicationException.INTERNAL_ERROR)
    check("add after crash", client.add(1, 1), 2)
    client.notify("event from python")
    deadline = time.time() + 5
    while client.last_entry() != "event from python" and time.time() < deadline:
        time.sleep(0.02)
    check("notify observed", client.last_entry(), "event from python")
    transport.close()
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["server", "client"])
    parser.add_argument("--protocol", choices=["binary", "compact", "json"], required=True)
    parser.add_argument("--genpy", required=True)
    parser.add_argument("--url")
    args = parser.parse_args()
    sys.path.insert(0, args.genpy)
    if args.mode == "server":
        serve(args)
        return 0
    return run_client(args)


if __name__ == "__main__":
    sys.exit(main())
