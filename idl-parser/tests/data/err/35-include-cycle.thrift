# reference: no cycle check in 0.17 or 0.25 (unbounded include recursion); 0.17 crashes with SIGSEGV (exit 139). trift: include cycle error
include "support/cycle_a.thrift"

struct S {
  1: cycle_a.A a
}
