//! crosstest-client against crosstest-server for every protocol x transport
//! of Apache's cross test, as the driver in `tests/crosstest` runs them (which
//! also pairs each with Apache's Python programs); and the client's exit
//! bitmask when nothing answers.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::thread;

const PROTOCOLS: [&str; 6] = ["binary", "compact", "json", "multi", "multic", "multij"];
const TRANSPORTS: [&str; 3] = ["buffered", "framed", "http"];
/// The other combinations the programs speak so far.
const MORE: [(&str, &str); 5] = [
    ("header", "buffered"),
    ("multih", "buffered"),
    ("binary", "zlib"),
    ("multih", "zlib"),
    ("json", "zlib"),
];

/// Kills the server when a check fails or passes.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server on a free port; returns it and the port it printed.
fn start_server(protocol: &str, transport: &str) -> (Server, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosstest-server"))
        .args([
            "--port",
            "0",
            "--protocol",
            protocol,
            "--transport",
            transport,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "listening on 127.0.0.1:PORT protocol=.. transport=.."
    let address = line.split_whitespace().nth(2).unwrap();
    let port = address.rsplit(':').next().unwrap().parse().unwrap();
    (Server(child), port)
}

fn run_client(port: u16, protocol: &str, transport: &str) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_crosstest-client"))
        .args(["--host", "127.0.0.1", "--call-timeout", "10"])
        .arg(format!("--port={port}"))
        .arg(format!("--protocol={protocol}"))
        .arg(format!("--transport={transport}"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code(), text)
}

#[test]
fn rust_client_passes_against_rust_server_for_every_combination() {
    let runs: Vec<_> = PROTOCOLS
        .iter()
        .flat_map(|p| TRANSPORTS.iter().map(move |t| (*p, *t)))
        .chain(MORE)
        .map(|(protocol, transport)| {
            thread::spawn(move || {
                let (_server, port) = start_server(protocol, transport);
                let (status, output) = run_client(port, protocol, transport);
                (protocol, transport, status, output)
            })
        })
        .collect();
    let mut failures = Vec::new();
    for run in runs {
        let (protocol, transport, status, output) = run.join().unwrap();
        if status != Some(0) {
            failures.push(format!("{protocol}/{transport}: {status:?}\n{output}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn client_reports_every_category_when_no_server_answers() {
    // A port that was free a moment ago: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (status, output) = run_client(port, "binary", "framed");
    assert_eq!(status, Some(1 | 2 | 4 | 8), "{output}");
    assert!(output.contains("FAIL Exceptions"), "{output}");
}
