# reference: accepted
// a line comment
struct S {} // trailing
