# reference: accepted
const set<string> S = ["a", 'b']
