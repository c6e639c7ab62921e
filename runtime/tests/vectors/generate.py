#!/usr/bin/env python3
"""Writes trift's golden vectors with Apache Thrift's own Python library.

Every case in cases.json is a list of protocol operations. This script drives
the pure-Python TBinaryProtocol, TCompactProtocol and TJSONProtocol of PyPI's
`thrift` package (exactly version 0.25.0) with each case, writes the bytes to
<protocol>/<case>.hex beside this file, then reads those bytes back with the
same Python protocols and checks every value, so each vector is an encoding
Apache both writes and accepts. The hand-written vectors in cases.json are
only read back (they show forms other Apache writers emit).

Usage: python3 runtime/tests/vectors/generate.py
Needs: python3 -m pip install 'thrift==0.25.0'
The output is deterministic; CI reruns this and fails on any difference.
"""

import inspect
import json
import math
import struct
import sys
import uuid
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REQUIRED_THRIFT = "0.25.0"
HERE = Path(__file__).resolve().parent
PROTOCOLS = ("binary", "compact", "json")
BYTES_PER_LINE = 16


def require_thrift():
    try:
        found = version("thrift")
    except PackageNotFoundError:
        found = None
    if found != REQUIRED_THRIFT:
        sys.exit(
            f"generate.py needs PyPI thrift {REQUIRED_THRIFT} (found {found}); "
            f"install it with: python3 -m pip install 'thrift=={REQUIRED_THRIFT}'"
        )


require_thrift()

from thrift.Thrift import TType  # noqa: E402
from thrift.protocol.TBinaryProtocol import TBinaryProtocol  # noqa: E402
from thrift.protocol.TCompactProtocol import TCompactProtocol  # noqa: E402
from thrift.protocol.TJSONProtocol import TJSONProtocol  # noqa: E402
from thrift.transport.TTransport import TMemoryBuffer  # noqa: E402

TTYPES = {
    "bool": TType.BOOL,
    "i8": TType.BYTE,
    "i16": TType.I16,
    "i32": TType.I32,
    "i64": TType.I64,
    "double": TType.DOUBLE,
    "string": TType.STRING,
    "binary": TType.STRING,
    "uuid": TType.UUID,
    "struct": TType.STRUCT,
    "map": TType.MAP,
    "set": TType.SET,
    "list": TType.LIST,
}
MESSAGE_KINDS = {"call": 1, "reply": 2, "exception": 3, "oneway": 4}


class Mismatch(Exception):
    pass


def make_protocol(name, transport, strict_write=True):
    if name == "binary":
        proto = TBinaryProtocol(transport, strictRead=False, strictWrite=strict_write)
    elif name == "compact":
        proto = TCompactProtocol(transport)
    else:
        proto = TJSONProtocol(transport)
    # The *Accelerated subclasses hand whole structs to the C extension; these
    # exact classes never do. Checked so an edit cannot silently switch.
    assert type(proto) in (TBinaryProtocol, TCompactProtocol, TJSONProtocol)
    assert inspect.isfunction(type(proto).writeI32), "not the pure-Python protocol"
    return proto


def double_value(text):
    return float(text)


def same_double(expected, actual):
    if math.isnan(expected):
        return math.isnan(actual)
    return struct.pack(">d", expected) == struct.pack(">d", actual)


def write_ops(proto, ops):
    for op in ops:
        kind, args = op[0], op[1:]
        if kind == "message_begin":
            proto.writeMessageBegin(args[0], MESSAGE_KINDS[args[1]], args[2])
        elif kind == "message_end":
            proto.writeMessageEnd()
        elif kind == "struct_begin":
            proto.writeStructBegin(args[0])
        elif kind == "struct_end":
            proto.writeStructEnd()
        elif kind == "field_begin":
            proto.writeFieldBegin(args[0], TTYPES[args[1]], args[2])
        elif kind == "field_end":
            proto.writeFieldEnd()
        elif kind == "field_stop":
            proto.writeFieldStop()
        elif kind == "bool":
            proto.writeBool(args[0])
        elif kind == "i8":
            proto.writeByte(args[0])
        elif kind == "i16":
            proto.writeI16(args[0])
        elif kind == "i32":
            proto.writeI32(args[0])
        elif kind == "i64":
            proto.writeI64(int(args[0]))
        elif kind == "double":
            proto.writeDouble(double_value(args[0]))
        elif kind == "string":
            proto.writeString(args[0])
        elif kind == "binary":
            proto.writeBinary(bytes.fromhex(args[0]))
        elif kind == "uuid":
            proto.writeUuid(uuid.UUID(args[0]))
        elif kind == "list_begin":
            proto.writeListBegin(TTYPES[args[0]], args[1])
        elif kind == "list_end":
            proto.writeListEnd()
        elif kind == "set_begin":
            proto.writeSetBegin(TTYPES[args[0]], args[1])
        elif kind == "set_end":
            proto.writeSetEnd()
        elif kind == "map_begin":
            proto.writeMapBegin(TTYPES[args[0]], TTYPES[args[1]], args[2])
        elif kind == "map_end":
            proto.writeMapEnd()
        else:
            raise ValueError(f"unknown operation {op!r}")


def expect(what, expected, actual):
    if expected != actual:
        raise Mismatch(f"{what}: expected {expected!r}, read {actual!r}")


def end_of_skipped_field(ops, start):
    """Index just past the field_end matching the field_begin at `start`."""
    depth = 0
    for index in range(start, len(ops)):
        if ops[index][0] == "field_begin":
            depth += 1
        elif ops[index][0] == "field_end":
            depth -= 1
            if depth == 0:
                return index + 1
    raise ValueError("skipped field has no field_end")


