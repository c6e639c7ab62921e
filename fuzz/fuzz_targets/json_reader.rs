//! Feeds each input as one frame to the json protocol reader and runs the
//! shared oracle: message header + generic struct (with skip agreement) and
//! the realistic `Order` struct, each re-encoded and re-decoded.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trift_fuzz::oracle::check_all;
use trift_fuzz::protocols::Json;

fuzz_target!(|data: &[u8]| check_all::<Json>(data));
