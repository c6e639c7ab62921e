# reference: 0.25: syntax error (senum is no longer a token); 0.17: "senum" is no longer supported, use "string" instead. Line 1
senum Names {
  "a",
  "b"
}
