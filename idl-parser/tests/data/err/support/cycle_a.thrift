# support file for 35-include-cycle: cycle_a -> cycle_b -> cycle_a.
include "cycle_b.thrift"

struct A {
  1: i32 x
}
