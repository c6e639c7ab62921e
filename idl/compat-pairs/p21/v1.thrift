// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p21.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  2: set<double> f2,
  4: required list<bool> f4,
  10: set<i32> f10,
  9: optional map<string, map<Color, i32>> f9,
  7: map<bool, double> f7,
}
