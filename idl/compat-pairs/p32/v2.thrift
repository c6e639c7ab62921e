// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p32.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  7: optional map<string, map<i8, i16>> f7,
  2: set<binary> f2,
  8: required list<set<double>> f8,
  4: optional set<bool> f4,
  5: set<binary> f5,
  9: optional set<double> f9,
  3: map<double, i8> f3,
}
