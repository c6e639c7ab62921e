"""Apache's Python library side of the all-types interop test (tests/tests/alltypes_interop.rs).

Usage:
    alltypes.py GEN_DIR write OUT_DIR   write canonical.<proto> and rich.<proto> for binary, compact, json
    alltypes.py GEN_DIR check IN_DIR    decode rust_canonical.<proto> and rust_rich.<proto>, compare

GEN_DIR holds the stubs `thrift --gen py idl/alltypes.thrift` generated. The values here must
equal the ones the Rust test builds. `canonical` has at most one entry per set and map, so
its encoding is unique and the Rust side can re-encode it byte for byte; `rich` has many
entries and is compared by value only.
"""

import os
import sys

sys.path.insert(0, sys.argv[1])

from alltypes.ttypes import (  # noqa: E402
    AllTypes, Color, Containers, Node, Point, Scalars, Shape,
)
from thrift.protocol import TBinaryProtocol, TCompactProtocol, TJSONProtocol  # noqa: E402
from thrift.transport import TTransport  # noqa: E402

PROTOCOLS = {
    "binary": TBinaryProtocol.TBinaryProtocol,
    "compact": TCompactProtocol.TCompactProtocol,
    "json": TJSONProtocol.TJSONProtocol,
}


def scalars():
    return Scalars(flag=False, tiny=-128, small=32767, medium=-2147483648,
                   large=-9223372036854775808, ratio=-0.001, text="tëxt ☃ \"q\"\n",
                   blob=b"\x00\x01\xfe\xff", color=Color.BLUE, at=1700000000123)


def canonical():
    return AllTypes(
        id=42,
        scalars=scalars(),
        containers=Containers(
            ids=[1, -2, 3000000000],
            names={"only"},
            counts={"one": 1},
            matrix=[[1, 2], [], [3]],
            by_color={Color.RED: [Point(x=1, y=2), Point(x=-3, y=4)]},
            colors={Color.GREEN},
            nested_maps={7: {"pi": 3.25}},
            shapes=[Shape(dot=Point(x=0, y=0)), Shape(polygon=[Point(x=1, y=1)]),
                    Shape(radius=2.5), Shape(label="l"), Shape()],
            tags=["a", "b"],
            blobs=[b"", b"xyz"],
            points={"origin": Point(x=0, y=0)},
            id_set={99},
        ),
        note="a note",
        shape=Shape(radius=1.0),
        tree=Node(name="root", children=[Node(name="leaf", children=[])],
                  next=Node(name="next", children=[])),
        history=[Color.RED, Color.GREEN],
        name="all",
    )


def rich():
    value = canonical()
    value.note = None
    value.shape = None
    value.history = None
    value.containers.names = {"a", "b", "c", "d"}
    value.containers.counts = {"one": 1, "two": 2, "three": 3}
    value.containers.by_color = {Color.RED: [], Color.BLUE: [Point(x=5, y=6)], 3: []}
    value.containers.colors = {Color.RED, Color.GREEN, Color.BLUE, 8}
    value.containers.nested_maps = {1: {"a": 1.5, "b": -0.0}, 2: {}}
    value.containers.points = {"a": Point(x=1, y=1), "b": Point(x=2, y=2)}
    value.containers.id_set = set(range(-5, 20))
    value.scalars.color = 99
    return value


def encode(proto, value):
    buf = TTransport.TMemoryBuffer()
    value.write(PROTOCOLS[proto](buf))
    return buf.getvalue()


def decode(proto, data):
    value = AllTypes()
    value.read(PROTOCOLS[proto](TTransport.TMemoryBuffer(data)))
    return value


def main():
    mode, directory = sys.argv[2], sys.argv[3]
    failures = 0
    for proto in PROTOCOLS:
        for name, value in (("canonical", canonical()), ("rich", rich())):
            if mode == "write":
                with open(os.path.join(directory, f"{name}.{proto}"), "wb") as f:
                    f.write(encode(proto, value))
            else:
                with open(os.path.join(directory, f"rust_{name}.{proto}"), "rb") as f:
                    decoded = decode(proto, f.read())
                if decoded != value:
                    failures += 1
                    print(f"{name}.{proto}: decoded {decoded!r}\n  expected {value!r}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
