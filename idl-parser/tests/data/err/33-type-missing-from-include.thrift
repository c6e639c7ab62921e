# reference: Type "lacks_type.Missing" not defined
include "support/lacks_type.thrift"

struct S {
  1: lacks_type.Missing m
}
