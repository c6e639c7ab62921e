"""An Apache Python client calling a Calculator of idl/rpc_test.thrift.

    rpc_client.py <stubs dir> <binary|compact|json> <framed|buffered> <plain|multiplexed> <port>

Calls every method and checks each answer: two-way, inherited (ping), void,
no arguments, oneway (observed through last_entry), both declared
exceptions, and a handler panic (INTERNAL_ERROR, and the server keeps
serving). Exits 0 when all match; prints what differed otherwise.
"""

import sys
import time

from common import PROTOCOLS, TRANSPORTS, parse_args

args = parse_args(["protocol", "transport", "mode", "port"])

from thrift.protocol.TMultiplexedProtocol import TMultiplexedProtocol  # noqa: E402
from thrift.Thrift import TApplicationException  # noqa: E402
from thrift.transport import TSocket  # noqa: E402

from rpc_test import Calculator  # noqa: E402
from rpc_test.ttypes import DivideByZero, Overflow  # noqa: E402

failures = []


def check(what, got, expected):
    if got != expected:
        failures.append("%s: got %r, expected %r" % (what, got, expected))


socket = TSocket.TSocket("127.0.0.1", int(args["port"]))
socket.setTimeout(10000)
transport = TRANSPORTS[args["transport"]].getTransport(socket)
protocol = PROTOCOLS[args["protocol"]].getProtocol(transport)
if args["mode"] == "multiplexed":
    protocol = TMultiplexedProtocol(protocol, "Calculator")
client = Calculator.Client(protocol)
transport.open()

check("ping", client.ping(), "pong")
check("add", client.add(2_000_000_000, 2_000_000_000), 4_000_000_000)
check("add negative", client.add(-7, 3), -4)
check("record", client.record("héllo ☃"), None)
check("last_entry after record", client.last_entry(), "héllo ☃")
check("divide", client.divide(-7, 2), -3)
check("delayed_echo", client.delayed_echo(41, 5), 41)

try:
    client.divide(1, 0)
    failures.append("divide by zero: no exception")
except DivideByZero as err:
    check("DivideByZero.message", err.message, "division by zero")

try:
    client.divide(-(2**31), -1)
    failures.append("overflow: no exception")
except Overflow as err:
    check("Overflow.dividend", err.dividend, -(2**31))

try:
    client.crash()
    failures.append("crash: no exception")
except TApplicationException as err:
    check("crash exception type", err.type, TApplicationException.INTERNAL_ERROR)

check("ping after crash", client.ping(), "pong")

client.notify("py-event")
deadline = time.monotonic() + 5
while client.last_entry() != "py-event" and time.monotonic() < deadline:
    time.sleep(0.01)
check("last_entry after notify", client.last_entry(), "py-event")

transport.close()
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
