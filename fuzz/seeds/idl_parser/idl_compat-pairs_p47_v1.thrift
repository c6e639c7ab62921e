// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p47.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  2: required list<Color> f2,
  4: optional map<i8, Color> f4,
  3: required map<binary, double> f3,
  9: required map<bool, binary> f9,
  1: optional map<bool, bool> f1,
}
