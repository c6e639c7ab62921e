//! Fuzzes a client reading any reply to one call, in every framing, protocol
//! and zlib setting: a result or a typed error, never a panic or a hang
//! (oracle: `wire.rs`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use trift_fuzz::wire::check_client_reply;

fuzz_target!(|data: &[u8]| {
    check_client_reply(data);
});
