# support file: a type, a service, a constant and an enum, no namespace (err/83-85, 89)
struct Item {}
service Store {}
const i32 SIZE = 1
enum Kind { BOOK }
