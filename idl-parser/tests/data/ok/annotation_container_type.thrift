# reference: accepted
struct S {
  1: list<i32> (sorted) a
  2: map<string, i32> (cpp.template = "std::unordered_map") b
  3: set<string> (s = "1") c
}
