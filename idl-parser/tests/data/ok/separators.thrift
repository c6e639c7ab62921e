# reference: accepted
const i32 A = 1, const i32 B = 2; const i32 C = 3
typedef i32 T1, typedef i32 T2;
enum E { X, Y; Z }
struct S { 1: i32 a, 2: i32 b; 3: i32 c }
service Svc { void f(), void g(1: i32 a,); void h() }
