# reference: Enum pfx_inc.C is already defined!
include "support/pfx_inc.thrift"

// The enum has the include's name, so its value C is `pfx_inc.C`, like the constant.
enum pfx_inc { C }
