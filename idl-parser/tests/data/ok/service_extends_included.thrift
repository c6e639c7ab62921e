# reference: accepted
include "support/included.thrift"

service Derived extends included.Base {
  void pong()
}
