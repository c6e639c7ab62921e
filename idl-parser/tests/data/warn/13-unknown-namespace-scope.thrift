# reference: accepted with warning: No generator named 'nosuchlang' could be found!
namespace nosuchlang foo.bar

struct S {
  1: i32 a
}
