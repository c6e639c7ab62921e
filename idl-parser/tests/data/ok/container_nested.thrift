# reference: accepted
struct S {
  1: list<list<list<i32>>> cube
  2: map<string, map<i32, list<set<string>>>> deep
  3: map<list<i32>, set<string>> container_key
}
