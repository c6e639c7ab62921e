# reference: accepted with warning: Nonpositive value (-5) not allowed as a field key.; No field key specified for negative, resulting protocol may have conflicts or not be backwards compatible!
struct S {
  -5: i32 negative
}
