// typedefs.thrift - typedefs of base, container and named types, typedef chains,
// typedefs with annotations, and typedefs used inside other definitions.

namespace rs trift.everything.typedefs
namespace py everything.typedefs

struct Target {
  1: i32 id
}

enum Kind { X, Y }

// base types
typedef bool Flag
typedef i8 Tiny
typedef i16 Small
typedef i32 Medium
typedef i64 Large
typedef double Real
typedef string Text
typedef binary Bytes

// containers
typedef list<i32> IntList
typedef set<string> StringSet
typedef map<string, Target> TargetsByName
typedef list<map<Kind, set<list<Target>>>> DeepContainer

// named types (struct, enum, and another typedef)
typedef Target TargetAlias
typedef Kind KindAlias
typedef TargetAlias AliasOfAlias
typedef list<AliasOfAlias> ListOfAliases

// annotations and separators
typedef i64 Timestamp (trift.unit = "ms"),
typedef string (max_length = "255") ShortText;
typedef list<string> (trift.sorted) SortedStrings (note = 'on the typedef')
typedef map cpp_type "std::unordered_map<std::string, int64_t>" <string, i64> CppMap

/** A documented typedef. */
typedef Medium DocumentedMedium

struct UsesTypedefs {
  1: Flag flag = true
  2: Medium medium = 7
  3: IntList ints = [1, 2]
  4: TargetsByName targets
  5: AliasOfAlias alias
  6: ListOfAliases aliases
  7: Timestamp created
  8: DeepContainer deep
  9: KindAlias kind = Kind.Y
}

const Text GREETING = "hi"
const IntList SOME_INTS = [1, 2, 3]
const AliasOfAlias ALIASED_TARGET = {"id": 7}
