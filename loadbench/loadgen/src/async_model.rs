//! The async client model: one tokio epoll loop (current-thread runtime), one
//! task per connection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::CellOutcome;
use crate::driver::{Calls, Clock, Driver, Progress, READ_TIMEOUT};

/// Runs one cell: `connections` connections each with `depth` calls in flight.
pub fn run_cell(
    addr: SocketAddr,
    calls: Arc<Calls>,
    connections: usize,
    depth: usize,
    warmup: Duration,
    window: Duration,
    on_clock: impl FnOnce(Clock) + Send + 'static,
) -> std::io::Result<CellOutcome> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        // Connections are opened one by one before the clock starts.
        let mut streams = Vec::with_capacity(connections);
        for _ in 0..connections {
            let stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            streams.push(stream);
        }
        let start = Instant::now();
        let clock = Clock {
            warm_end: start + warmup,
            end: start + warmup + window,
        };
        on_clock(clock);
        let mut tasks = Vec::with_capacity(connections);
        for (index, stream) in streams.into_iter().enumerate() {
            let driver = Driver::new(calls.clone(), clock, (index as i32) << 20);
            tasks.push(tokio::spawn(drive(stream, driver, depth)));
        }
        let mut outcome = CellOutcome::default();
        for task in tasks {
            let driver = task.await.map_err(std::io::Error::other)?;
            outcome.absorb(driver);
        }
        Ok(outcome)
    })
}

async fn drive(mut stream: TcpStream, mut driver: Driver, depth: usize) -> Driver {
    driver.queue(depth, Instant::now());
    if stream.write_all(&driver.write_buf).await.is_err() {
        driver.errors += 1;
        return driver;
    }
    driver.write_buf.clear();
    loop {
        let read = match tokio::time::timeout(READ_TIMEOUT, stream.read(driver.read_space())).await
        {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => {
                driver.errors += 1;
                return driver;
            }
            Ok(Ok(read)) => read,
        };
        driver.filled(read);
        let now = Instant::now();
        match driver.take_replies(now) {
            Err(_) => return driver,
            Ok(Progress::Done) => return driver,
            Ok(Progress::Continue(0)) => {}
            Ok(Progress::Continue(count)) => {
                driver.queue(count, now);
                if stream.write_all(&driver.write_buf).await.is_err() {
                    driver.errors += 1;
                    return driver;
                }
                driver.write_buf.clear();
            }
        }
    }
}
