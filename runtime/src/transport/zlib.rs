//! TZlibTransport: a zlib (RFC 1950) stream in each direction of a byte
//! stream, as Apache's `TZlibTransport` writes it: one compressor and one
//! decompressor per connection, the stream never finished, and every write
//! sync-flushed so the peer can decode it at once.
//!
//! [`ZlibStream`] wraps any `AsyncRead + AsyncWrite` stream, so both generic
//! drivers speak zlib without knowing it, and the framing above it (framed,
//! unframed, THeader) is unchanged. Reads inflate only as many bytes as the
//! caller's buffer holds, so the message limits the drivers apply to what
//! they buffer also bound what a zip bomb can make the server inflate.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Compressed bytes read from the inner stream per read.
const RAW_CHUNK: usize = 16 * 1024;

/// A byte stream whose bytes travel zlib-compressed over `IO`.
#[derive(Debug)]
pub(crate) struct ZlibStream<IO> {
    inner: IO,
    inflate: Decompress,
    deflate: Compress,
    /// Compressed input: `raw[raw_start..raw_end]` is not inflated yet.
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    /// The inner stream ended (or the zlib stream did).
    read_done: bool,
    /// Compressed output: `out[out_written..]` is not written yet.
    out: Vec<u8>,
    out_written: usize,
}

impl<IO> ZlibStream<IO> {
    /// Wraps `inner`; compression level 6 (zlib's default) for writes.
    pub(crate) fn new(inner: IO) -> Self {
        ZlibStream {
            inner,
            inflate: Decompress::new(true),
            deflate: Compress::new(Compression::default(), true),
            raw: vec![0; RAW_CHUNK],
            raw_start: 0,
            raw_end: 0,
            read_done: false,
            out: Vec::new(),
            out_written: 0,
        }
    }
}

fn invalid(err: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("zlib: {err}"))
}

/// The bytes `before..after` of a running zlib total, as a buffer offset.
fn delta(before: u64, after: u64) -> usize {
    usize::try_from(after.saturating_sub(before)).unwrap_or(usize::MAX)
}

impl<IO: AsyncRead + Unpin> AsyncRead for ZlibStream<IO> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            // Also with no input left: inflate may hold output that did not
            // fit the caller's buffer last time.
            {
                let (in_before, out_before) = (this.inflate.total_in(), this.inflate.total_out());
                let input = this
                    .raw
                    .get(this.raw_start..this.raw_end)
                    .unwrap_or_default();
                let status = this
                    .inflate
                    .decompress(input, buf.initialize_unfilled(), FlushDecompress::None)
                    .map_err(invalid)?;
                this.raw_start += delta(in_before, this.inflate.total_in());
                let produced = delta(out_before, this.inflate.total_out());
                buf.advance(produced);
                if status == Status::StreamEnd {
                    this.read_done = true;
                }
                if produced > 0 || this.read_done {
                    return Poll::Ready(Ok(()));
                }
            }
            if this.read_done {
                return Poll::Ready(Ok(()));
            }
            // Keep the unread tail at the front, then read more after it.
            this.raw.copy_within(this.raw_start..this.raw_end, 0);
            this.raw_end -= this.raw_start;
            this.raw_start = 0;
            let Some(free) = this.raw.get_mut(this.raw_end..).filter(|f| !f.is_empty()) else {
                // A full buffer that inflates to nothing is not zlib.
                return Poll::Ready(Err(invalid("no output from a full input buffer")));
            };
            let mut raw_buf = ReadBuf::new(free);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut raw_buf))?;
            let read = raw_buf.filled().len();
            if read == 0 {
                this.read_done = true;
            }
            this.raw_end += read;
        }
    }
}

