include "include_self.thrift"
struct A {}
