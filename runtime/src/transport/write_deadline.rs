//! A write timeout for a byte stream: a write that cannot make progress for
//! the timeout (the peer stopped reading and every buffer between is full)
//! fails with [`io::ErrorKind::TimedOut`], so a client that sends requests
//! but never reads the answers cannot hold a server connection forever.
//!
//! The raw Thrift connection keeps its own stall timer; this wraps the
//! streams handed to hyper, which has none.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// `inner`, whose writes fail once they have waited `timeout` without
/// progress.
#[derive(Debug)]
pub(crate) struct WriteDeadline<T> {
    inner: T,
    timeout: Duration,
    /// Armed when a write first waits; disarmed by any write that makes
    /// progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<T> WriteDeadline<T> {
    /// `inner` with a write timeout of `timeout` (`Duration::MAX` and other
    /// timeouts too large to add to the clock never fire).
    pub(crate) fn new(inner: T, timeout: Duration) -> Self {
        WriteDeadline {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// Called when a write returned `Pending`: arms the timer on the first
    /// wait and fails the write once it fires.
    fn wait<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        if self.stalled.is_none() {
            let Some(deadline) = Instant::now().checked_add(self.timeout) else {
                return Poll::Pending;
            };
            self.stalled = Some(Box::pin(tokio::time::sleep_until(deadline)));
        }
        match self.stalled.as_mut().map(|timer| timer.as_mut().poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "write timeout: the peer took nothing for {:?}",
                    self.timeout
                ),
            ))),
            _ => Poll::Pending,
        }
    }

    /// Passes a write's outcome on, tracking whether it waited.
    fn track<R>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<R>>,
    ) -> Poll<io::Result<R>> {
        match polled {
            Poll::Pending => self.wait(cx),
            done => {
                self.stalled = None;
                done
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for WriteDeadline<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.track(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.track(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.track(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.track(cx, polled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(start_paused = true)]
    async fn a_write_the_peer_never_takes_times_out() {
        let (ours, _theirs) = tokio::io::duplex(16);
        let mut stream = WriteDeadline::new(ours, Duration::from_secs(2));
        let started = Instant::now();
        let err = stream.write_all(&[7; 64]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        let waited = started.elapsed();
        assert!(waited >= Duration::from_secs(2), "{waited:?}");
        assert!(waited < Duration::from_secs(3), "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_reader_that_keeps_taking_bytes_is_not_cut_off() {
        let (ours, mut theirs) = tokio::io::duplex(16);
        let mut stream = WriteDeadline::new(ours, Duration::from_secs(2));
        let reader = tokio::spawn(async move {
            let mut taken = Vec::new();
            let mut chunk = [0; 16];
            // One chunk a second: slower than the data comes, never idle
            // for the whole timeout.
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                match theirs.read(&mut chunk).await.unwrap() {
                    0 => return taken,
                    n => taken.extend_from_slice(&chunk[..n]),
                }
            }
        });
        let sent: Vec<u8> = (0..=255).collect();
        stream.write_all(&sent).await.unwrap();
        stream.shutdown().await.unwrap();
        drop(stream);
        assert_eq!(reader.await.unwrap(), sent);
    }

    #[tokio::test(start_paused = true)]
    async fn an_unbounded_timeout_never_fires() {
        let (ours, _theirs) = tokio::io::duplex(16);
        let mut stream = WriteDeadline::new(ours, Duration::MAX);
        let write = stream.write_all(&[7; 64]);
        assert!(
            tokio::time::timeout(Duration::from_secs(3600), write)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn reads_pass_through() {
        let (ours, mut theirs) = tokio::io::duplex(64);
        let mut stream = WriteDeadline::new(ours, Duration::from_secs(2));
        theirs.write_all(b"hello").await.unwrap();
        let mut got = [0; 5];
        stream.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"hello");
    }
}
