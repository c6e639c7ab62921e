//! The server under test: started as its own process, watched through /proc,
//! stopped by its PID.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process started by the generator.
pub struct ServerProcess {
    /// `None` when attached to a process someone else started (for profiling).
    child: Option<Child>,
    pid: u32,
}

impl ServerProcess {
    /// Starts `command` (whitespace-separated program and arguments) and waits
    /// until `addr` accepts connections.
    /// A command `pid:N` attaches to the running process N instead, which is
    /// then left running (for profiling a server under perf).
    pub fn start(command: &str, addr: SocketAddr) -> std::io::Result<ServerProcess> {
        let server = if let Some(pid) = command.strip_prefix("pid:") {
            let pid = pid.trim().parse().map_err(std::io::Error::other)?;
            ServerProcess { child: None, pid }
        } else {
            let mut parts = command.split_whitespace();
            let program = parts
                .next()
                .ok_or_else(|| std::io::Error::other("empty server command"))?;
            let child = Command::new(program)
                .args(parts)
                .stdin(Stdio::null())
                .spawn()?;
            ServerProcess {
                pid: child.id(),
                child: Some(child),
            }
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(server);
            }
            if Instant::now() > deadline {
                return Err(std::io::Error::other(format!(
                    "server did not listen on {addr}"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server's PID.
    pub fn pid(&self) -> u32 {
        self.pid
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Stops exactly the process this generator started.
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// User plus system CPU time of process `pid`, in microseconds.
pub fn cpu_micros(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at field 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let ticks = clock_ticks_per_second();
    Some((utime + stime) * 1_000_000 / ticks)
}

fn clock_ticks_per_second() -> u64 {
    #[allow(unsafe_code)]
    // SAFETY: sysconf has no preconditions; it only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 { ticks as u64 } else { 100 }
}

/// Resident set size of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Number of threads of process `pid`.
pub fn threads(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("Threads:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
