// modern/uuid.thrift - the `uuid` base type (THRIFT-5591, Apache 0.18+). Debian's 0.17 rejects
// this file: with the annotated `uuid (...)` of field 6 it is a syntax error (in 0.17 `uuid` is a
// plain identifier, and named types take no annotations); without it, `Type "uuid" not defined`.
// 0.25 and trift accept it. Literals use the hyphenated form, with or without braces.

namespace rs trift.modern.uuid
namespace py modern_uuid

typedef uuid Id (trift.note = "typedef of uuid")

const uuid NIL = "00000000-0000-0000-0000-000000000000"
const uuid FIXED = '5e2ab188-1726-4e75-a04f-1ed9a6a89c4c'
const list<uuid> IDS = ["{00112233-4455-6677-8899-aabbccddeeff}", "00000000-4444-CCCC-ffff-0123456789ab"]
const map<uuid, string> NAMES = {"5e2ab188-1726-4e75-a04f-1ed9a6a89c4c": "fixed"}

struct WithUuid {
  1: uuid id
  2: optional uuid parent = "00000000-0000-0000-0000-000000000000"
  3: list<uuid> children
  4: set<uuid> tags
  5: map<uuid, Id> aliases
  6: uuid (note = "annotated base type") annotated
}

union UuidOrName {
  1: uuid id
  2: string name
}

service UuidService {
  uuid create(1: uuid parent)
  list<uuid> children(1: Id parent)
}
