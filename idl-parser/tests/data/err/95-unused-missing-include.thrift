# reference: accepted with warning (Could not find include file does_not_exist.thrift) - trift-stricter case: a missing include is an error (issue requirement 4)
include "does_not_exist.thrift"

struct S {
  1: i32 a
}
