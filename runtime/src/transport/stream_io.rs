//! The read buffer and the write loop of every byte-stream connection
//! driver, client and server alike, over any `AsyncRead + AsyncWrite`
//! stream (TCP today; TLS and unix sockets plug in the same way).
//!
//! Reads go into a [`ReadBuffer`] whose read size adapts to the traffic:
//! 4 KiB for single calls, doubling up to 64 KiB while reads keep filling
//! it (a peer with many messages in flight), halving again after small
//! reads. Outgoing messages are encoded into one [`WriteBuffer`] and leave
//! with as few `write` calls as the stream allows: length prefix and body
//! together, many messages per write. Both give back memory that one large
//! message needed once they are empty.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncWrite};

/// Initial read size: enough for typical calls, small per idle connection.
pub(crate) const INITIAL_READ_CAPACITY: usize = 4 * 1024;
/// Read into at least this much spare capacity.
const MIN_READ_SPACE: usize = 2 * 1024;
/// The largest read size the adaptive strategy grows to: a peer with many
/// messages in flight gets them read in batches this large (one `recv` per
/// batch).
pub(crate) const MAX_READ_CHUNK: usize = 64 * 1024;
/// A write buffer above this size is released once empty, so one large
/// message does not pin its memory to an idle connection.
const RETAINED_BUFFER: usize = 256 * 1024;

/// Received bytes not yet taken as messages, read with an adaptive size.
#[derive(Debug)]
pub(crate) struct ReadBuffer {
    bytes: BytesMut,
    /// How much spare capacity to read into: doubled (up to
    /// [`MAX_READ_CHUNK`]) when a read fills it, halved after reads that
    /// use less than a quarter of it.
    chunk: usize,
}

impl Default for ReadBuffer {
    fn default() -> Self {
        ReadBuffer {
            bytes: BytesMut::with_capacity(INITIAL_READ_CAPACITY),
            chunk: INITIAL_READ_CAPACITY,
        }
    }
}

impl ReadBuffer {
    /// The buffered bytes, for a message decoder to take messages from.
    #[inline]
    pub(crate) fn bytes_mut(&mut self) -> &mut BytesMut {
        &mut self.bytes
    }

    /// The buffered bytes.
    #[inline]
    pub(crate) fn bytes(&self) -> &BytesMut {
        &self.bytes
    }

    /// Nothing is buffered.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Gives the buffered bytes away (to replay them to another driver).
    pub(crate) fn into_bytes(self) -> BytesMut {
        self.bytes
    }

    /// Reads once from `stream`. `Ok(0)` means the peer closed its side.
    pub(crate) fn poll_read_from<R: AsyncRead + Unpin>(
        &mut self,
        stream: &mut R,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<usize>> {
        // Give back what a burst or one large message needed.
        if self.bytes.is_empty() && self.bytes.capacity() > 2 * self.chunk {
            self.bytes = BytesMut::with_capacity(self.chunk);
        }
        if self.bytes.capacity() - self.bytes.len() < MIN_READ_SPACE.max(self.chunk / 2) {
            let grow = self.bytes.len().max(self.chunk);
            self.bytes.reserve(grow);
        }
        let space = self.bytes.capacity() - self.bytes.len();
        let polled = tokio_util::io::poll_read_buf(Pin::new(stream), cx, &mut self.bytes);
        if let Poll::Ready(Ok(read)) = polled
            && read > 0
        {
            self.chunk = next_read_chunk(self.chunk, read, space);
        }
        polled
    }
}

/// Adapts the read size to the traffic: a read that filled all the space it
/// had says more was waiting, so the next reads get twice the space (up to
/// [`MAX_READ_CHUNK`]); a read that used less than a quarter of the read size
/// halves it (down to [`INITIAL_READ_CAPACITY`]), so a connection back to
/// single calls lets its large buffer go.
fn next_read_chunk(chunk: usize, read: usize, space: usize) -> usize {
    if read >= space {
        (chunk * 2).min(MAX_READ_CHUNK)
    } else if read < chunk / 4 {
        (chunk / 2).max(INITIAL_READ_CAPACITY)
    } else {
        chunk
    }
}

/// Encoded messages waiting to be written, and how far writing got.
#[derive(Debug, Default)]
pub(crate) struct WriteBuffer {
    bytes: Vec<u8>,
    /// Bytes of `bytes` already written.
    written: usize,
    /// Everything was written but the stream's flush has not finished (only
    /// streams that buffer, such as [`super::zlib::ZlibStream`], take time).
    unflushed: bool,
}

/// What one [`WriteBuffer::poll_write_to`] achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    /// Some bytes were written.
    pub(crate) progress: bool,
    /// Everything buffered was written (and the buffer emptied) by this
    /// call.
    pub(crate) drained: bool,
}

