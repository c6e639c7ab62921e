# reference: accepted
const map<string, i32> M = {"a": 1, 'b': 2; "c": 3,}
const map<i32, i32> EMPTY = {}
