// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p60.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  3: optional map<i32, set<i64>> f3,
  7: optional map<double, i64> f7,
  1: required set<bool> f1,
  10: i32 f10,
  6: optional set<i64> f6,
  9: list<bool> f9,
}
