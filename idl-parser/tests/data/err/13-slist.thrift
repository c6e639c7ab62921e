# reference: 0.25: Type "slist" not defined (slist is no longer a token, so a plain unknown type); 0.17: "slist" is no longer supported, use "string" instead. Line 2
struct S {
  1: slist names
}
