"""A Python publisher on RabbitMQ: pika publishes one `notify(event)`
oneway call of idl/rpc_test.thrift, encoded by Apache's Python library, to
the durable queue `queue`, with the headers of trift's AMQP mapping (README,
"Messaging through a broker"). A trift consumer serves it.

    amqp_publish.py <stubs dir> <url> <queue> <protocol> <event>
"""

import uuid

from common import PROTOCOLS, parse_args

ARGS = parse_args(["url", "queue", "protocol", "event"])

import pika  # noqa: E402
from thrift.Thrift import TMessageType  # noqa: E402
from thrift.transport import TTransport  # noqa: E402

from rpc_test import Calculator  # noqa: E402

CONTENT_TYPES = {
    "binary": "application/vnd.apache.thrift.binary",
    "compact": "application/vnd.apache.thrift.compact",
    "json": "application/vnd.apache.thrift.json",
}

buffer = TTransport.TMemoryBuffer()
protocol = PROTOCOLS[ARGS["protocol"]].getProtocol(buffer)
protocol.writeMessageBegin("notify", TMessageType.ONEWAY, 0)
Calculator.notify_args(event=ARGS["event"]).write(protocol)
protocol.writeMessageEnd()

connection = pika.BlockingConnection(pika.URLParameters(ARGS["url"]))
channel = connection.channel()
channel.confirm_delivery()
channel.queue_declare(queue=ARGS["queue"], durable=True)
channel.basic_publish(
    exchange="",
    routing_key=ARGS["queue"],
    body=buffer.getvalue(),
    properties=pika.BasicProperties(
        content_type=CONTENT_TYPES[ARGS["protocol"]],
        message_id=str(uuid.uuid4()),
        delivery_mode=2,
        headers={"thrift-method": "notify"},
    ),
)
connection.close()
print("published")
