# reference: accepted
const map<string, list<set<i32>>> N = {"x": [[1, 2], [3]], "y": []}
const list<map<i32, string>> L = [{1: "a"}, {}]
