// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p34.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  9: required set<bool> f9,
  10: optional set<double> f10,
  2: required map<i16, map<i64, Inner>> f2,
  4: list<list<Inner>> f4,
  8: required map<i16, Inner> f8,
  1: optional set<binary> f1,
}
