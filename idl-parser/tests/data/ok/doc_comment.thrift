# reference: accepted
/** The program doc. */

/** A documented struct. */
struct S {
  /** A documented field. */
  1: i32 a
}

/** A documented service. */
service Svc {
  /** A documented function. */
  void f()
}
