# reference: accepted
struct S xsd_all {
  1: optional i32 a xsd_optional
  2: optional i32 b xsd_nillable
  3: optional S c xsd_attrs {
    1: string attr
  }
}
