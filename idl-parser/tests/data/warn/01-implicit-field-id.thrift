# reference: accepted with warning: No field key specified for no_id, resulting protocol may have conflicts or not be backwards compatible!
struct S {
  i32 no_id
}
