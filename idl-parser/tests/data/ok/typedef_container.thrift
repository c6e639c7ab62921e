# reference: accepted
typedef list<string> Names
typedef map<string, set<i32>> Index
