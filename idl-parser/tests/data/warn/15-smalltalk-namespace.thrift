# reference: accepted with warning: Namespace 'smalltalk' is deprecated. Use 'st' instead
namespace smalltalk Foo

struct S {
  1: i32 a
}
