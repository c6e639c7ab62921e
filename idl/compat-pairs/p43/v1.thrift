// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p43.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  8: list<Inner> f8,
  6: required set<bool> f6,
  2: optional set<double> f2,
  10: list<binary> f10,
  3: required set<i64> f3,
  7: optional list<string> f7,
}
