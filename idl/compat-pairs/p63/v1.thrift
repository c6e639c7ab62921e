// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p63.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  4: required map<i16, i64> f4,
  7: optional list<bool> f7,
  5: optional map<bool, map<string, Inner>> f5,
  1: set<i16> f1,
}
