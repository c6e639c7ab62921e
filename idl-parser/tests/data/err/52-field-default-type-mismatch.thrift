# reference: type error: const "name" was declared as string
struct S {
  1: string name = 1
}
