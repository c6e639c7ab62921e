//! The blocking client model: one OS thread per connection (or, above
//! `max_threads`, each thread serves several connections in turn, one call in
//! flight on each).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::CellOutcome;
use crate::driver::{Calls, Clock, Driver, Progress, READ_TIMEOUT};

struct Connection {
    stream: TcpStream,
    driver: Driver,
    done: bool,
}

/// Runs one cell with blocking sockets.
#[allow(clippy::too_many_arguments)]
pub fn run_cell(
    addr: SocketAddr,
    calls: Arc<Calls>,
    connections: usize,
    depth: usize,
    max_threads: usize,
    warmup: Duration,
    window: Duration,
    on_clock: impl FnOnce(Clock),
) -> std::io::Result<CellOutcome> {
    let mut streams = Vec::with_capacity(connections);
    for _ in 0..connections {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        streams.push(stream);
    }
    let threads = connections.min(max_threads).max(1);
    let mut groups: Vec<Vec<(usize, TcpStream)>> = (0..threads).map(|_| Vec::new()).collect();
    for (index, stream) in streams.into_iter().enumerate() {
        groups[index % threads].push((index, stream));
    }
    let clock_cell: Arc<OnceLock<Clock>> = Arc::new(OnceLock::new());
    let barrier = Arc::new(Barrier::new(threads + 1));
    let outcome = Arc::new(Mutex::new(CellOutcome::default()));
    let mut handles = Vec::with_capacity(threads);
    for group in groups {
        let (calls, clock_cell, barrier, outcome) = (
            calls.clone(),
            clock_cell.clone(),
            barrier.clone(),
            outcome.clone(),
        );
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                barrier.wait();
                let clock = *clock_cell
                    .get()
                    .expect("clock set before the barrier opens");
                let mut conns: Vec<Connection> = group
                    .into_iter()
                    .map(|(index, stream)| Connection {
                        stream,
                        driver: Driver::new(calls.clone(), clock, (index as i32) << 20),
                        done: false,
                    })
                    .collect();
                drive_group(&mut conns, depth);
                let mut total = outcome.lock().expect("outcome lock");
                for conn in conns {
                    total.absorb(conn.driver);
                }
            })?;
        handles.push(handle);
    }
    let start = Instant::now();
    let clock = Clock {
        warm_end: start + warmup,
        end: start + warmup + window,
    };
    let _ = clock_cell.set(clock);
    on_clock(clock);
    barrier.wait();
    for handle in handles {
        handle
            .join()
            .map_err(|_| std::io::Error::other("client thread panicked"))?;
    }
    let outcome = std::mem::take(&mut *outcome.lock().expect("outcome lock"));
    Ok(outcome)
}

fn send(conn: &mut Connection) {
    if conn.stream.write_all(&conn.driver.write_buf).is_err() {
        conn.driver.errors += 1;
        conn.done = true;
    }
    conn.driver.write_buf.clear();
}

fn drive_group(conns: &mut [Connection], depth: usize) {
    let now = Instant::now();
    for conn in conns.iter_mut() {
        conn.driver.queue(depth, now);
        send(conn);
    }
    while conns.iter().any(|conn| !conn.done) {
        for conn in conns.iter_mut().filter(|conn| !conn.done) {
            // Read until at least one call on this connection completes.
            loop {
                let read = match conn.stream.read(conn.driver.read_space()) {
                    Ok(0) | Err(_) => {
                        conn.driver.errors += 1;
                        conn.done = true;
                        break;
                    }
                    Ok(read) => read,
                };
                conn.driver.filled(read);
                let now = Instant::now();
                match conn.driver.take_replies(now) {
                    Err(_) | Ok(Progress::Done) => {
                        conn.done = true;
                        break;
                    }
                    Ok(Progress::Continue(0)) => {
                        if now >= conn.driver.clock().end && !conn.driver.has_in_flight() {
                            conn.done = true;
                            break;
                        }
                    }
                    Ok(Progress::Continue(count)) => {
                        conn.driver.queue(count, now);
                        send(conn);
                        break;
                    }
                }
            }
        }
    }
}
