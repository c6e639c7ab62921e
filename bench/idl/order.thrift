// The realistic struct of the protocol benchmarks; runtime/tests/support/realistic.rs
// is the same struct written for trift.
struct Owner {
  1: required i64 id
  2: string name
  3: optional i32 rank
}
struct Order {
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
  12: optional string note
}
