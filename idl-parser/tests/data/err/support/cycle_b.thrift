# support file for 35-include-cycle: cycle_b -> cycle_a -> cycle_b.
include "cycle_a.thrift"

struct B {
  1: i32 x
}
