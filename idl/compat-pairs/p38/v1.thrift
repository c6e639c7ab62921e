// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p38.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  1: optional list<i8> f1,
  5: required set<i16> f5,
  8: set<i64> f8,
  2: required map<i32, set<binary>> f2,
  6: map<i64, map<i8, Inner>> f6,
}
