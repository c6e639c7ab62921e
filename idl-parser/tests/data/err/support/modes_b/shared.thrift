# support file: enum Mode { FAST } under the include name `shared` (err/88)
enum Mode { FAST }
