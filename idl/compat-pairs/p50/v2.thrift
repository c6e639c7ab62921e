// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p50.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  3: optional set<double> f3,
  4: required list<list<i8>> f4,
  9: list<set<i64>> f9,
  5: optional map<i64, map<i32, binary>> f5,
}
