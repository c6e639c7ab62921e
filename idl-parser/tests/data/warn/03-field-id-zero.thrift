# reference: accepted with warning: Nonpositive value (0) not allowed as a field key.; No field key specified for zero, resulting protocol may have conflicts or not be backwards compatible!
struct S {
  0: i32 zero
}
