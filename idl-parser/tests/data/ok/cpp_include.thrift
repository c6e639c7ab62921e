# reference: accepted
cpp_include "<vector>"
cpp_include '"local.h"'
