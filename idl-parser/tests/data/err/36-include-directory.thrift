# reference: input in flex scanner failed
include "support/a_directory.thrift"

struct S {
  1: i32 a
}
