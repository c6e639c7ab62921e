cpp_namespace demo.app
struct A {}
