#!/usr/bin/env python3
"""Cross-test driver: one server and one client per protocol x transport x socket.

For every server x client pair and every combination it starts the server on a
free loopback port (or a unix socket), waits until it accepts connections, runs
the client, stops the server by its process id, and reports pass or fail.
Servers and clients are named `py` (Apache's Python library, py/) or `rs`
(trift's crosstest-server and crosstest-client, built with cargo first), or
given as command lines. Programs get Apache's cross-test flags appended:
    server: --port N --protocol P --transport T [--zlib] [--ssl | --domain-socket=PATH]
    client: --host 127.0.0.1 and the same
`--zlib` comes with `--transport zlib`; sockets are ip (no flag), ip-ssl
(`--ssl`, keys in ../keys from the programs' working directory, made by
crosstest-keys) and domain (`--domain-socket`; never with http, which Apache's
Python HTTP programs do not offer): 8 protocols x 4 transports x 3 sockets
less 8 = 88 combinations.
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
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "py"))
from crosstest_common import GEN_PY_ENV, PROTOCOLS, SOCKETS, TRANSPORTS  # noqa: E402

DEFAULT_IDL = os.path.join(REPO, "idl", "crosstest", "ThriftTest.thrift")
DEFAULT_KNOWN_FAILURES = os.path.join(HERE, "known_failures.txt")
PY_SERVER = "%s %s" % (shlex.quote(sys.executable), shlex.quote(os.path.join(HERE, "py", "server.py")))
PY_CLIENT = "%s %s" % (shlex.quote(sys.executable), shlex.quote(os.path.join(HERE, "py", "client.py")))
RUST_PACKAGE = "trift-crosstest"
RUST_SERVER, RUST_CLIENT = "crosstest-server", "crosstest-client"
RUST_KEYS = "crosstest-keys"
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


PORTS_GIVEN = set()
PORTS_LOCK = threading.Lock()


def free_port():
    # Never the same port twice in one run: with combinations running in
    # parallel, a client must not reach another combination's server.
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with PORTS_LOCK:
            if port not in PORTS_GIVEN:
                PORTS_GIVEN.add(port)
                return port


def connect_once(port, domain_socket):
    if domain_socket is None:
        return socket.create_connection(("127.0.0.1", port), timeout=0.5)
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(0.5)
        probe.connect(domain_socket)
    except OSError:
        probe.close()
        raise
    return probe


def wait_until_accepting(port, domain_socket, server, limit):
    """A TCP connect to the port, or to the socket file once it exists."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with connect_once(port, domain_socket):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def combinations(protocols, transports, sockets):
    """Every protocol x transport x socket the cross test runs."""
    return [(p, t, s) for p in protocols for t in transports for s in sockets
            if not (t == "http" and s == "domain")]


def socket_flags(transport, sock, port, socket_dir):
    flags = ["--zlib"] if transport == "zlib" else []
    if sock == "ip-ssl":
        flags.append("--ssl")
    elif sock == "domain":
        # Apache's runner names the file after the IDL and the port.
        flags.append("--domain-socket=%s" % domain_socket_path(socket_dir, port))
    return flags


def domain_socket_path(socket_dir, port):
    return os.path.join(socket_dir, "ThriftTest.thrift.%d" % port)


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


