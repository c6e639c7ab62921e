# reference: 0.25 and 0.17: warning 'Could not find include file support/does_not_exist.thrift', then: Type "does_not_exist.T" not defined
include "support/does_not_exist.thrift"

struct S {
  1: does_not_exist.T t
}