def read_ops(proto, protocol_name, ops):
    index = 0
    while index < len(ops):
        op = ops[index]
        kind, args = op[0], op[1:]
        where = f"op {index} {op!r}"
        if kind == "message_begin":
            name, mtype, seqid = proto.readMessageBegin()
            expect(where, (args[0], MESSAGE_KINDS[args[1]], args[2]), (name, mtype, seqid))
        elif kind == "message_end":
            proto.readMessageEnd()
        elif kind == "struct_begin":
            proto.readStructBegin()
        elif kind == "struct_end":
            proto.readStructEnd()
        elif kind == "field_begin":
            _, ttype, fid = proto.readFieldBegin()
            expect(where, (TTYPES[args[1]], args[2]), (ttype, fid))
            if len(args) > 3 and args[3].get("skip"):
                proto.skip(ttype)
                proto.readFieldEnd()
                index = end_of_skipped_field(ops, index)
                continue
        elif kind == "field_end":
            proto.readFieldEnd()
        elif kind == "field_stop":
            _, ttype, _ = proto.readFieldBegin()
            expect(where, TType.STOP, ttype)
        elif kind == "bool":
            expect(where, args[0], proto.readBool())
        elif kind in ("i8", "i16", "i32"):
            reader = {"i8": proto.readByte, "i16": proto.readI16, "i32": proto.readI32}[kind]
            expect(where, args[0], reader())
        elif kind == "i64":
            expect(where, int(args[0]), proto.readI64())
        elif kind == "double":
            value = proto.readDouble()
            if not same_double(double_value(args[0]), value):
                raise Mismatch(f"{where}: read {value!r}")
        elif kind == "string":
            expect(where, args[0], proto.readString())
        elif kind == "binary":
            expect(where, bytes.fromhex(args[0]), bytes(proto.readBinary()))
        elif kind == "uuid":
            expect(where, uuid.UUID(args[0]), proto.readUuid())
        elif kind in ("list_begin", "set_begin"):
            read = proto.readListBegin if kind == "list_begin" else proto.readSetBegin
            expect(where, (TTYPES[args[0]], args[1]), tuple(read()))
        elif kind == "list_end":
            proto.readListEnd()
        elif kind == "set_end":
            proto.readSetEnd()
        elif kind == "map_begin":
            ktype, vtype, size = proto.readMapBegin()
            expect(where, args[2], size)
            # An empty compact map carries no key/value types.
            if not (protocol_name == "compact" and size == 0):
                expect(where, (TTYPES[args[0]], TTYPES[args[1]]), (ktype, vtype))
        elif kind == "map_end":
            proto.readMapEnd()
        else:
            raise ValueError(f"unknown operation {op!r}")
        index += 1


def read_back(protocol_name, data, ops):
    transport = TMemoryBuffer(data)
    read_ops(make_protocol(protocol_name, transport), protocol_name, ops)
    left = transport.read(len(data) + 1)
    if left:
        raise Mismatch(f"{len(left)} bytes left unread")


def encode(protocol_name, case):
    transport = TMemoryBuffer()
    strict = case.get("binary_strict_write", True)
    write_ops(make_protocol(protocol_name, transport, strict_write=strict), case["ops"])
    return transport.getvalue()


def to_hex_text(data):
    """Lowercase hex, 16 bytes a line, each line followed by a printable view
    after '#' so that diffs of text protocols stay readable."""
    lines = []
    for start in range(0, len(data), BYTES_PER_LINE):
        chunk = data[start:start + BYTES_PER_LINE]
        shown = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
        lines.append(f"{chunk.hex():<{2 * BYTES_PER_LINE}}  # {shown}")
    return "\n".join(lines) + "\n"


def handwritten_bytes(entry):
    if "text" in entry:
        return entry["text"].encode("utf-8")
    return bytes.fromhex(entry["hex"])


def main():
    spec = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    failures = []
    wanted = {name: set() for name in PROTOCOLS}
    names = set()
    for case in spec["cases"]:
        if case["name"] in names:
            sys.exit(f"duplicate case name {case['name']}")
        names.add(case["name"])
        for protocol_name in case.get("protocols", PROTOCOLS):
            data = encode(protocol_name, case)
            file_name = f"{case['name']}.hex"
            wanted[protocol_name].add(file_name)
            directory = HERE / protocol_name
            directory.mkdir(exist_ok=True)
            (directory / file_name).write_text(to_hex_text(data), encoding="utf-8")
            try:
                read_back(protocol_name, data, case["ops"])
            except Exception as error:  # noqa: BLE001 - report every failure
                failures.append(f"{protocol_name}/{case['name']}: {error!r}")
    for entry in spec["handwritten"]:
        if entry["name"] in names:
            sys.exit(f"duplicate case name {entry['name']}")
        names.add(entry["name"])
        try:
            read_back(entry["protocol"], handwritten_bytes(entry), entry["ops"])
        except Exception as error:  # noqa: BLE001
            failures.append(f"handwritten {entry['protocol']}/{entry['name']}: {error!r}")
    for protocol_name in PROTOCOLS:
        for stale in sorted((HERE / protocol_name).glob("*.hex")):
            if stale.name not in wanted[protocol_name]:
                stale.unlink()
                print(f"removed stale {protocol_name}/{stale.name}")
    if failures:
        sys.exit("Python's own readers rejected vectors:\n  " + "\n  ".join(failures))
    total = sum(len(files) for files in wanted.values())
    print(
        f"wrote {total} vectors for {len(spec['cases'])} cases; "
        f"{len(spec['handwritten'])} hand-written vectors accepted by thrift {REQUIRED_THRIFT}"
    )


if __name__ == "__main__":
    main()
