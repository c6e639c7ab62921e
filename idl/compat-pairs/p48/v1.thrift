// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p48.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  8: optional map<Color, list<double>> f8,
  6: required map<binary, Color> f6,
  1: optional set<i16> f1,
  3: set<i64> f3,
  4: required map<double, set<string>> f4,
  10: list<list<Inner>> f10,
}
