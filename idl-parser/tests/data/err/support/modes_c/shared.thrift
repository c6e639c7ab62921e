# support file: enum Mode { SLOW } under the include name `shared` (err/90)
enum Mode { SLOW }
