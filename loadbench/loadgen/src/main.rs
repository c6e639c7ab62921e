//! The RPC load generator of trift's load benchmark.
//!
//! `loadgen run` starts each server as its own process (`--server
//! NAME=HOST:PORT=COMMAND`, repeated), measures its memory per idle
//! connection, then runs every scenario x client model x connection count
//! (plus one pipelined connection) on every server, interleaved, appending one
//! row per cell to a TSV file. `loadgen report` turns the rows of all servers into the
//! Markdown tables of BENCHMARKS.md; `loadgen pool` reads several runs together
//! (mean and spread of every cell, and whether a difference exceeds the noise). See `/work/shared/benchmark-method.md`
//! for the method (closed loop, warm-up, window, both client models, server CPU
//! per call from /proc).

mod async_model;
mod blocking_model;
mod driver;
mod pool;
mod report;
mod server;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use loadbench_wire::{ExpectedReply, Scenario, request_frame};

use crate::driver::{Calls, Clock, Driver};

/// Everything measured on the client side of one cell.
#[derive(Default)]
pub struct CellOutcome {
    /// Latencies of calls completed inside the window (ns).
    pub latencies_ns: Vec<u32>,
    /// Errors of every kind.
    pub errors: u64,
}

impl CellOutcome {
    /// Adds one connection's figures.
    pub fn absorb(&mut self, driver: Driver) {
        self.latencies_ns.extend_from_slice(&driver.latencies_ns);
        self.errors += driver.errors;
    }
}

/// One server under test: its name in the tables, its address, its command.
struct ServerSpec {
    name: String,
    addr: SocketAddr,
    command: String,
}

struct Options {
    servers: Vec<ServerSpec>,
    out: String,
    warmup: Duration,
    window: Duration,
    connections: Vec<usize>,
    pipeline_depth: usize,
    models: Vec<String>,
    scenarios: Vec<Scenario>,
    max_threads: usize,
    idle_connections: usize,
    max_seconds: u64,
    repeats: usize,
}

