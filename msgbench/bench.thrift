// The benchmark's one message: a oneway call carrying when it was sent
// (nanoseconds since the run's start) and a payload of the cell's size.
namespace rs msgbench

service Sink {
  oneway void put(1: i64 sentNanos, 2: binary payload),
}
