# reference: accepted
enum E {
  A
  B
}

struct Inner {
  1: i32 x
}

struct S {
  1: i32 a = 1
  2: string b = 'b'
  3: double c = 1.5
  4: bool d = true
  5: E e = E.B
  6: list<i32> f = [1, 2]
  7: map<string, i32> g = {"k": 1}
  8: Inner h = {"x": 1}
}
