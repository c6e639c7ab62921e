// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p03.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  2: required list<list<bool>> f2,
  9: map<i16, i64> f9,
  8: required list<map<binary, Color>> f8,
  5: optional list<list<binary>> g5,
}