impl<IO: AsyncWrite + Unpin> ZlibStream<IO> {
    /// Writes compressed output until none is left or the stream is full.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(pending) = self
            .out
            .get(self.out_written..)
            .filter(|rest| !rest.is_empty())
        {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, pending))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.out_written += n;
        }
        self.out.clear();
        self.out_written = 0;
        Poll::Ready(Ok(()))
    }

    /// Compresses all of `data` into `out`, sync-flushed.
    fn compress(&mut self, data: &[u8]) -> io::Result<()> {
        let mut consumed = 0;
        loop {
            self.out.reserve(data.len() / 2 + 64);
            let before = self.deflate.total_in();
            let input = data.get(consumed..).unwrap_or_default();
            self.deflate
                .compress_vec(input, &mut self.out, FlushCompress::Sync)
                .map_err(invalid)?;
            consumed += delta(before, self.deflate.total_in());
            // The flush is complete once the output did not fill the room.
            if consumed >= data.len() && self.out.len() < self.out.capacity() {
                return Ok(());
            }
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for ZlibStream<IO> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // Earlier output first, so what is buffered here stays bounded.
        ready!(this.poll_drain(cx))?;
        if data.is_empty() {
            return Poll::Ready(Ok(0));
        }
        this.compress(data)?;
        // Whatever the stream does not take now goes out on the next write
        // or flush (the drivers flush once their buffer is written).
        match this.poll_drain(cx) {
            Poll::Ready(Err(err)) => Poll::Ready(Err(err)),
            _ => Poll::Ready(Ok(data.len())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn each_write_is_readable_at_once_both_ways() {
        let (near, far) = tokio::io::duplex(64);
        let (mut near, mut far) = (ZlibStream::new(near), ZlibStream::new(far));
        for round in 0..3u8 {
            let message = vec![round; 1000 + usize::from(round)];
            near.write_all(&message).await.unwrap();
            near.flush().await.unwrap();
            let mut got = vec![0; message.len()];
            far.read_exact(&mut got).await.unwrap();
            assert_eq!(got, message);
            far.write_all(b"reply").await.unwrap();
            far.flush().await.unwrap();
            let mut reply = [0; 5];
            near.read_exact(&mut reply).await.unwrap();
            assert_eq!(&reply, b"reply");
        }
    }

    #[tokio::test]
    async fn the_wire_is_one_zlib_stream() {
        let (near, mut far) = tokio::io::duplex(1 << 16);
        let mut near = ZlibStream::new(near);
        near.write_all(b"hello ").await.unwrap();
        near.write_all(b"world").await.unwrap();
        near.flush().await.unwrap();
        drop(near);
        let mut wire = Vec::new();
        far.read_to_end(&mut wire).await.unwrap();
        // A synchronous zlib decoder reads the unfinished stream's data.
        let mut decoded = Vec::new();
        let mut decoder = flate2::read::ZlibDecoder::new(&wire[..]);
        let mut chunk = [0; 64];
        while let Ok(n) = decoder.read(&mut chunk) {
            if n == 0 {
                break;
            }
            decoded.extend_from_slice(&chunk[..n]);
        }
        assert_eq!(decoded, b"hello world");
    }

    #[tokio::test]
    async fn output_larger_than_the_read_buffer_comes_out_in_pieces() {
        let (near, far) = tokio::io::duplex(1 << 16);
        let (mut near, mut far) = (ZlibStream::new(near), ZlibStream::new(far));
        // Compresses to far less than one read of compressed input.
        let message = vec![7u8; 100_000];
        near.write_all(&message).await.unwrap();
        near.flush().await.unwrap();
        let mut got = Vec::new();
        let mut piece = [0u8; 1000];
        while got.len() < message.len() {
            let n = far.read(&mut piece).await.unwrap();
            assert!(n > 0);
            got.extend_from_slice(&piece[..n]);
        }
        assert_eq!(got, message);
    }

    #[tokio::test]
    async fn garbage_is_an_error() {
        let (mut near, far) = tokio::io::duplex(64);
        let mut far = ZlibStream::new(far);
        near.write_all(b"not zlib at all").await.unwrap();
        let mut buf = [0; 16];
        let err = far.read(&mut buf).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