def run_one(pair, protocol, transport, sock, options, env, dirs):
    (server_name, server_command), (client_name, client_command) = pair
    log_dir, run_dir, socket_dir = dirs
    name = "%s-%s_%s-%s-%s" % (server_name, client_name, protocol, transport, sock)
    server_log = os.path.join(log_dir, name + ".server.log")
    client_log = os.path.join(log_dir, name + ".client.log")
    started = time.monotonic()
    with open(server_log, "w") as slog, open(client_log, "w") as clog:
        # The free port may be taken by someone else before the server binds
        # it; a server that exits during start-up gets another port.
        for _ in range(3):
            port = free_port()
            flags = (["--port", str(port), "--protocol", protocol, "--transport", transport]
                     + socket_flags(transport, sock, port, socket_dir))
            domain = domain_socket_path(socket_dir, port) if sock == "domain" else None
            server = subprocess.Popen(shlex.split(server_command) + flags, stdout=slog,
                                      stderr=subprocess.STDOUT, env=env, cwd=run_dir,
                                      start_new_session=True)
            ready = wait_until_accepting(port, domain, server, options.startup_timeout)
            if server.poll() is None:
                break
            ready = False
        try:
            if not ready:
                status, detail = -1, "server did not accept connections"
            else:
                client = subprocess.Popen(
                    shlex.split(client_command) + ["--host", "127.0.0.1"] + flags,
                    stdout=clog, stderr=subprocess.STDOUT, env=env, cwd=run_dir,
                    start_new_session=True)
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
    lines = ["%s %-6s %-6s %-8s %-9s %-7s %5.1fs  %s\n" % (
        "PASS" if passed else "FAIL", server_name, client_name, protocol, transport, sock,
        took, detail)]
    if server_status not in (0, -signal.SIGTERM):
        lines.append("     note: server exit status %s (expected 0 or death by SIGTERM)\n"
                     % server_status)
    if not passed:
        for label, path in (("client", client_log), ("server", server_log)):
            lines.append("     --- %s log (%s) ---\n" % (label, path))
            lines.extend("     " + line for line in tail(path).splitlines(True))
    with PRINT_LOCK:
        sys.stdout.write("".join(lines))
        sys.stdout.flush()
    return (server_name, client_name, (protocol, transport, sock), passed)


PRINT_LOCK = threading.Lock()


def rust_binaries(options):
    """Builds trift's cross-test binaries; returns their directory."""
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    bin_dir = options.rust_bin or os.path.join(target, "debug")
    if not options.no_build:
        subprocess.run(["cargo", "build", "--quiet", "-p", RUST_PACKAGE, "--bins"], cwd=REPO,
                       check=True)
    missing = [b for b in (RUST_SERVER, RUST_CLIENT, RUST_KEYS)
               if not os.access(os.path.join(bin_dir, b), os.X_OK)]
    if missing:
        sys.exit("no %s in %s (cargo build -p %s)" % (", ".join(missing), bin_dir, RUST_PACKAGE))
    return bin_dir


def resolve(name, role, bin_dir):
    """A peer name (`py`, `rs`) or a command line -> (label, command)."""
    if name == "py":
        return ("py", PY_SERVER if role == "server" else PY_CLIENT)
    if name == "rs":
        program = RUST_SERVER if role == "server" else RUST_CLIENT
        return ("rs", shlex.quote(os.path.join(bin_dir, program)))
    return (os.path.basename(shlex.split(name)[0])[:6], name)


def print_matrix(results):
    """One line per server x client pair: which combinations passed."""
    print("\nmatrix (server-client: protocol/transport/socket)")
    pairs = []
    for server, client, _, _ in results:
        if (server, client) not in pairs:
            pairs.append((server, client))
    for server, client in pairs:
        mine = {key: ok for s, c, key, ok in results if (s, c) == (server, client)}
        passed = sum(mine.values())
        failed = ["%s/%s/%s" % key for key, ok in mine.items() if not ok]
        print("  %s-%s: %d/%d passed%s" % (server, client, passed, len(mine),
                                          (", failed: " + " ".join(failed)) if failed else ""))


def result_key(result):
    """`SERVER-CLIENT PROTOCOL/TRANSPORT/SOCKET`, as known_failures.txt lists it."""
    server, client, combo, _ = result
    return "%s-%s %s" % (server, client, "/".join(combo))


def read_known_failures(path):
    """The combinations expected to fail (blank lines and # comments ignored)."""
    if not path:
        return set()
    with open(path, encoding="utf-8") as listing:
        lines = (line.split("#", 1)[0].strip() for line in listing)
        return {" ".join(line.split()) for line in lines if line}


def judge(results, known):
    """Prints the verdict; True when exactly the known combinations failed."""
    ran = {result_key(r): r[-1] for r in results}
    unexpected = sorted(k for k, ok in ran.items() if not ok and k not in known)
    fixed = sorted(k for k, ok in ran.items() if ok and k in known)
    expected = sum(1 for k, ok in ran.items() if not ok and k in known)
    passed = sum(ran.values())
    print("%d of %d combinations passed (%d known failures)" % (passed, len(ran), expected))
    for key in unexpected:
        print("  unexpected failure: %s" % key)
    for key in fixed:
        print("  passes now, delete it from known_failures.txt: %s" % key)
    return not unexpected and not fixed


