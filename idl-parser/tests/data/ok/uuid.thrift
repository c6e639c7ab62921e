# reference: accepted by 0.25 (0.18+); 0.17 rejects: Type "uuid" not defined
typedef uuid Id

const uuid NIL = "00000000-0000-0000-0000-000000000000"

struct S {
  1: uuid id
  2: list<uuid> ids
}
