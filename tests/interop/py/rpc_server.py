"""An Apache Python server for the Calculator service of idl/rpc_test.thrift.

    rpc_server.py <stubs dir> <binary|compact|json> <framed|buffered> <plain|multiplexed>

Listens on a free loopback port, prints it on one line, then serves with
TThreadedServer (one thread per connection). It exits by itself after 120 s
so that a test that dies cannot leave it behind.
"""

import logging
import os
import threading
import time

from common import PROTOCOLS, TRANSPORTS, parse_args

args = parse_args(["protocol", "transport", "mode"])

from thrift.server import TServer  # noqa: E402
from thrift.transport import TSocket  # noqa: E402
from thrift.TMultiplexedProcessor import TMultiplexedProcessor  # noqa: E402

from rpc_test import Calculator  # noqa: E402
from rpc_test.ttypes import DivideByZero, Overflow  # noqa: E402

I32_MIN = -(2**31)


class Handler(Calculator.Iface):
    def __init__(self):
        self.entry = ""
        self.lock = threading.Lock()

    def ping(self):
        return "pong"

    def add(self, a, b):
        return a + b

    def record(self, entry):
        with self.lock:
            self.entry = entry

    def last_entry(self):
        with self.lock:
            return self.entry

    def notify(self, event):
        with self.lock:
            self.entry = "notified:" + event

    def divide(self, dividend, divisor):
        if divisor == 0:
            raise DivideByZero(message="division by zero")
        if dividend == I32_MIN and divisor == -1:
            raise Overflow(message="quotient does not fit", dividend=dividend)
        quotient = abs(dividend) // abs(divisor)
        return quotient if (dividend < 0) == (divisor < 0) else -quotient

    def delayed_echo(self, value, sleep_ms):
        time.sleep(sleep_ms / 1000.0)
        return value

    def crash(self):
        raise RuntimeError("the crash method crashes")


# The processor logs the crash method's exception; the test expects it.
logging.basicConfig(level=logging.CRITICAL)

threading.Timer(120.0, os._exit, [3]).start()

processor = Calculator.Processor(Handler())
if args["mode"] == "multiplexed":
    multiplexed = TMultiplexedProcessor()
    multiplexed.registerProcessor("Calculator", processor)
    processor = multiplexed

socket = TSocket.TServerSocket(host="127.0.0.1", port=0)
socket.listen()
port = socket.handle.getsockname()[1]
# serve() listens again; keep the socket whose port was printed.
socket.listen = lambda: None

server = TServer.TThreadedServer(
    processor,
    socket,
    TRANSPORTS[args["transport"]],
    PROTOCOLS[args["protocol"]],
    daemon=True,
)
print(port, flush=True)
server.serve()
