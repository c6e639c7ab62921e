# namespaces.thrift - headers: cpp_include, and namespace with many scopes: the catch-all `*`,
# dotted names, `rs a.b`, py/java/cpp/go/..., a dotted sub-scope (`py.twisted`), an unknown
# scope (warning "No generator named ... could be found!"), `smalltalk` (warns, maps to st),
# an annotated namespace, and the same scope given twice (last wins).

cpp_include "<unordered_map>"
cpp_include '"local/header.h"'

namespace * trift.everything.ns
namespace rs a.b
namespace py everything.namespaces
namespace py.twisted everything.namespaces.twisted
namespace java org.trift.everything.ns
namespace cpp trift.everything.ns
namespace c_glib TriftEverythingNs
namespace go everything_ns
namespace js Trift.Everything
namespace netstd Trift.Everything.Ns
namespace perl TriftEverythingNs
namespace php Trift.Everything
namespace rb TriftEverything.Ns
namespace st TriftEverythingNs
namespace smalltalk.category TriftEverythingNs
namespace swift TriftEverything
namespace haxe trift.everything.ns
namespace delphi Trift.Everything.Ns
namespace lua trift_everything_ns
namespace erl trift_everything_ns
namespace dart trift_everything_ns
namespace xsd test (uri = 'http://example.org/trift/everything')
namespace unknown_language some.name
namespace rs a.b.c

struct Namespaced {
  1: i32 id
}
