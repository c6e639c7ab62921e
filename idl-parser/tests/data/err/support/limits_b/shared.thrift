# support file: constant LIMIT under the include name `shared` (err/87)
const i32 LIMIT = 2
