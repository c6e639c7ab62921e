# reference: accepted by 0.25 (0.18+ grammar); 0.17 rejects: syntax error
struct S {
  1: list cpp_type "std::deque<int>" <i32> l
}
