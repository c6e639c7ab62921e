# reference: 0.25 (facts sheet): fatal lexer error, unterminated comment; 0.17: never returns (busy loop, must be killed)
struct S {
  1: i32 a
}

/* this comment never ends
