# reference: No enum value or constant found named "Color.RED"!
const i32 FIRST = Color.RED

enum Color { RED, GREEN }