fn parse_run_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        servers: Vec::new(),
        out: String::from("results.tsv"),
        warmup: Duration::from_millis(1000),
        window: Duration::from_millis(3000),
        connections: vec![1, 16, 64, 256, 1024],
        pipeline_depth: 64,
        models: vec!["async".into(), "blocking".into()],
        scenarios: vec![Scenario::Small, Scenario::Record],
        max_threads: 1024,
        idle_connections: 1000,
        max_seconds: 1200,
        repeats: 1,
    };
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            // NAME=HOST:PORT=COMMAND, repeated once per server.
            "--server" => {
                let mut parts = value.splitn(3, '=');
                let (Some(name), Some(addr), Some(command)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return Err(format!("--server {value}: expected NAME=HOST:PORT=COMMAND"));
                };
                let addr: SocketAddr =
                    addr.parse().map_err(|e| format!("--server {value}: {e}"))?;
                if !addr.ip().is_loopback() {
                    return Err(format!("--server {value}: loopback addresses only"));
                }
                options.servers.push(ServerSpec {
                    name: name.into(),
                    addr,
                    command: command.into(),
                });
            }
            "--out" => options.out = value.clone(),
            "--warmup-ms" => options.warmup = Duration::from_millis(number(value)?),
            "--window-ms" => options.window = Duration::from_millis(number(value)?),
            "--conns" => {
                options.connections = value
                    .split(',')
                    .map(|v| v.parse().map_err(|e| format!("--conns: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--pipeline-depth" => options.pipeline_depth = number(value)? as usize,
            "--models" => options.models = value.split(',').map(String::from).collect(),
            "--scenarios" => {
                options.scenarios = value
                    .split(',')
                    .map(|v| Scenario::from_label(v).ok_or_else(|| format!("unknown scenario {v}")))
                    .collect::<Result<_, _>>()?
            }
            "--max-threads" => options.max_threads = number(value)? as usize,
            "--idle-conns" => options.idle_connections = number(value)? as usize,
            "--max-seconds" => options.max_seconds = number(value)?,
            "--repeats" => options.repeats = (number(value)? as usize).max(1),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if options.servers.is_empty() {
        return Err("at least one --server NAME=HOST:PORT=COMMAND is required".into());
    }
    Ok(options)
}

/// Server-side figures sampled around the window.
#[derive(Clone, Copy, Default)]
struct ServerSample {
    cpu_micros: u64,
    rss_kib: u64,
    threads: u64,
}

fn sample_server(pid: u32, clocks: mpsc::Receiver<Clock>) -> std::thread::JoinHandle<ServerSample> {
    std::thread::spawn(move || {
        let Ok(clock) = clocks.recv() else {
            return ServerSample::default();
        };
        std::thread::sleep(clock.warm_end.saturating_duration_since(Instant::now()));
        let before = server::cpu_micros(pid).unwrap_or(0);
        std::thread::sleep(clock.end.saturating_duration_since(Instant::now()));
        let after = server::cpu_micros(pid).unwrap_or(0);
        ServerSample {
            cpu_micros: after.saturating_sub(before),
            rss_kib: server::rss_kib(pid).unwrap_or(0),
            threads: server::threads(pid).unwrap_or(0),
        }
    })
}

fn percentile(sorted: &[u32], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * fraction).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

/// One small call on a fresh blocking connection, kept open.
fn idle_connection(
    addr: SocketAddr,
    seqid: i32,
    expected: &ExpectedReply,
) -> Result<TcpStream, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    let mut request = Vec::new();
    request_frame(Scenario::Small).append_with_seqid(seqid, &mut request);
    stream.write_all(&request).map_err(|e| e.to_string())?;
    let mut prefix = [0; 4];
    stream.read_exact(&mut prefix).map_err(|e| e.to_string())?;
    let mut body = vec![0; u32::from_be_bytes(prefix) as usize];
    stream.read_exact(&mut body).map_err(|e| e.to_string())?;
    match expected.check(&body, &mut Vec::new()) {
        Ok(got) if got == seqid => Ok(stream),
        other => Err(format!("bad idle-call reply: {other:?}")),
    }
}

fn measure_idle_memory(
    options: &Options,
    spec: &ServerSpec,
    pid: u32,
    out: &mut std::fs::File,
) -> Result<(), String> {
    let expected = ExpectedReply::new(Scenario::Small);
    // One call first, so lazily built server state is not charged to the connections.
    drop(idle_connection(spec.addr, 0, &expected)?);
    std::thread::sleep(Duration::from_millis(300));
    let before = server::rss_kib(pid).unwrap_or(0);
    let mut streams = Vec::with_capacity(options.idle_connections);
    for index in 0..options.idle_connections {
        streams.push(idle_connection(spec.addr, index as i32 + 1, &expected)?);
    }
    std::thread::sleep(Duration::from_millis(500));
    let after = server::rss_kib(pid).unwrap_or(0);
    let threads = server::threads(pid).unwrap_or(0);
    drop(streams);
    let per_connection = (after as f64 - before as f64) / options.idle_connections as f64;
    eprintln!(
        "{}: idle memory: RSS {before} KiB -> {after} KiB with {} connections = {per_connection:.1} KiB each ({threads} threads)",
        spec.name, options.idle_connections
    );
    writeln!(
        out,
        "idle\t{}\t-\t-\t{}\t0\t0\t{per_connection:.2}\t0\t0\t0\t0\t{after}\t{threads}\t{before}",
        spec.name, options.idle_connections
    )
    .map_err(|e| e.to_string())
}

fn run(options: Options) -> Result<(), String> {
    let limit = options.max_seconds;
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(limit));
        eprintln!("loadgen: --max-seconds {limit} reached, exiting");
        std::process::exit(3);
    });
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&options.out)
        .map_err(|e| format!("{}: {e}", options.out))?;
    // Every server is started (and its idle memory measured on the fresh
    // process) before any load; then the cells run interleaved, each cell on
    // every server in turn, so slow drifts of this shared machine hit all
    // servers alike.
    let mut running = Vec::with_capacity(options.servers.len());
    for spec in &options.servers {
        let process = server::ServerProcess::start(&spec.command, spec.addr)
            .map_err(|e| format!("starting {}: {e}", spec.name))?;
        std::thread::sleep(Duration::from_millis(300));
        if options.idle_connections > 0 {
            measure_idle_memory(&options, spec, process.pid(), &mut out)?;
            std::thread::sleep(Duration::from_millis(500));
        }
        running.push((spec, process));
    }
    let mut cell_index = 0;
    for &scenario in &options.scenarios {
        let calls = Arc::new(Calls {
            request: request_frame(scenario),
            expected: ExpectedReply::new(scenario),
        });
        for model in &options.models {
            let mut loads: Vec<(usize, usize)> =
                options.connections.iter().map(|&c| (c, 1)).collect();
            if options.pipeline_depth > 0 {
                loads.push((1, options.pipeline_depth));
            }
            for (connections, depth) in loads {
                // Rotate who goes first, so no server always follows the same one;
                // each repetition is a full round over the servers.
                for turn in (0..options.repeats).flat_map(|_| 0..running.len()) {
                    if turn == 0 {
                        cell_index += 1;
                    }
                    let (spec, process) = &running[(turn + cell_index) % running.len()];
                    let row = run_cell(
                        &options,
                        spec,
                        process.pid(),
                        &calls,
                        scenario,
                        model,
                        connections,
                        depth,
                    )?;
                    writeln!(out, "{row}").map_err(|e| e.to_string())?;
                    // Let the server tear the cell's connections down before the next one.
                    std::thread::sleep(Duration::from_millis(300));
                }
            }
        }
    }
    drop(running);
    Ok(())
}

