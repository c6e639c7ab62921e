// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p46.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  1: required i16 f1,
  7: set<i64> f7,
  6: optional list<i64> f6,
  2: list<Inner> f2,
  4: required list<set<i64>> f4,
}
