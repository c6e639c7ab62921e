// Frozen sample of tests/tests/support/pairs.rs; regenerate with
// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated

namespace rs compat_pairs.p24.v1

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Inner {
  1: i32 a,
  2: optional string b,
}

struct S {
  7: optional map<bool, list<i32>> f7,
  9: optional set<i64> f9,
  10: optional set<bool> f10,
  5: required list<map<string, i8>> f5,
}
