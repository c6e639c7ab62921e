# reference: accepted
include "support/left/shared.thrift"
include "support/right/shared.thrift"

struct Both {
  1: shared.Left left
  2: shared.Right right
  3: shared.Side side = shared.Side.EAST
  4: i32 limit = shared.LEFT_LIMIT
  5: string name = shared.RIGHT_NAME
}

service Joined extends shared.LeftService {
  Both get() throws (1: shared.Failure failure)
}
