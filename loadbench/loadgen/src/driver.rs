//! One connection's closed-loop call state, shared by both client models.
//!
//! A driver keeps `depth` calls in flight on its connection: it queues
//! requests with fresh seqids, parses every complete reply frame out of its
//! read buffer, checks it (seqid in flight, REPLY, expected payload), records
//! the latency of calls completed inside the measured window and queues one new
//! request per completed call until the window ends. The model around it does
//! the I/O (tokio task or OS thread).

use std::sync::Arc;
use std::time::{Duration, Instant};

use loadbench_wire::{ExpectedReply, FrameTemplate};

/// The phases of one measured cell, the same for every connection.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    /// Calls completing before this are warm-up.
    pub warm_end: Instant,
    /// No new call is started after this; calls completing after it are not counted.
    pub end: Instant,
}

/// The request and the reply check of one scenario.
#[derive(Debug)]
pub struct Calls {
    /// The request frame with a patchable seqid.
    pub request: FrameTemplate,
    /// The reply check.
    pub expected: ExpectedReply,
}

/// Connection state of one closed-loop caller (or one pipelined connection).
pub struct Driver {
    calls: Arc<Calls>,
    clock: Clock,
    next_seqid: i32,
    in_flight: Vec<(i32, Instant)>,
    read_buf: Vec<u8>,
    read_start: usize,
    read_end: usize,
    /// Requests queued for the next write.
    pub write_buf: Vec<u8>,
    scratch: Vec<u8>,
    /// Latencies (ns, saturating) of calls completed inside the window.
    pub latencies_ns: Vec<u32>,
    /// Failed checks, I/O errors and timeouts on this connection.
    pub errors: u64,
}

/// What reading a batch of replies led to.
pub enum Progress {
    /// Queue this many new requests (may be 0: wait for more bytes).
    Continue(usize),
    /// The window is over and nothing is in flight: the connection is done.
    Done,
}

/// The connection cannot go on (its seqids are out of step).
#[derive(Debug)]
pub struct Broken;

impl Driver {
    /// A driver for one connection; `first_seqid` keeps seqids distinct across connections.
    pub fn new(calls: Arc<Calls>, clock: Clock, first_seqid: i32) -> Driver {
        Driver {
            calls,
            clock,
            next_seqid: first_seqid,
            in_flight: Vec::with_capacity(64),
            read_buf: vec![0; 16 * 1024],
            read_start: 0,
            read_end: 0,
            write_buf: Vec::with_capacity(4096),
            scratch: Vec::with_capacity(2048),
            latencies_ns: Vec::new(),
            errors: 0,
        }
    }

    /// The measured-window boundaries.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Whether calls are still outstanding.
    pub fn has_in_flight(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// Queues `count` new requests sent at `now`.
    pub fn queue(&mut self, count: usize, now: Instant) {
        for _ in 0..count {
            let seqid = self.next_seqid;
            self.next_seqid = self.next_seqid.wrapping_add(1);
            self.calls
                .request
                .append_with_seqid(seqid, &mut self.write_buf);
            self.in_flight.push((seqid, now));
        }
    }

    /// Free space to read into (at least 8 KiB).
    pub fn read_space(&mut self) -> &mut [u8] {
        if self.read_buf.len() - self.read_end < 8 * 1024 {
            self.read_buf.copy_within(self.read_start..self.read_end, 0);
            self.read_end -= self.read_start;
            self.read_start = 0;
            if self.read_buf.len() - self.read_end < 8 * 1024 {
                let grown = self.read_buf.len() * 2;
                self.read_buf.resize(grown, 0);
            }
        }
        &mut self.read_buf[self.read_end..]
    }

    /// Records that `count` bytes were read into [`Driver::read_space`].
    pub fn filled(&mut self, count: usize) {
        self.read_end += count;
    }

    /// Handles every complete reply in the read buffer, completed at `now`.
    pub fn take_replies(&mut self, now: Instant) -> Result<Progress, Broken> {
        let mut completed = 0;
        loop {
            let buffered = &self.read_buf[self.read_start..self.read_end];
            if buffered.len() < 4 {
                break;
            }
            let len =
                u32::from_be_bytes([buffered[0], buffered[1], buffered[2], buffered[3]]) as usize;
            if buffered.len() - 4 < len {
                // Make sure the whole frame fits once read.
                if self.read_buf.len() - self.read_start < 4 + len + 8 * 1024 {
                    self.read_buf.copy_within(self.read_start..self.read_end, 0);
                    self.read_end -= self.read_start;
                    self.read_start = 0;
                    self.read_buf
                        .resize((4 + len + 16 * 1024).max(self.read_buf.len()), 0);
                }
                break;
            }
            let body = &self.read_buf[self.read_start + 4..self.read_start + 4 + len];
            self.read_start += 4 + len;
            let seqid = match self.calls.expected.check(body, &mut self.scratch) {
                Ok(seqid) => Some(seqid),
                Err(error) => {
                    self.errors += 1;
                    use loadbench_wire::CheckError as E;
                    match error {
                        E::Exception(seqid) | E::WrongMethod(seqid) | E::WrongPayload(seqid) => {
                            self.complete(seqid, now, false)?;
                            completed += 1;
                            None
                        }
                        _ => return Err(Broken),
                    }
                }
            };
            if let Some(seqid) = seqid {
                self.complete(seqid, now, true)?;
                completed += 1;
            }
        }
        if self.read_start == self.read_end {
            self.read_start = 0;
            self.read_end = 0;
        }
        if now >= self.clock.end {
            return Ok(if self.in_flight.is_empty() {
                Progress::Done
            } else {
                Progress::Continue(0)
            });
        }
        Ok(Progress::Continue(completed))
    }

    fn complete(&mut self, seqid: i32, now: Instant, ok: bool) -> Result<(), Broken> {
        let Some(index) = self.in_flight.iter().position(|&(s, _)| s == seqid) else {
            self.errors += 1;
            return Err(Broken);
        };
        let (_, sent) = self.in_flight.swap_remove(index);
        if ok && now >= self.clock.warm_end && now < self.clock.end {
            let nanos = now.saturating_duration_since(sent).as_nanos();
            self.latencies_ns
                .push(u32::try_from(nanos).unwrap_or(u32::MAX));
        }
        Ok(())
    }
}

/// How long one read may wait before the call counts as failed.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
