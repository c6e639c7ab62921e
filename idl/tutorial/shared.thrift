/*
 * shared.thrift - a small file included by calculator.thrift (tutorial style).
 */

namespace rs trift.tutorial.shared
namespace py tutorial_shared
namespace java org.trift.tutorial.shared
namespace cpp trift.tutorial.shared

/** A key/value pair returned by the shared service. */
struct SharedStruct {
  1: i32 key
  2: string value
}

/** A base service that every tutorial service extends. */
service SharedService {
  /** Look up a previously logged entry. */
  SharedStruct getStruct(1: i32 key)
}
