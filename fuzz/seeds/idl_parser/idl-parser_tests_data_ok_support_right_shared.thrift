# reference: accepted
# support file for ../../include_same_base_name.thrift: same base name as ../left/shared.thrift
struct Right { 1: string r }
exception Failure { 1: string why }
const string RIGHT_NAME = "right"