impl WriteBuffer {
    /// The buffer to encode the next messages into (appending).
    #[inline]
    pub(crate) fn buf_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Bytes encoded but not written yet.
    #[inline]
    pub(crate) fn unwritten(&self) -> usize {
        self.bytes.len() - self.written
    }

    /// Nothing is waiting to be written or flushed.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty() && !self.unflushed
    }

    /// Writes buffered bytes until the stream stops taking them or none are
    /// left, then flushes the stream (a no-op for sockets).
    pub(crate) fn poll_write_to<W: AsyncWrite + Unpin>(
        &mut self,
        stream: &mut W,
        cx: &mut Context<'_>,
    ) -> io::Result<Written> {
        let mut progress = false;
        while let Some(pending) = self
            .bytes
            .get(self.written..)
            .filter(|rest| !rest.is_empty())
        {
            match Pin::new(&mut *stream).poll_write(cx, pending) {
                Poll::Ready(Ok(0)) => return Err(io::ErrorKind::WriteZero.into()),
                Poll::Ready(Ok(n)) => {
                    self.written += n;
                    progress = true;
                }
                Poll::Ready(Err(err)) => return Err(err),
                Poll::Pending => break,
            }
        }
        let all_written = self.written == self.bytes.len();
        if all_written && (progress || self.unflushed) {
            match Pin::new(&mut *stream).poll_flush(cx) {
                Poll::Ready(Ok(())) => self.unflushed = false,
                Poll::Ready(Err(err)) => return Err(err),
                Poll::Pending => self.unflushed = true,
            }
        }
        let drained = progress && all_written;
        if drained {
            self.bytes.clear();
            self.written = 0;
            // Give back what one large message needed; keep the usual size.
            if self.bytes.capacity() > RETAINED_BUFFER {
                self.bytes = Vec::new();
            }
        }
        Ok(Written { progress, drained })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_size_doubles_on_full_reads_up_to_the_maximum() {
        let mut chunk = INITIAL_READ_CAPACITY;
        let mut sizes = Vec::new();
        for _ in 0..8 {
            chunk = next_read_chunk(chunk, chunk, chunk);
            sizes.push(chunk);
        }
        assert_eq!(sizes[0], 2 * INITIAL_READ_CAPACITY);
        assert_eq!(sizes[1], 4 * INITIAL_READ_CAPACITY);
        assert_eq!(*sizes.last().unwrap(), MAX_READ_CHUNK);
    }

    #[test]
    fn read_size_shrinks_after_small_reads_down_to_the_initial_size() {
        let mut chunk = MAX_READ_CHUNK;
        // A read of a quarter or more keeps the size.
        assert_eq!(next_read_chunk(chunk, chunk / 4, chunk), chunk);
        for _ in 0..10 {
            chunk = next_read_chunk(chunk, 100, chunk);
        }
        assert_eq!(chunk, INITIAL_READ_CAPACITY);
    }

    #[tokio::test]
    async fn writes_everything_then_empties_the_buffer() {
        let (mut near, mut far) = tokio::io::duplex(8);
        let mut buffer = WriteBuffer::default();
        buffer.buf_mut().extend_from_slice(b"0123456789abcdef");
        let written = std::future::poll_fn(|cx| Poll::Ready(buffer.poll_write_to(&mut near, cx)))
            .await
            .unwrap();
        // The duplex takes 8 bytes, then is full.
        assert_eq!(
            written,
            Written {
                progress: true,
                drained: false
            }
        );
        assert_eq!(buffer.unwritten(), 8);
        let mut first = [0; 8];
        tokio::io::AsyncReadExt::read_exact(&mut far, &mut first)
            .await
            .unwrap();
        let written = std::future::poll_fn(|cx| Poll::Ready(buffer.poll_write_to(&mut near, cx)))
            .await
            .unwrap();
        assert!(written.drained);
        assert!(buffer.is_empty());
    }
}
