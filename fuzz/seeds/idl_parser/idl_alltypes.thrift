// alltypes.thrift - every type the interop test sends between trift and Apache's Python
// library (stubs from Debian's thrift 0.17, so no uuid): every base type, nested containers,
// enums, unions, exceptions, typedefs, defaults, optional and required fields, recursion.

namespace rs trift.alltypes
namespace py alltypes

/** A colour, with a gap in its values. */
enum Color {
  RED = 1,
  GREEN = 2,
  BLUE = 4,
}

typedef i64 Timestamp
typedef list<string> Tags

/** A small struct used as a key, element and nested value. */
struct Point {
  1: i32 x
  2: i32 y
}

/** One of several shapes. */
union Shape {
  1: Point dot
  2: list<Point> polygon
  3: double radius
  4: string label
}

/** Every base type, with defaults. */
struct Scalars {
  1: bool flag = true
  2: i8 tiny = -8
  3: i16 small = 300
  4: i32 medium = -70000
  5: i64 large = 2000000000
  6: double ratio = 0.25
  7: string text = "héllo"
  8: binary blob
  9: Color color = Color.GREEN
  10: Timestamp at
}

/** Containers of every kind, nested. */
struct Containers {
  1: list<i64> ids
  2: set<string> names
  3: map<string, i32> counts
  4: list<list<i32>> matrix
  5: map<Color, list<Point>> by_color
  6: set<Color> colors
  7: map<i32, map<string, double>> nested_maps
  8: list<Shape> shapes
  9: Tags tags
  10: list<binary> blobs
  11: map<string, Point> points
  12: set<i64> id_set
}

/** A recursive tree. */
struct Node {
  1: string name
  2: list<Node> children
  3: optional Node next
}

/** The top-level value the interop test sends. */
struct AllTypes {
  1: required i64 id
  2: Scalars scalars
  3: Containers containers
  4: optional string note
  5: optional Shape shape
  6: Node tree
  7: optional list<Color> history
  8: required string name = "unnamed"
}

/** An exception with a message and a code. */
exception Failure {
  1: string message
  2: i32 code = 500
}
