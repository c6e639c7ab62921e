include "include"
struct A {}
