//! Fuzzes the IDL front end: parse, resolve, render every diagnostic, dump the
//! model and compare the contract with itself (oracle: `idl.rs`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use trift_fuzz::idl::check_idl;

fuzz_target!(|data: &[u8]| check_idl(data));
