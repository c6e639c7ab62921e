// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p16.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  5: required map<i32, map<bool, bool>> f5,
  7: required list<double> f7,
  1: set<binary> f1,
  2: required map<bool, string> f2,
  3: optional list<i64> f3,
}
