# reference: accepted
const i32 Item = 1
struct Item {}

enum Kind { BOOK }
const i32 BOOK = 2
