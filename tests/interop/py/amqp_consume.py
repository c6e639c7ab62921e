"""A Python consumer on RabbitMQ: pika takes one message a trift client
published to the durable queue `queue` (a `notify(event)` oneway call of
idl/rpc_test.thrift), decodes its body with Apache's Python library in the
protocol its content type names, acks it, and prints what it found.

    amqp_consume.py <stubs dir> <url> <queue>
"""

import sys
import time

from common import PROTOCOLS, parse_args

ARGS = parse_args(["url", "queue"])

import pika  # noqa: E402
from thrift.Thrift import TMessageType  # noqa: E402
from thrift.transport import TTransport  # noqa: E402

from rpc_test import Calculator  # noqa: E402

BY_CONTENT_TYPE = {
    "application/vnd.apache.thrift.binary": "binary",
    "application/vnd.apache.thrift.compact": "compact",
    "application/vnd.apache.thrift.json": "json",
}

connection = pika.BlockingConnection(pika.URLParameters(ARGS["url"]))
channel = connection.channel()
channel.queue_declare(queue=ARGS["queue"], durable=True)
deadline = time.monotonic() + 20
while True:
    method, properties, body = channel.basic_get(queue=ARGS["queue"])
    if method is not None:
        break
    if time.monotonic() > deadline:
        sys.exit("no message within 20 s")
    time.sleep(0.05)

name = BY_CONTENT_TYPE[properties.content_type]
protocol = PROTOCOLS[name].getProtocol(TTransport.TMemoryBuffer(body))
method_name, kind, _ = protocol.readMessageBegin()
assert kind == TMessageType.ONEWAY, kind
args = Calculator.notify_args()
args.read(protocol)
protocol.readMessageEnd()
channel.basic_ack(method.delivery_tag)
connection.close()
print(
    "%s %s %s %s persistent=%s"
    % (
        name,
        method_name,
        properties.headers.get("thrift-method"),
        args.event,
        properties.delivery_mode == 2,
    )
)
