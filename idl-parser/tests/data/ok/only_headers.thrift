# reference: accepted
namespace py only_headers
include "support/included.thrift"
