// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p44.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  2: optional set<double> f2,
  9: required set<i32> f9,
  3: set<bool> f3,
  6: map<i64, i32> f6,
}
