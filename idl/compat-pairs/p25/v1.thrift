// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p25.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  10: optional map<double, set<i16>> f10,
  4: optional map<i64, binary> f4,
  1: set<binary> f1,
  6: optional list<map<i64, i16>> f6,
}
