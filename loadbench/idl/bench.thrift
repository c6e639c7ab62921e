// The IDL of the RPC load benchmark. Every server in this workspace serves
// this service; the load generator hand-encodes its requests byte for byte.
namespace rs bench

// A small nested struct inside the realistic record.
struct Owner {
  1: required i64 id
  2: string name
  3: bool admin
}

// The "realistic ~1 KiB struct": ids, short strings, a list of ids, a small
// string map, a binary blob, a nested struct, flags and a score.
struct Record {
  1: required i64 id
  2: i64 account_id
  3: string name
  4: string email
  5: list<i64> item_ids
  6: map<string, string> tags
  7: binary payload
  8: Owner owner
  9: bool active
  10: bool verified
  11: double score
}

service Bench {
  // The small message: one i32 there and back.
  i32 echo_i32(1: i32 value)
  // The realistic message: the record there and back.
  Record echo_record(1: Record value)
}
