include "../include_cycle.thrift"
struct B {}
