// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p55.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  5: optional map<double, map<binary, bool>> f5,
  8: required map<i64, list<Inner>> f8,
  10: list<i8> f10,
  2: optional map<i64, map<double, double>> f2,
  3: required list<i32> f3,
}