/// Runs one cell against one server and returns its TSV row.
#[allow(clippy::too_many_arguments)]
fn run_cell(
    options: &Options,
    spec: &ServerSpec,
    pid: u32,
    calls: &Arc<Calls>,
    scenario: Scenario,
    model: &str,
    connections: usize,
    depth: usize,
) -> Result<String, String> {
    let (clock_tx, clock_rx) = mpsc::channel();
    let sampler = sample_server(pid, clock_rx);
    let on_clock = move |clock: Clock| {
        let _ = clock_tx.send(clock);
    };
    let outcome = match model {
        "async" => async_model::run_cell(
            spec.addr,
            calls.clone(),
            connections,
            depth,
            options.warmup,
            options.window,
            on_clock,
        ),
        "blocking" => blocking_model::run_cell(
            spec.addr,
            calls.clone(),
            connections,
            depth,
            options.max_threads,
            options.warmup,
            options.window,
            on_clock,
        ),
        other => return Err(format!("unknown client model {other}")),
    }
    .map_err(|e| format!("{} {model} {connections}x{depth}: {e}", spec.name))?;
    let sample = sampler.join().map_err(|_| "sampler panicked".to_string())?;
    let mut latencies = outcome.latencies_ns;
    latencies.sort_unstable();
    let calls_done = latencies.len() as u64;
    let per_second = calls_done as f64 / options.window.as_secs_f64();
    let cpu_per_call = if calls_done > 0 {
        sample.cpu_micros as f64 / calls_done as f64
    } else {
        0.0
    };
    let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
    let threads_used = if model == "blocking" {
        connections.min(options.max_threads)
    } else {
        1
    };
    eprintln!(
        "{:<14} {:<6} {:<8} {:>4}x{:<2} {:>9.0} calls/s  p50 {:>8.1} us  p99 {:>8.1} us  cpu {:>6.2} us/call  errors {}  rss {} KiB",
        spec.name,
        scenario.label(),
        model,
        connections,
        depth,
        per_second,
        p50,
        p99,
        cpu_per_call,
        outcome.errors,
        sample.rss_kib
    );
    Ok(format!(
        "cell\t{}\t{}\t{model}\t{connections}\t{depth}\t{calls_done}\t{per_second:.1}\t{p50:.1}\t{p99:.1}\t{cpu_per_call:.3}\t{}\t{}\t{}\t{threads_used}",
        spec.name,
        scenario.label(),
        outcome.errors,
        sample.rss_kib,
        sample.threads
    ))
}

/// `struct sched_attr` of sched_setattr(2), first version (56 bytes).
#[repr(C)]
struct SchedAttr {
    size: u32,
    policy: u32,
    flags: u64,
    nice: i32,
    priority: u32,
    runtime: u64,
    deadline: u64,
    period: u64,
}

/// Asks for a short EEVDF slice (`LOADGEN_SLICE_US`, kernel 6.12+), inherited
/// by every thread and server process started afterwards. On a contended
/// machine a woken thread otherwise waits for the running task's whole slice
/// (milliseconds), which swamps loopback round trips of ~20 us; the short
/// slice lets the benchmark's processes preempt on wake-up, all alike.
fn request_short_slice() {
    let Some(micros) = std::env::var("LOADGEN_SLICE_US")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    #[allow(unsafe_code)]
    // SAFETY: getpriority only reads this process's nice value.
    let nice = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
    let attr = SchedAttr {
        size: std::mem::size_of::<SchedAttr>() as u32,
        policy: libc::SCHED_OTHER as u32,
        flags: 0,
        nice,
        priority: 0,
        runtime: micros * 1000,
        deadline: 0,
        period: 0,
    };
    #[allow(unsafe_code)]
    // SAFETY: `attr` is a valid, fully initialized sched_attr that outlives the call;
    // pid 0 is the calling thread.
    let result = unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &attr as *const SchedAttr, 0) };
    if result != 0 {
        eprintln!(
            "loadgen: sched_setattr(slice {micros} us) failed: {}",
            std::io::Error::last_os_error()
        );
    }
}

fn main() {
    request_short_slice();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => parse_run_options(&args[1..]).and_then(run),
        Some("report") => report::main(&args[1..]),
        Some("pool") => pool::main(&args[1..]),
        _ => Err("usage: loadgen run --server NAME=HOST:PORT=COMMAND [--server ...] [options] | loadgen report --in FILE [--title TEXT] | loadgen pool --in FILE [--in FILE ...] [--title TEXT] [--baseline NAME]".into()),
    };
    if let Err(message) = result {
        eprintln!("loadgen: {message}");
        std::process::exit(1);
    }
}
