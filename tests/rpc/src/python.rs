//! Running Apache's side of the interop tests: Debian's `thrift` compiler
//! generates Python stubs from our IDL, and the scripts in
//! `tests/interop/py/` serve or call with PyPI's `thrift` library. Used by
//! this crate's interop tests and by `trift-tests`.
//!
//! Every process is bounded in time and killed by its PID when the test is
//! done with it (also when the test fails), and Python servers bind port 0
//! and report the port, so nothing lingers on loopback.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use trift::{Framing, Protocol};

/// Whether the interop tools are present. When one is missing the test is
/// skipped with [`trift_test_skip::skip`]: a failure in CI; elsewhere the
/// reason is printed and recorded, and this returns `false`.
pub fn tools_available() -> bool {
    let missing = if !Command::new("thrift")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        Some("the `thrift` compiler is not on PATH (Debian: apt-get install thrift-compiler)")
    } else if !Command::new("python3")
        .args(["-c", "import thrift"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        Some("python3 with the `thrift` package is missing (pip install thrift)")
    } else {
        None
    };
    match missing {
        None => true,
        Some(reason) => {
            trift_test_skip::skip(reason);
            false
        }
    }
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `thrift --gen py -out <out> <idl>`; panics with the compiler's output
/// when it fails.
pub fn generate_python(idl: &Path, out: &Path) {
    let output = Command::new("thrift")
        .args(["--gen", "py", "-out"])
        .arg(out)
        .arg(idl)
        .output()
        .expect("run thrift");
    assert!(
        output.status.success(),
        "thrift --gen py {} failed:\n{}",
        idl.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Generates Python stubs for `idl/rpc_test.thrift` into a fresh temporary
/// directory (removed when dropped).
pub fn generate_stubs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    generate_python(&repo_root().join("idl/rpc_test.thrift"), dir.path());
    dir
}

/// Runs `python3 <script> <args>`; panics with its output when it fails.
pub fn run_python(script: &Path, args: &[&Path]) {
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "python3 {} failed:\n{}{}",
        script.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The protocol's name in the scripts.
pub fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Binary => "binary",
        Protocol::Compact => "compact",
        Protocol::Json => "json",
    }
}

/// The transport's name in the scripts (Apache calls unframed "buffered").
pub fn transport_name(framing: Framing) -> &'static str {
    match framing {
        Framing::Framed => "framed",
        Framing::Unframed => "buffered",
        Framing::Header => "header",
    }
}

/// A child process killed (by its PID) and reaped when dropped.
#[derive(Debug)]
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn script(name: &str) -> PathBuf {
    repo_root().join("tests/interop/py").join(name)
}

/// Starts `rpc_server.py` (Apache's `TThreadedServer`, plain or behind a
/// `TMultiplexedProcessor`) and waits (at most 20 s) for the port it prints.
pub fn start_server(
    stubs: &Path,
    protocol: Protocol,
    framing: Framing,
    multiplexed: bool,
) -> (KillOnDrop, u16) {
    let mut command = Command::new("python3");
    command.arg(script("rpc_server.py")).arg(stubs).args([
        protocol_name(protocol),
        transport_name(framing),
        if multiplexed { "multiplexed" } else { "plain" },
    ]);
    serve(command, "rpc_server.py", Stdio::inherit())
}

/// Starts `http_peer.py server` (Apache's `THttpServer`) in `protocol` and
/// waits (at most 20 s) for the port it prints.
pub fn start_http_server(stubs: &Path, protocol: Protocol) -> (KillOnDrop, u16) {
    let mut command = Command::new("python3");
    command
        .arg(script("http_peer.py"))
        .args(["server", "--protocol", protocol_name(protocol), "--genpy"])
        .arg(stubs);
    // THttpServer logs the crash method's exception, which the test expects.
    serve(command, "http_peer.py server", Stdio::null())
}

/// Runs `rpc_client.py` against `port`; panics with its output when it
/// fails or takes more than 60 s.
pub fn run_client(
    stubs: &Path,
    protocol: Protocol,
    framing: Framing,
    multiplexed: bool,
    port: u16,
) {
    let mut command = Command::new("python3");
    command
        .arg(script("rpc_client.py"))
        .arg(stubs)
        .args([
            protocol_name(protocol),
            transport_name(framing),
            if multiplexed { "multiplexed" } else { "plain" },
        ])
        .arg(port.to_string());
    run_bounded(
        command,
        &format!("the Python client ({protocol}, {framing}, multiplexed: {multiplexed})"),
    );
}

/// Runs `http_peer.py client` (Apache's `THttpClient`) against `url`;
/// panics with its output when it fails or takes more than 60 s.
pub fn run_http_client(stubs: &Path, protocol: Protocol, url: &str) {
    let mut command = Command::new("python3");
    command
        .arg(script("http_peer.py"))
        .args([
            "client",
            "--protocol",
            protocol_name(protocol),
            "--url",
            url,
        ])
        .arg("--genpy")
        .arg(stubs);
    run_bounded(
        command,
        &format!("the Python THttpClient ({protocol}) against {url}"),
    );
}

/// Starts a server script (its standard error going to `stderr`) and waits
/// (at most 20 s) for the port it prints on its first line.
fn serve(mut command: Command, what: &str, stderr: Stdio) -> (KillOnDrop, u16) {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|err| panic!("start python3 {what}: {err}"));
    let mut child = KillOnDrop(child);
    let stdout = child.0.stdout.take().expect("piped stdout");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what} printed its port within 20 s"));
    let port = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{what} printed {line:?}, not a port"));
    (child, port)
}

/// Runs a client script to its end; panics with its output when it fails
/// or takes more than 60 s (it is killed then).
fn run_bounded(mut command: Command, what: &str) {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("start {what}: {err}"));
    let mut child = KillOnDrop(child);
    // Read both pipes while it runs, so a chatty script cannot block on a
    // full pipe.
    let mut stdout = child.0.stdout.take().expect("piped stdout");
    let mut stderr = child.0.stderr.take().expect("piped stderr");
    let readers = [
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout.read_to_string(&mut text);
            text
        }),
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        }),
    ];
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait for the Python client") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not finish within 60 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let output: String = readers
        .into_iter()
        .map(|reader| reader.join().unwrap_or_default())
        .collect();
    assert!(status.success(), "{what} failed:\n{output}");
}
