//! `trift call` as a user runs it: against Apache's Python ThriftTest
//! server (`tests/crosstest/py/server.py`, PyPI `thrift`) on binary, compact
//! and json over buffered, framed and http, with a declared exception, a
//! oneway method, stdin arguments and the exit statuses; `--multiplexed`
//! against the same server behind a `TMultiplexedProcessor`; `--header`
//! against a small HTTP server in the test that records what it received;
//! `--transport gateway` against a stand-in gateway, each of its statuses
//! becoming the exit status of a direct call;
//! and without a server: `--list`, malformed JSON, type errors naming their
//! path, an unknown method, a refused connection.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn idl() -> PathBuf {
    root().join("idl/crosstest/ThriftTest.thrift")
}

fn trift(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trift"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs trift");
    if let Some(text) = stdin {
        use std::io::Write as _;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("writes stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("trift finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn list_prints_every_signature() {
    let idl = idl();
    let output = trift(
        &["call", "--idl", idl.to_str().expect("utf-8"), "--list"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("service ThriftTest\n"), "{text}");
    assert!(
        text.contains(
            "  ThriftTest.testException(1: string arg) -> void throws (1: Xception err1)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  oneway ThriftTest.testOneway(1: i32 secondsToSleep) -> void\n"),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_naming_the_path() {
    let idl = idl();
    let idl = idl.to_str().expect("utf-8");
    // Nothing listens on port 9 of loopback in the test environment; bad
    // input is refused before connecting anyway.
    let base = ["call", "--idl", idl, "127.0.0.1:9"];
    let cases: [(&str, &str, &str); 5] = [
        (
            "ThriftTest.testStruct",
            r#"{"thing": {"i32_thing": "x"}}"#,
            "thing.i32_thing: expected i32, found a string",
        ),
        (
            "ThriftTest.testStruct",
            r#"{"thing": {"nope": 1}}"#,
            "thing.nope: unknown field of Xtruct",
        ),
        (
            "ThriftTest.testEnum",
            r#"{"thing": "PURPLE"}"#,
            "thing: `PURPLE` is not a member of Numberz",
        ),
        (
            "ThriftTest.testI32",
            r#"{"thing": "#,
            "the arguments are not JSON",
        ),
        (
            "ThriftTest.noSuchMethod",
            "{}",
            "service `ThriftTest` has no method `noSuchMethod`",
        ),
    ];
    for (method, args, message) in cases {
        let mut argv = base.to_vec();
        argv.extend([method, args]);
        let output = trift(&argv, None);
        assert_eq!(output.status.code(), Some(2), "{method} {args}");
        assert!(stdout(&output).is_empty());
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
}

#[test]
fn a_refused_connection_exits_2() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    drop(listener);
    let idl = idl();
    let output = trift(
        &[
            "call",
            "--idl",
            idl.to_str().expect("utf-8"),
            &addr,
            "ThriftTest.testVoid",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("connect"), "{}", stderr(&output));
}

/// The Python stubs of ThriftTest, as `tests/crosstest/run.py` makes them
/// (the IDL minus its uuid lines: Debian's compiler predates uuid).
fn python_stubs(dir: &Path) -> Option<PathBuf> {
    let thrift_ok = Command::new("thrift")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let python_ok = Command::new("python3")
        .args(["-c", "import thrift"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !thrift_ok || !python_ok {
        trift_test_skip::skip(
            "needs `thrift` (thrift-compiler) and python3 with PyPI thrift (tests/setup.sh)",
        );
        return None;
    }
    let text = std::fs::read_to_string(idl()).expect("reads the IDL");
    let without: String = text
        .lines()
        .filter(|line| {
            !line
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "uuid")
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let variant = dir.join("ThriftTest.thrift");
    std::fs::write(&variant, without).expect("writes the variant");
    let out = dir.join("gen-py");
    std::fs::create_dir_all(&out).expect("mkdir");
    let status = Command::new("thrift")
        .args(["--gen", "py", "-out"])
        .arg(&out)
        .arg(&variant)
        .status()
        .expect("runs thrift");
    assert!(status.success(), "thrift --gen py failed");
    Some(out)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn python_server(stubs: &Path, protocol: &str, transport: &str) -> (Server, String) {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let child = Command::new("python3")
        .arg(root().join("tests/crosstest/py/server.py"))
        .args([
            "--port",
            &port.to_string(),
            "--protocol",
            protocol,
            "--transport",
            transport,
        ])
        .arg("--genpydir")
        .arg(stubs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts the Python server");
    let server = Server(child);
    let addr = format!("127.0.0.1:{port}");
    let start = Instant::now();
    while TcpStream::connect(&addr).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the Python server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, addr)
}

#[test]
fn against_apaches_python_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(stubs) = python_stubs(dir.path()) else {
        return;
    };
    let idl = idl();
    let idl = idl.to_str().expect("utf-8");
    for protocol in ["binary", "compact", "json"] {
        for transport in ["buffered", "framed", "http"] {
            let context = format!("{protocol} over {transport}");
            let (_server, addr) = python_server(&stubs, protocol, transport);
            let addr = if transport == "http" {
                format!("http://{addr}/")
            } else {
                addr
            };
            let call = |method: &str, args: Option<&str>, stdin: Option<&str>| {
                let mut argv = vec!["call", "--idl", idl, "--protocol", protocol];
                if transport != "http" {
                    argv.extend(["--transport", transport]);
                }
                argv.extend([addr.as_str(), method]);
                argv.extend(args);
                trift(&argv, stdin)
            };

            let out = call(
                "ThriftTest.testI64",
                Some(r#"{"thing": -9007199254740993}"#),
                None,
            );
            assert_eq!(out.status.code(), Some(0), "{context}: {}", stderr(&out));
            assert_eq!(stdout(&out), "-9007199254740993\n", "{context}");

            let xtruct = r#"{"thing": {"string_thing": "z", "byte_thing": 1, "i32_thing": -3, "i64_thing": 4}}"#;
            let out = call("ThriftTest.testStruct", Some("-"), Some(xtruct));
            assert_eq!(out.status.code(), Some(0), "{context}: {}", stderr(&out));
            assert_eq!(
                json(&out),
                serde_json::json!({"string_thing": "z", "byte_thing": 1, "i32_thing": -3, "i64_thing": 4}),
                "{context}"
            );

            let out = call(
                "ThriftTest.testMap",
                Some(r#"{"thing": [[1, 2], [3, 4]]}"#),
                None,
            );
            assert_eq!(out.status.code(), Some(0), "{context}: {}", stderr(&out));
            let mut pairs = json(&out).as_array().cloned().expect("pairs");
            pairs.sort_by_key(|p| p[0].as_i64());
            assert_eq!(
                serde_json::Value::Array(pairs),
                serde_json::json!([[1, 2], [3, 4]])
            );

            let out = call(
                "ThriftTest.testBinary",
                Some(r#"{"thing": "AAEC/w=="}"#),
                None,
            );
            assert_eq!(
                stdout(&out),
                "\"AAEC/w==\"\n",
                "{context}: {}",
                stderr(&out)
            );

            let out = call(
                "ThriftTest.testException",
                Some(r#"{"arg": "Xception"}"#),
                None,
            );
            assert_eq!(out.status.code(), Some(1), "{context}: {}", stderr(&out));
            assert_eq!(
                json(&out),
                serde_json::json!({"Xception": {"errorCode": 1001, "message": "Xception"}}),
                "{context}"
            );

            let out = call(
                "ThriftTest.testException",
                Some(r#"{"arg": "TException"}"#),
                None,
            );
            assert_eq!(out.status.code(), Some(2), "{context}: {}", stdout(&out));
            assert!(stdout(&out).is_empty(), "{context}");

            let out = call("ThriftTest.testVoid", None, None);
            assert_eq!(
                (out.status.code(), stdout(&out)),
                (Some(0), "null\n".into()),
                "{context}"
            );

            let out = call(
                "ThriftTest.testOneway",
                Some(r#"{"secondsToSleep": 0}"#),
                None,
            );
            assert_eq!(
                (out.status.code(), stdout(&out)),
                (Some(0), String::new()),
                "{context}"
            );
        }
    }
}

#[test]
fn multiplexed_calls_reach_the_named_service() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(stubs) = python_stubs(dir.path()) else {
        return;
    };
    let idl = idl();
    let idl = idl.to_str().expect("utf-8");
    // `multi`, `multic`, `multij`: the Python server's multiplexed binary,
    // compact and json, with ThriftTest and SecondService registered by name
    // and ThriftTest also the default for names without a prefix.
    for (server_protocol, protocol, transport) in [
        ("multi", "binary", "buffered"),
        ("multic", "compact", "framed"),
        ("multij", "json", "http"),
    ] {
        let context = format!("{protocol} over {transport}");
        let (_server, addr) = python_server(&stubs, server_protocol, transport);
        let call = |multiplexed: Option<&str>, method: &str, args: &str| {
            let mut argv = vec!["call", "--idl", idl, "--protocol", protocol];
            argv.extend(["--transport", transport]);
            if let Some(name) = multiplexed {
                argv.extend(["--multiplexed", name]);
            }
            argv.extend([addr.as_str(), method, args]);
            trift(&argv, None)
        };

        let out = call(
            Some("SecondService"),
            "SecondService.secondtestString",
            r#"{"thing": "mux"}"#,
        );
        assert_eq!(out.status.code(), Some(0), "{context}: {}", stderr(&out));
        assert_eq!(
            json(&out),
            serde_json::json!("testString(\"mux\")"),
            "{context}"
        );

        let out = call(Some("ThriftTest"), "ThriftTest.testI32", r#"{"thing": -7}"#);
        assert_eq!(out.status.code(), Some(0), "{context}: {}", stderr(&out));
        assert_eq!(stdout(&out), "-7\n", "{context}");

        // Without the prefix the call lands on the default service
        // (ThriftTest), which has no such method: an application error.
        let out = call(
            None,
            "SecondService.secondtestString",
            r#"{"thing": "mux"}"#,
        );
        assert_eq!(out.status.code(), Some(2), "{context}: {}", stdout(&out));
        assert!(
            stderr(&out).contains("secondtestString"),
            "{context}: {}",
            stderr(&out)
        );
    }
}

/// What the recording HTTP server saw: the request line, the header lines
/// (as sent) and the body.
struct Recorded {
    request_line: String,
    headers: Vec<String>,
    body: Vec<u8>,
}

/// Answers one HTTP POST carrying a strict-binary Thrift call of a `void`
/// method with the empty reply for it, and returns what it received.
fn answer_one_void_call(listener: TcpListener) -> Recorded {
    let (stream, _) = listener.accept().expect("accepts");
    let mut reader = BufReader::new(stream.try_clone().expect("clones"));
    let mut request_line = String::new();
    reader.read_line(&mut request_line).expect("request line");
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("a length");
        }
        headers.push(line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    // Strict binary: version and type (4), name length (4), name, seqid (4).
    let name_len = u32::from_be_bytes(body[4..8].try_into().expect("4 bytes")) as usize;
    let name = &body[8..8 + name_len];
    let seqid = &body[8 + name_len..12 + name_len];
    let mut reply = vec![0x80, 0x01, 0x00, 0x02];
    reply.extend_from_slice(&(name_len as u32).to_be_bytes());
    reply.extend_from_slice(name);
    reply.extend_from_slice(seqid);
    reply.push(0); // the result struct: no field, STOP
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-thrift\r\nContent-Length: {}\r\n\r\n",
        reply.len()
    )
    .expect("writes the head");
    stream.write_all(&reply).expect("writes the reply");
    stream.flush().expect("flushes");
    Recorded {
        request_line,
        headers,
        body,
    }
}

#[test]
fn headers_reach_the_http_server() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = std::thread::spawn(move || answer_one_void_call(listener));
    let idl = idl();
    let url = format!("http://{addr}/rpc");
    let output = trift(
        &[
            "call",
            "--idl",
            idl.to_str().expect("utf-8"),
            "--header",
            "X-Trace=abc-123",
            "--header",
            "Authorization=Bearer t0ken",
            &url,
            "ThriftTest.testVoid",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "null\n");
    let seen = server.join().expect("the server thread finishes");
    assert_eq!(seen.request_line.trim_end(), "POST /rpc HTTP/1.1");
    let has = |wanted: &str| {
        seen.headers
            .iter()
            .any(|line| line.eq_ignore_ascii_case(wanted))
    };
    assert!(has("x-trace: abc-123"), "{:?}", seen.headers);
    assert!(has("authorization: Bearer t0ken"), "{:?}", seen.headers);
    assert!(
        seen.body.windows(8).any(|w| w == b"testVoid"),
        "the body is the Thrift call"
    );

    // Headers are HTTP's: on a TCP transport they are refused before
    // anything is sent.
    let output = trift(
        &[
            "call",
            "--idl",
            idl.to_str().expect("utf-8"),
            "--header",
            "X-Trace=abc",
            "127.0.0.1:9",
            "ThriftTest.testVoid",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--header needs the http transport"),
        "{}",
        stderr(&output)
    );
}

/// Reads one HTTP request from `listener`, answers `status` with `body`
/// (JSON), and returns the request line and body it received.
fn answer_one_json_request(listener: TcpListener, status: &str, body: &str) -> (String, String) {
    let (stream, _) = listener.accept().expect("accepts");
    let mut reader = BufReader::new(stream.try_clone().expect("clones"));
    let mut request_line = String::new();
    reader.read_line(&mut request_line).expect("request line");
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("a length");
        }
    }
    let mut received = vec![0; length];
    reader.read_exact(&mut received).expect("body");
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    stream.flush().expect("flushes");
    (
        request_line.trim_end().to_owned(),
        String::from_utf8(received).expect("UTF-8"),
    )
}

#[test]
fn through_a_gateway_its_statuses_become_exit_statuses() {
    let idl = idl();
    let idl = idl.to_str().expect("utf-8");
    let cases: [(&str, &str, Option<i32>, &str); 3] = [
        ("200 OK", "42", Some(0), "42\n"),
        (
            "422 Unprocessable Entity",
            r#"{"Xception": {"errorCode": 1001, "message": "no"}}"#,
            Some(1),
            "{\n  \"Xception\": {\n    \"errorCode\": 1001,\n    \"message\": \"no\"\n  }\n}\n",
        ),
        (
            "502 Bad Gateway",
            r#"{"error": "transport error: upstream down"}"#,
            Some(2),
            "",
        ),
    ];
    for (status, body, code, out) in cases {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let server = std::thread::spawn(move || answer_one_json_request(listener, status, body));
        let output = trift(
            &[
                "call",
                "--idl",
                idl,
                "--transport",
                "gateway",
                &base,
                "ThriftTest.testI32",
                r#"{"thing": 7}"#,
            ],
            None,
        );
        let (request_line, received) = server.join().expect("the server thread finishes");
        assert_eq!(request_line, "POST /ThriftTest/testI32 HTTP/1.1");
        assert_eq!(received, r#"{"thing":7}"#);
        assert_eq!(output.status.code(), code, "{status}: {}", stderr(&output));
        assert_eq!(stdout(&output), out, "{status}");
        if code == Some(2) {
            assert!(
                stderr(&output).contains("answered 502: transport error: upstream down"),
                "{}",
                stderr(&output)
            );
        }
    }
}
