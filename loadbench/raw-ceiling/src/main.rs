//! The ceiling of the RPC load benchmark: what the machine allows.
//!
//! A tokio server that reads 4-byte length-prefixed frames and answers each with
//! a canned, valid REPLY, without decoding the request: it picks the canned
//! reply by frame length, copies the request's 4 seqid bytes into it so the
//! generator's seqid check passes, and writes all replies of a read batch with
//! one write. TCP_NODELAY on every connection.

use std::time::Duration;

use loadbench_wire::{FrameTemplate, Scenario, reply_frame};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Frames shorter than this are answered with the small reply.
const SMALL_FRAME_LIMIT: usize = 128;
/// The largest frame accepted; a longer prefix closes the connection.
const MAX_FRAME: usize = 16 * 1024 * 1024;

struct Canned {
    small: FrameTemplate,
    record: FrameTemplate,
}

async fn serve(mut stream: TcpStream, canned: &'static Canned) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut input: Vec<u8> = vec![0; 8 * 1024];
    let mut filled = 0;
    let mut output: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        if filled == input.len() {
            let grown = input.len() * 2;
            input.resize(grown, 0);
        }
        let read = stream.read(&mut input[filled..]).await?;
        if read == 0 {
            return Ok(());
        }
        filled += read;
        let mut at = 0;
        while filled - at >= 4 {
            let len = u32::from_be_bytes([input[at], input[at + 1], input[at + 2], input[at + 3]])
                as usize;
            if len > MAX_FRAME {
                return Ok(());
            }
            if filled - at - 4 < len {
                if 4 + len > input.len() {
                    input.resize(4 + len, 0);
                }
                break;
            }
            let body = &input[at + 4..at + 4 + len];
            // The seqid follows the version word and the method name.
            let name_len = body
                .get(4..8)
                .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
            let seqid = body.get(8 + name_len..12 + name_len).unwrap_or(&[0; 4]);
            let reply = if len < SMALL_FRAME_LIMIT {
                &canned.small
            } else {
                &canned.record
            };
            let start = output.len();
            output.extend_from_slice(&reply.bytes);
            let seq_at = start + reply.seqid_offset;
            output[seq_at..seq_at + 4].copy_from_slice(seqid);
            at += 4 + len;
        }
        input.copy_within(at..filled, 0);
        filled -= at;
        if !output.is_empty() {
            stream.write_all(&output).await?;
            output.clear();
        }
    }
}

fn main() {
    let mut addr = String::from("127.0.0.1:19091");
    let mut max_seconds: u64 = 1800;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--addr" => addr = value,
            "--max-seconds" => max_seconds = value.parse().expect("--max-seconds takes a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    let canned: &'static Canned = Box::leak(Box::new(Canned {
        small: reply_frame(Scenario::Small),
        record: reply_frame(Scenario::Record),
    }));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let listener = TcpListener::bind(&addr).await.expect("bind");
        eprintln!("raw-ceiling listening on {addr}");
        let accept = async {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        tokio::spawn(async move {
                            let _ = serve(stream, canned).await;
                        });
                    }
                    Err(error) => eprintln!("raw-ceiling: accept: {error}"),
                }
            }
        };
        // Every process of the benchmark is bounded in time.
        let _ = tokio::time::timeout(Duration::from_secs(max_seconds), accept).await;
    });
}
