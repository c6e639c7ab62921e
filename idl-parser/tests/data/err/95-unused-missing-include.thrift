# reference: accepted with warning: Could not find include file does_not_exist.thrift
include "does_not_exist.thrift"

struct S {
  1: i32 a
}
