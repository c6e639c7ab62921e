//! Shared test support: a generic value tree and strategies generating it,
//! and a per-protocol adapter so that every test runs against each protocol
//! from one line per protocol.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code, unreachable_pub)]
// Helpers outside `#[test]` functions unwrap too; clippy.toml only exempts
// the test functions themselves.
#![allow(clippy::unwrap_used)]

pub mod protocols;
pub mod strategies;
pub mod value;

/// Expands to one module per protocol, each holding a `#[test]` per listed
/// generic test function `fn name<P: TestProtocol>()`.
///
/// ```ignore
/// for_each_protocol!(Binary => binary, Compact => compact; [roundtrip, skip_matches]);
/// ```
#[macro_export]
macro_rules! for_each_protocol {
    ($($proto:ident => $module:ident),+ ; $tests:tt) => {
        $( $crate::for_each_protocol!(@module $proto $module $tests); )+
    };
    (@module $proto:ident $module:ident [$($test:ident),+ $(,)?]) => {
        mod $module {
            $(
                #[test]
                fn $test() {
                    super::$test::<$crate::support::protocols::$proto>();
                }
            )+
        }
    };
}
