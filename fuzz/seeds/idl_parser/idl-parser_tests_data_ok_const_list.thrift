# reference: accepted
const list<i32> L = [1, 2; 3 4,]
const list<string> EMPTY = []
