# reference: accepted
struct S {
  1: i32 (cpp.type = "int32_t") a
}

typedef string (max = "10") Short