def parse_list(value, allowed):
    items = [v for v in value.split(",") if v]
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError("unknown: %s" % ", ".join(unknown))
    return items


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=None,
                        help="server: py, rs or a command line (default: py)")
    parser.add_argument("--client", default=None,
                        help="client: py, rs or a command line (default: py)")
    parser.add_argument("--pairs", default=None,
                        help="comma-separated SERVER-CLIENT pairs of py/rs, e.g. "
                             "py-py,rs-py,py-rs,rs-rs (instead of --server/--client)")
    parser.add_argument("--rust-bin", default=None,
                        help="directory of crosstest-server/-client (default: target/debug)")
    parser.add_argument("--no-build", action="store_true",
                        help="do not run cargo build for the rs peers")
    parser.add_argument("--jobs", type=int, default=4,
                        help="combinations run at once (default 4)")
    parser.add_argument("--protocols", default=",".join(PROTOCOLS),
                        type=lambda v: parse_list(v, PROTOCOLS))
    parser.add_argument("--transports", default=",".join(TRANSPORTS),
                        type=lambda v: parse_list(v, TRANSPORTS))
    parser.add_argument("--sockets", default=",".join(SOCKETS),
                        type=lambda v: parse_list(v, SOCKETS))
    parser.add_argument("--thrift", default="thrift", help="Apache thrift compiler")
    parser.add_argument("--idl", default=DEFAULT_IDL)
    parser.add_argument("--startup-timeout", type=float, default=20.0)
    parser.add_argument("--client-timeout", type=float, default=90.0)
    parser.add_argument("--log-dir", default=None, help="keep logs here (default: temp dir)")
    parser.add_argument("--known-failures", default=DEFAULT_KNOWN_FAILURES,
                        help="combinations expected to fail, one per line "
                             "(default: known_failures.txt here; '' for none)")
    options = parser.parse_args()

    if options.pairs:
        if options.server or options.client:
            parser.error("--pairs replaces --server and --client")
        names = []
        for pair in options.pairs.split(","):
            parts = pair.split("-")
            if len(parts) != 2 or any(p not in ("py", "rs") for p in parts):
                parser.error("--pairs: %r is not SERVER-CLIENT of py/rs" % pair)
            names.append(parts)
    else:
        names = [[options.server or "py", options.client or "py"]]
    bin_dir = None
    # crosstest-keys makes the --ssl keys, whoever the peers are.
    if any(n == "rs" for pair in names for n in pair) or "ip-ssl" in options.sockets:
        bin_dir = rust_binaries(options)
    pairs = [(resolve(s, "server", bin_dir), resolve(c, "client", bin_dir)) for s, c in names]

    work_dir = tempfile.mkdtemp(prefix="trift-crosstest-")
    log_dir = options.log_dir or os.path.join(work_dir, "logs")
    os.makedirs(log_dir, exist_ok=True)
    # The programs run in run/, so `../keys` is the keys directory.
    run_dir, socket_dir = os.path.join(work_dir, "run"), os.path.join(work_dir, "sockets")
    os.makedirs(run_dir)
    os.makedirs(socket_dir)
    if "ip-ssl" in options.sockets:
        subprocess.run([os.path.join(bin_dir, RUST_KEYS), os.path.join(work_dir, "keys")],
                       check=True)
    env = dict(os.environ)
    env[GEN_PY_ENV] = generate_python_stubs(options.thrift, options.idl, work_dir)
    env["PYTHONUNBUFFERED"] = "1"
    print("stubs: %s  logs: %s" % (env[GEN_PY_ENV], log_dir), flush=True)

    jobs = [(pair,) + combo for pair in pairs
            for combo in combinations(options.protocols, options.transports, options.sockets)]
    dirs = (log_dir, run_dir, socket_dir)
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        results = list(pool.map(lambda job: run_one(*job, options, env, dirs), jobs))
    print_matrix(results)
    sys.exit(0 if judge(results, read_known_failures(options.known_failures)) else 1)


if __name__ == "__main__":
    main()
