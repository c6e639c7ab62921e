/**
 * comments_and_separators.thrift - the program doc comment (first doc comment of the file),
 * all comment styles in odd places, and every optional ',' / ';' separator.
 */

// a line comment
# a unix-style comment
/* a block comment */ /**/ /***/
/* a block comment
   spanning lines, with "quotes" and 'quotes' and // and # inside */

namespace rs trift.everything.comments // trailing line comment
namespace py everything.comments # trailing unix comment

/** doc comment on a const */
const i32 C1 = 1, const i32 C2 = 2; const i32 C3 = 3
const list<i32> L = [1, 2; 3 4,]
const map<i32, i32> M = {1: 2, 3: 4; 5: 6 7: 8,}

typedef i32 T1, typedef i32 T2; typedef i32 T3

/** doc on the enum */
enum E {
  /** doc on a member */ A = 1, B = 2; C = 3 D
}

struct /* comment between keyword and name */ S /* and before the brace */ {
  1: i32 /* inside a field */ a, 2: i32 b; 3: i32 c
  4 : i32 spaced_colon
  5:i32 no_spaces
  # comment between fields
  // another one
  /* and another */
}

struct Trailing { 1: i32 x, }

exception Ex { 1: string m; }

service Svc {
  void a(), void b(); void c()
  void d(1: i32 x, 2: i32 y,) throws (1: Ex e,),
}

/**
 * The last definition, with a doc comment that contains * stars, `code`, and
 * a line ending in a star *
 */
union U { 1: i32 a; 2: string b, }
# the file ends in a comment without a trailing newline