struct Order {
  1: i64 quantity (compat.allow = "field-type-changed"),
  2: string memo,
} (compat.allow = "field-renamed")
