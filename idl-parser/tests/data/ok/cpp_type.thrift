# reference: accepted
struct S {
  1: map cpp_type "std::unordered_map<int, int>" <i32, i32> m
  2: set cpp_type "std::unordered_set<int>" <i32> s
  3: list<i32> cpp_type "std::deque<int>" l
}
