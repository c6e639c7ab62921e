# reference: Type "Color" not defined (an empty list would be accepted: ok/const_empty_container_of_later_type.thrift)
const list<Color> PALETTE = [1]

enum Color { RED = 1 }
