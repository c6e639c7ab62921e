# reference: accepted
# support file for ../include.thrift and ../service_extends_included.thrift
struct Shared {
  1: i32 id
}

enum Level {
  LOW
  HIGH
}

const i32 LIMIT = 10

service Base {
  void ping()
}
