# reference: accepted
include "support/included.thrift"

struct UsesIncluded {
  1: included.Shared shared
  2: included.Level level = included.Level.HIGH
  3: i32 limit = included.LIMIT
}
