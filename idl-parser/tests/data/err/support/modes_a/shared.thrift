# support file: enum Mode { FAST } under the include name `shared` (err/88, err/90)
enum Mode { FAST }
