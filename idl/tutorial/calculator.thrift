# calculator.thrift - an everyday, tutorial-style service definition.
#
# Exercises: include of a sibling file, typedef, const, enum, struct with
# defaults and optional fields, exception, service extends Included.Service,
# oneway, throws.

include "shared.thrift"

namespace rs trift.tutorial
namespace py tutorial
namespace java org.trift.tutorial
namespace cpp trift.tutorial
namespace go tutorial
namespace * tutorial

typedef i32 MyInteger

const i32 INT32CONSTANT = 9853
const map<string, string> MAPCONSTANT = {'hello': 'world', 'goodnight': 'moon'}

/** The four arithmetic operations the calculator understands. */
enum Operation {
  ADD = 1,
  SUBTRACT = 2,
  MULTIPLY = 3,
  DIVIDE = 4
}

/** One unit of work: apply `op` to `num1` and `num2`. */
struct Work {
  1: i32 num1 = 0,
  2: i32 num2,
  3: Operation op,
  4: optional string comment,
}

/** Raised when an operation cannot be performed. */
exception InvalidOperation {
  1: i32 whatOp,
  2: string why
}

/** The calculator itself. */
service Calculator extends shared.SharedService {

  /** Connectivity check. */
  void ping(),

  i32 add(1: i32 num1, 2: i32 num2),

  i32 calculate(1: i32 logid, 2: Work w) throws (1: InvalidOperation ouch),

  /** Fire and forget: the server does not answer. */
  oneway void zip()
}
