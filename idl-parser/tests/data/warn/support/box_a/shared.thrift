# support file: struct Box under the include name `shared` (warn/20)
struct Box { 1: i32 a }
