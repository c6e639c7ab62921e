//! Fuzzes the server's front (auto-detect, framing, THeader, HTTP, zlib) over a
//! unix socket: answer or close, never panic or hang (oracle: `wire.rs`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use trift_fuzz::wire::check_server_front;

fuzz_target!(|data: &[u8]| {
    check_server_front(data);
});
