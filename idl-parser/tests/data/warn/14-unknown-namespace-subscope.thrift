# reference: accepted with warning: cpp generator does not accept 'noexist' as sub-namespace!
namespace cpp.noexist foo.bar

struct S {
  1: i32 a
}
