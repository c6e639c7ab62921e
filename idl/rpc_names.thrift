// Service names that collide with what the service generator emits or with
// Rust: a type named like a generated item, methods named like the client's
// own methods or keywords, arguments named like the client's locals, and
// declared exceptions named like the error enum's fixed variants. The
// compile-test crate builds and lints the result; codegen snapshots it.

namespace rs rpc_names

/** Takes the name the args struct of `Calc.add` would get. */
struct CalcAddArgs {
  1: i32 x,
}

exception Problem {
  1: string why,
}

service Calc {
  i32 add(1: i32 a),
  void new(1: i32 channel, 2: string request, 3: string reply, 4: string result)
    throws (1: Problem application, 2: Problem protocol),
  oneway void type(1: i32 self),
  string gen(1: string match),
  /** Named like a method of `Arc`, which holds the handler. */
  i32 clone(1: i32 as_ref),
}

service CalcService extends Calc {
  void sent(1: i32 sent),
}
