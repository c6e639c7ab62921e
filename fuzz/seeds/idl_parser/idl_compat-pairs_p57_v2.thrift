// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p57.v2

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  2: map<i8, map<i8, string>> f2,
  4: map<double, Inner> f4,
  3: list<map<double, bool>> f3,
  7: optional set<bool> g7,
}
