struct Order {
  1: i64 quantity (compat.allow = "field-type-changed"),
  2: binary note,
} (compat.allow = "type-changed-wire-compatible")
