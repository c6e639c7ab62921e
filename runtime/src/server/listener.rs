//! What a server listens on: a TCP socket or, on Unix, a unix domain socket
//! ([`BoundAddress`] says which), and the one `accept` over both.
//!
//! A unix socket is bound at a path. A file left there by a server that died
//! (a "stale" socket nobody accepts on) is removed before binding; a socket
//! some live server still accepts on, or a path that is not a socket, makes
//! the bind fail instead. The socket file gets the permissions the process's
//! umask leaves (typically `srwxr-xr-x`), and connecting needs write
//! permission on it: restrict who may call by the umask, by `chmod` on the
//! path after binding, or by the permissions of the directory holding it.
//! The server removes the file when it stops serving.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
#[cfg(unix)]
use std::path::{Path, PathBuf};

use tokio::net::{TcpListener, TcpSocket, TcpStream, ToSocketAddrs};
#[cfg(unix)]
use tokio::net::{UnixListener, UnixStream};

/// Where a bound server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BoundAddress {
    /// A TCP socket address.
    Tcp(SocketAddr),
    /// A unix domain socket at this path.
    #[cfg(unix)]
    Unix(PathBuf),
}

impl fmt::Display for BoundAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoundAddress::Tcp(addr) => addr.fmt(f),
            #[cfg(unix)]
            BoundAddress::Unix(path) => write!(f, "unix:{}", path.display()),
        }
    }
}

/// The address reported for a peer on a unix socket, which has none.
pub(crate) const UNIX_PEER: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0);

/// A listening socket.
#[derive(Debug)]
pub(crate) enum Listener {
    Tcp(TcpListener),
    #[cfg(unix)]
    Unix(UnixListener, PathBuf),
}

/// An accepted connection.
#[derive(Debug)]
pub(crate) enum Accepted {
    Tcp(TcpStream, SocketAddr),
    #[cfg(unix)]
    Unix(UnixStream),
}

impl Listener {
    /// Where it listens.
    pub(crate) fn address(&self) -> io::Result<BoundAddress> {
        match self {
            Listener::Tcp(listener) => listener.local_addr().map(BoundAddress::Tcp),
            #[cfg(unix)]
            Listener::Unix(_, path) => Ok(BoundAddress::Unix(path.clone())),
        }
    }

    /// The next connection.
    pub(crate) async fn accept(&self) -> io::Result<Accepted> {
        match self {
            Listener::Tcp(listener) => {
                let (stream, peer) = listener.accept().await?;
                Ok(Accepted::Tcp(stream, peer))
            }
            #[cfg(unix)]
            Listener::Unix(listener, _) => {
                let (stream, _) = listener.accept().await?;
                Ok(Accepted::Unix(stream))
            }
        }
    }

    /// Stops listening; a unix socket's file is removed.
    pub(crate) fn close(self) {
        #[cfg(unix)]
        if let Listener::Unix(listener, path) = self {
            drop(listener);
            if let Err(err) = std::fs::remove_file(&path) {
                tracing::debug!(path = %path.display(), error = %err, "could not remove the socket file");
            }
        }
    }
}

/// Binds a TCP listener with `backlog`, to the first of `addr`'s addresses
/// that binds (as `TcpListener::bind` does, which fixes the backlog at
/// 1,024). `SO_REUSEADDR` is set, as tokio sets it, so a restarted server
/// rebinds a port its predecessor's closed connections still hold.
pub(crate) async fn bind_tcp(addr: impl ToSocketAddrs, backlog: u32) -> io::Result<TcpListener> {
    let mut last_error = None;
    for addr in tokio::net::lookup_host(addr).await? {
        let socket = match addr {
            SocketAddr::V4(_) => TcpSocket::new_v4()?,
            SocketAddr::V6(_) => TcpSocket::new_v6()?,
        };
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        match socket.bind(addr).and_then(|()| socket.listen(backlog)) {
            Ok(listener) => return Ok(listener),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "the address resolved to no socket address",
        )
    }))
}

/// Binds a unix socket at `path`, replacing a stale socket file.
#[cfg(unix)]
pub(crate) fn bind_unix(path: &Path) -> io::Result<Listener> {
    use std::os::unix::fs::FileTypeExt;

    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => {
            match std::os::unix::net::UnixStream::connect(path) {
                Ok(_) => {
                    return Err(io::Error::new(
                        io::ErrorKind::AddrInUse,
                        format!("a server already accepts on {}", path.display()),
                    ));
                }
                Err(err) if err.kind() == io::ErrorKind::ConnectionRefused => {
                    tracing::debug!(path = %path.display(), "removing a stale socket file");
                    std::fs::remove_file(path)?;
                }
                Err(err) => return Err(err),
            }
        }
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a socket", path.display()),
            ));
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let listener = UnixListener::bind(path)?;
    Ok(Listener::Unix(listener, path.to_path_buf()))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stale_socket_is_replaced_and_a_live_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sock");
        // A socket file nobody accepts on: bound, then its listener dropped.
        drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
        let live = bind_unix(&path).unwrap();
        assert_eq!(live.address().unwrap(), BoundAddress::Unix(path.clone()));
        let err = bind_unix(&path).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
        live.close();
        assert!(!path.exists());
        std::fs::write(&path, b"not a socket").unwrap();
        assert_eq!(
            bind_unix(&path).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
    }

    #[tokio::test]
    async fn a_tcp_listener_binds_with_its_backlog_and_refuses_a_taken_port() {
        let listener = bind_tcp("127.0.0.1:0", 16).await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Not accepting yet: the kernel completes the handshakes and queues
        // them, up to the backlog.
        let mut queued = Vec::new();
        for _ in 0..8 {
            queued.push(TcpStream::connect(addr).await.unwrap());
        }
        for _ in 0..8 {
            listener.accept().await.unwrap();
        }
        let taken = bind_tcp(addr, 16).await.unwrap_err();
        assert_eq!(taken.kind(), io::ErrorKind::AddrInUse);
    }
}
