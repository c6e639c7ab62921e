# reference: accepted with warning: Nonpositive value (-40000) not allowed as a field key.; No field key specified for very_negative, resulting protocol may have conflicts or not be backwards compatible!
struct S {
  -40000: i32 very_negative
}
