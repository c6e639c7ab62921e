// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p55.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  5: optional map<double, map<binary, bool>> f5,
  10: list<list<Inner>> f10,
  2: optional list<set<i64>> f2,
  3: required list<i32> f3,
}
