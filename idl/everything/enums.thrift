// enums.thrift - enums with implicit, explicit, hex and negative values, values continuing
// after an explicit one, annotations on members and on the enum, doc comments on both,
// and every separator style (',', ';', none).

namespace rs trift.everything.enums
namespace py everything.enums

/** Implicit values: A = 0, B = 1, C = 2. */
enum Implicit {
  A,
  B,
  C
}

/** Explicit values, not in order and with a gap. */
enum Explicit {
  TEN = 10,
  ONE = 1,
  HUNDRED = 100,
}

/** Hex values (case-insensitive digits after a lowercase `0x`). */
enum Hex {
  LOW = 0x01
  HIGH = 0xFF
  MIXED = 0xaB0
}

/** Negative values and the i32 extremes. */
enum Signed {
  MIN = -2147483648,
  MINUS_ONE = -1;
  ZERO = 0;
  MAX = 2147483647
}

/** Implicit values continue from the previous explicit one: B2 = 6, C2 = 7. */
enum Continue {
  A2 = 5,
  B2,
  C2,
  D2 = -3,
  E2
}

/** Annotations on members and on the enum itself. */
enum Annotated {
  /** a documented member */
  FIRST = 1 (trift.rename = "First", deprecated),
  SECOND (display = 'second one');
  THIRD = 3 (a = "b", c)
} (trift.repr = "i32", bare)

/** A single member, no separator. */
enum Single { ONLY }

/** An empty enum is legal. */
enum Empty {}

struct UsesEnums {
  1: Implicit implicit = Implicit.B
  2: Signed signed_value = Signed.MINUS_ONE
  3: list<Hex> hexes = [Hex.LOW, Hex.HIGH]
  4: map<Explicit, Annotated> mapping
  5: set<Continue> seen
}

const Signed SIGNED_MIN = Signed.MIN
