/*
 * consts.thrift - a constant of every kind:
 * ints (decimal, hex, negative, explicit '+'), doubles (fraction, exponent, leading dot,
 * int written for a double), strings in both quote styles with every escape, bool true/false,
 * enum values (qualified `E.V`, and an int naming a member), lists, sets, maps, nested containers, struct literals,
 * typedef'd constant types, and both ',' and ';' separators (or none).
 */

namespace rs trift.everything.consts
namespace py everything.consts

enum Color {
  RED = 1,
  GREEN = 2,
  BLUE = 4
}

struct Point {
  1: i32 x
  2: i32 y
  3: optional string label
}

struct Segment {
  1: Point from_point
  2: Point to_point
  3: list<Point> waypoints
  4: Color color
}

typedef i32 Count
typedef map<string, list<i32>> Index

// ---- integers -------------------------------------------------------------
const i8 SMALL = 127
const i8 SMALL_NEG = -128
const byte LEGACY_BYTE = 7
const i16 SHORT = -32768
const i32 INT = 2147483647
const i32 INT_NEG = -2147483648
const i32 INT_PLUS = +42
const i64 LONG = 9223372036854775807
const i64 LONG_NEG = -9223372036854775808
const i32 HEX = 0x7fFFffFF
const i32 HEX_SMALL = 0x0a
const i64 HEX_NEG = -0x10
const Count TYPEDEF_COUNT = 3

// ---- doubles ----------------------------------------------------------------
const double PI = 3.14159
const double AVOGADRO = 6.022e23
const double PLANCK = 6.62607015E-34
const double NEG_EXP = -1.5E-3
const double LEADING_DOT = .5
const double EXP_ONLY = 1e10
const double EXP_PLUS = 2.5e+2
const double FROM_INT = 42
const double NEG_FROM_INT = -7

// ---- strings ------------------------------------------------------------
const string DOUBLE_QUOTED = "double quoted"
const string SINGLE_QUOTED = 'single quoted'
const string EMPTY = ""
const string ESCAPES = "newline\n return\r tab\t dquote\" squote\' backslash\\ end"
const string SINGLE_ESCAPES = 'it\'s "fine" \\ \t\n'
const string OTHER_QUOTE_INSIDE = 'a "double" inside single'
const string UTF8 = "grüße, 日本語"
const binary BINARY_CONST = "bytes as a string literal"

// ---- bools --------------------------------------------------------------
const bool YES = true
const bool NO = false
const bool ONE_IS_TRUE = 1

// ---- enums --------------------------------------------------------------
const Color FAVOURITE = Color.GREEN
const Color FROM_INT_VALUE = 4

// ---- containers --------------------------------------------------------
const list<i32> PRIMES = [2, 3, 5, 7, 11]
const list<string> WORDS = ["a", 'b'; "c"]
const list<i32> NO_SEPARATORS = [1 2 3]
const list<i32> EMPTY_LIST = []
const set<string> TAGS = ["red", "green"]
const set<Color> COLOR_SET = [Color.RED, Color.BLUE]
const map<string, i32> AGES = {"alice": 30, "bob": 25}
const map<i32, string> BY_ID = {1: "one"; 2: "two",}
const map<string, string> EMPTY_MAP = {}
const map<Color, double> WEIGHTS = {Color.RED: 1.0, Color.GREEN: 0.5e1}
const list<list<i32>> MATRIX = [[1, 0], [0, 1]]
const map<string, list<set<i32>>> NESTED = {"x": [[1, 2], [3]], "y": []}
const map<list<i32>, map<string, bool>> CONTAINER_KEYS = {[1, 2]: {"ok": true}}
const Index TYPEDEF_CONTAINER = {"evens": [2, 4, 6]}

// ---- struct literals -------------------------------------------------
const Point ORIGIN = {"x": 0, "y": 0}
const Point LABELED = {'x': 1, 'y': -1, 'label': "unit"}
const Segment DIAGONAL = {
  "from_point": {"x": 0, "y": 0},
  "to_point": {"x": 10, "y": 10},
  "waypoints": [{"x": 5, "y": 5}],
  "color": Color.BLUE,
}
const list<Point> CORNERS = [{"x": 0, "y": 0}, {"x": 1, "y": 1}]
const map<string, Point> NAMED_POINTS = {"origin": {"x": 0, "y": 0}}

// ---- separators ------------------------------------------------------
const i32 WITH_COMMA = 1,
const i32 WITH_SEMICOLON = 2;
const i32 WITHOUT_SEPARATOR = 3

// ---- a constant referring to another constant -------------------------
const i32 ALIAS_OF_INT = INT
