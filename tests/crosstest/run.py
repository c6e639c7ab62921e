#!/usr/bin/env python3
"""Cross-test driver: one server and one client per protocol x transport.

For every combination it starts the server on a free loopback port, waits until
the port accepts connections, runs the client, stops the server by its process
id, and reports pass or fail. Programs get Apache's cross-test flags appended:
    server: --port N --protocol P --transport T
    client: --host 127.0.0.1 --port N --protocol P --transport T
The client's exit status is Apache's bitmask (1 base types, 2 structs,
4 containers, 8 exceptions); 128 marks a client this driver had to time out.

Before the runs it generates the Python stubs with `thrift --gen py` from
idl/crosstest/ThriftTest.thrift minus its uuid lines (see README.md) and hands
their directory to the programs in the environment variable CROSSTEST_GEN_PY.
"""

import argparse
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "py"))
from crosstest_common import GEN_PY_ENV, PROTOCOLS, TRANSPORTS  # noqa: E402

DEFAULT_IDL = os.path.join(REPO, "idl", "crosstest", "ThriftTest.thrift")
PY_SERVER = "%s %s" % (shlex.quote(sys.executable), shlex.quote(os.path.join(HERE, "py", "server.py")))
PY_CLIENT = "%s %s" % (shlex.quote(sys.executable), shlex.quote(os.path.join(HERE, "py", "client.py")))
TIMED_OUT = 128
CATEGORY_BITS = ((1, "base types"), (2, "structs"), (4, "containers"), (8, "exceptions"),
                 (TIMED_OUT, "timeout"))

# The thrift 0.17 compiler does not know the uuid type. Every use of it in our
# IDL sits on a line of its own (a field or the testUuid method), so deleting
# those lines is the whole transformation; py/uuid_ext.py adds testUuid back.
UUID_LINE = re.compile(r"\buuid\b")


def idl_without_uuid(text):
    kept = [line for line in text.splitlines(keepends=True) if not UUID_LINE.search(line)]
    return "".join(kept)


def generate_python_stubs(thrift, idl_path, work_dir):
    with open(idl_path, encoding="utf-8") as source:
        variant = idl_without_uuid(source.read())
    variant_path = os.path.join(work_dir, "ThriftTest.thrift")
    with open(variant_path, "w", encoding="utf-8") as out:
        out.write(variant)
    gen_dir = os.path.join(work_dir, "gen-py")
    os.makedirs(gen_dir, exist_ok=True)
    subprocess.run([thrift, "--gen", "py", "-out", gen_dir, variant_path], check=True)
    return gen_dir


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_accepting(port, server, limit):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(process, grace):
    """SIGTERM to the process group this driver created for it, then SIGKILL."""
    if process.poll() is not None:
        return process.returncode
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            return process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    return process.poll()


def describe(status):
    if status == 0:
        return "ok"
    if status < 0 or status > 255 or status & ~(1 | 2 | 4 | 8 | TIMED_OUT):
        return "exit %d" % status
    return "exit %d: %s" % (status, ", ".join(n for b, n in CATEGORY_BITS if status & b))


def tail(path, lines=25):
    with open(path, encoding="utf-8", errors="replace") as log:
        return "".join(log.readlines()[-lines:])


def run_one(options, protocol, transport, env, log_dir):
    name = "%s-%s" % (protocol, transport)
    server_log = os.path.join(log_dir, name + ".server.log")
    client_log = os.path.join(log_dir, name + ".client.log")
    started = time.monotonic()
    with open(server_log, "w") as slog, open(client_log, "w") as clog:
        # The free port may be taken by someone else before the server binds
        # it; a server that exits during start-up gets another port.
        for _ in range(3):
            port = free_port()
            flags = ["--port", str(port), "--protocol", protocol, "--transport", transport]
            server = subprocess.Popen(shlex.split(options.server) + flags, stdout=slog,
                                      stderr=subprocess.STDOUT, env=env, start_new_session=True)
            ready = wait_until_accepting(port, server, options.startup_timeout)
            if server.poll() is None:
                break
            ready = False
        try:
            if not ready:
                status, detail = -1, "server did not accept connections"
            else:
                client = subprocess.Popen(
                    shlex.split(options.client) + ["--host", "127.0.0.1"] + flags,
                    stdout=clog, stderr=subprocess.STDOUT, env=env, start_new_session=True)
                try:
                    status = client.wait(timeout=options.client_timeout)
                except subprocess.TimeoutExpired:
                    stop(client, 2)
                    status = TIMED_OUT
                detail = describe(status)
        finally:
            server_status = stop(server, 5)
    took = time.monotonic() - started
    passed = status == 0
    print("%s %-8s %-9s %5.1fs  %s" % ("PASS" if passed else "FAIL", protocol, transport,
                                        took, detail), flush=True)
    if server_status not in (0, -signal.SIGTERM):
        print("     note: server exit status %s (expected 0 or death by SIGTERM)" % server_status)
    if not passed:
        for label, path in (("client", client_log), ("server", server_log)):
            print("     --- %s log (%s) ---" % (label, path))
            print("".join("     " + line for line in tail(path).splitlines(True)), end="")
    return passed


def parse_list(value, allowed):
    items = [v for v in value.split(",") if v]
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError("unknown: %s" % ", ".join(unknown))
    return items


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=PY_SERVER,
                        help="server command line (default: the Python server)")
    parser.add_argument("--client", default=PY_CLIENT,
                        help="client command line (default: the Python client)")
    parser.add_argument("--protocols", default=",".join(PROTOCOLS),
                        type=lambda v: parse_list(v, PROTOCOLS))
    parser.add_argument("--transports", default=",".join(TRANSPORTS),
                        type=lambda v: parse_list(v, TRANSPORTS))
    parser.add_argument("--thrift", default="thrift", help="Apache thrift compiler")
    parser.add_argument("--idl", default=DEFAULT_IDL)
    parser.add_argument("--startup-timeout", type=float, default=20.0)
    parser.add_argument("--client-timeout", type=float, default=90.0)
    parser.add_argument("--log-dir", default=None, help="keep logs here (default: temp dir)")
    options = parser.parse_args()

    work_dir = tempfile.mkdtemp(prefix="trift-crosstest-")
    log_dir = options.log_dir or os.path.join(work_dir, "logs")
    os.makedirs(log_dir, exist_ok=True)
    env = dict(os.environ)
    env[GEN_PY_ENV] = generate_python_stubs(options.thrift, options.idl, work_dir)
    env["PYTHONUNBUFFERED"] = "1"
    print("stubs: %s  logs: %s" % (env[GEN_PY_ENV], log_dir), flush=True)

    results = [run_one(options, p, t, env, log_dir)
               for p in options.protocols for t in options.transports]
    failed = results.count(False)
    print("%d of %d combinations passed" % (len(results) - failed, len(results)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
