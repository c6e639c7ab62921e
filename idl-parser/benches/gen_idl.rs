//! Deterministic generator of large, realistic Thrift IDL for the parser benchmarks.
//!
//! A bench includes this file with `mod gen_idl;` and calls [`generate_idl`]. The output
//! looks like a big hand-written service definition: a header with several namespaces, then
//! repeated "blocks", each holding an enum, typedefs, constants (scalars, containers and a
//! struct literal), structs with 5-20 fields of mixed types that refer to types of earlier
//! blocks, a union, an exception and a service that extends the previous block's service
//! with plain, `throws` and `oneway` functions. Doc comments, line comments and annotations
//! are sprinkled in.
//!
//! The output only uses what Apache Thrift 0.17 understands (no `uuid`, no keyword field
//! names, no leading `list cpp_type`), defines every type before it is used, and avoids
//! Python keywords in names, so `thrift --gen py` (0.17 and newer) accepts it. The same
//! `min_lines` always yields the same text: the randomness comes from a fixed-seed
//! xorshift generator, with no dependencies.

// Items are `pub` for the bench that includes this module; in a bench crate they are
// crate-local anyway.
#![allow(unreachable_pub, dead_code)]

/// Builds an IDL document of at least `min_lines` lines (the last block is always completed,
/// so the result is usually a few dozen lines longer). Deterministic: equal inputs give equal
/// outputs. `generate_idl(0)` still yields the header and one block.
pub fn generate_idl(min_lines: usize) -> String {
    let mut g = Generator::new();
    g.header();
    let mut block = 0;
    loop {
        g.block(block);
        block += 1;
        if g.lines >= min_lines {
            break;
        }
    }
    g.out
}

/// Primitive field/element types the generator draws from (no `uuid`: 0.17 lacks it).
const BASE_TYPES: [&str; 8] = [
    "bool", "i8", "i16", "i32", "i64", "double", "string", "binary",
];

/// Word stems for field and argument names; every name also gets a numeric suffix, so no name
/// is ever a keyword of Thrift or of a target language.
const WORDS: [&str; 24] = [
    "name", "count", "amount", "created", "updated", "owner", "title", "label", "price",
    "quantity", "status", "kind", "region", "score", "weight", "flags", "payload", "checksum",
    "parent", "children", "tags", "notes", "origin", "target",
];

/// Word stems for enum members.
const MEMBERS: [&str; 12] = [
    "UNKNOWN",
    "ACTIVE",
    "INACTIVE",
    "PENDING",
    "DELETED",
    "ARCHIVED",
    "LOCKED",
    "READY",
    "FAILED",
    "RETRYING",
    "DONE",
    "CANCELLED",
];

/// Verbs for function names.
const VERBS: [&str; 10] = [
    "get", "put", "list", "find", "update", "remove", "count", "watch", "sync", "check",
];

/// A named type defined earlier in the document, usable as a field type.
#[derive(Clone)]
struct Named {
    /// The IDL name, e.g. `Order3`.
    name: String,
    /// What it is, to pick a valid default value.
    kind: NamedKind,
}

/// The sort of a [`Named`] type.
#[derive(Clone)]
enum NamedKind {
    /// An enum, with its member names.
    Enum(Vec<String>),
    /// A struct (defaults are written as `{}`).
    Struct,
    /// A typedef of the given base type.
    BaseTypedef(&'static str),
    /// A typedef of a container (no default value is generated).
    ContainerTypedef,
}

/// Generator state: the output so far, its line count, the pseudo-random state and the types
/// defined so far.
struct Generator {
    /// The IDL text produced so far.
    out: String,
    /// Number of `\n` in `out`.
    lines: usize,
    /// xorshift64 state (never zero).
    rng: u64,
    /// Types that later definitions may refer to.
    named: Vec<Named>,
    /// Name of the most recent service, extended by the next one.
    last_service: Option<String>,
}

impl Generator {
    /// A generator with the fixed seed.
    fn new() -> Self {
        Self {
            out: String::new(),
            lines: 0,
            rng: 0x9E37_79B9_7F4A_7C15,
            named: Vec::new(),
            last_service: None,
        }
    }

    /// Next pseudo-random number (xorshift64).
    fn next(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        x
    }

    /// A pseudo-random number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        // The modulo bias is irrelevant for test data.
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Picks one element of a non-empty slice.
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Appends one line (a newline is added).
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
        self.lines += 1;
    }

    /// Appends an empty line.
    fn blank(&mut self) {
        self.line("");
    }

    /// The file header: a block comment and namespaces for several languages.
    fn header(&mut self) {
        self.line("/*");
        self.line(" * Generated benchmark IDL (trift idl-parser benches, gen_idl.rs).");
        self.line(" * Deterministic; accepted by Apache Thrift 0.17 and newer.");
        self.line(" */");
        self.blank();
        self.line("namespace * bench.generated");
        self.line("namespace rs bench.generated");
        self.line("namespace py bench_generated");
        self.line("namespace java org.trift.bench.generated");
        self.line("namespace cpp trift.bench.generated");
        self.line("namespace go benchgenerated");
        self.line("namespace netstd Trift.Bench.Generated");
        self.blank();
    }

    /// One block of definitions, numbered `k`.
    fn block(&mut self, k: usize) {
        self.line(&format!(
            "// ---------------------------------------------------------------- block {k}"
        ));
        self.blank();
        let status = self.enum_def(k);
        self.typedefs(k, &status);
        self.consts(k, &status);
        let struct_count = 2 + self.below(3);
        let mut structs = Vec::new();
        for s in 0..struct_count {
            structs.push(self.struct_def(k, s));
        }
        self.union_def(k);
        let error = self.exception_def(k);
        self.service_def(k, &structs, &error);
    }

    /// `enum Status{k}` with 3-8 members, some explicit (hex or decimal) values, an annotation
    /// now and then. Returns the enum's name.
    fn enum_def(&mut self, k: usize) -> String {
        let name = format!("Status{k}");
        let count = 3 + self.below(6);
        self.line(&format!(
            "/** Lifecycle states of the block-{k} entities. */"
        ));
        self.line(&format!("enum {name} {{"));
        let mut members = Vec::new();
        let mut value = 0_i64;
        for m in 0..count {
            let member = format!("{}_{m}", MEMBERS[m % MEMBERS.len()]);
            let mut text = format!("  {member}");
            if m == 0 || self.chance(30) {
                value += self.below(5) as i64;
                if self.chance(30) {
                    text.push_str(&format!(" = 0x{value:x}"));
                } else {
                    text.push_str(&format!(" = {value}"));
                }
            }
            value += 1;
            if self.chance(15) {
                text.push_str(" (display = \"");
                text.push_str(&member.to_lowercase());
                text.push_str("\")");
            }
            text.push(',');
            self.line(&text);
            members.push(member);
        }
        if self.chance(40) {
            self.line("} (trift.repr = \"i32\")");
        } else {
            self.line("}");
        }
        self.blank();
        self.named.push(Named {
            name: name.clone(),
            kind: NamedKind::Enum(members),
        });
        name
    }

    /// Typedefs of a base type, a container and the block's enum.
    fn typedefs(&mut self, k: usize, status: &str) {
        self.line(&format!("typedef i64 Id{k}"));
        self.named.push(Named {
            name: format!("Id{k}"),
            kind: NamedKind::BaseTypedef("i64"),
        });
        let max_length = 16 + self.below(240);
        self.line(&format!(
            "typedef string Label{k} (max_length = \"{max_length}\")"
        ));
        self.named.push(Named {
            name: format!("Label{k}"),
            kind: NamedKind::BaseTypedef("string"),
        });
        self.line(&format!("typedef list<string> Tags{k}"));
        self.named.push(Named {
            name: format!("Tags{k}"),
            kind: NamedKind::ContainerTypedef,
        });
        self.line(&format!("typedef map<string, {status}> StatusMap{k}"));
        self.named.push(Named {
            name: format!("StatusMap{k}"),
            kind: NamedKind::ContainerTypedef,
        });
        self.blank();
    }

    /// Scalar and container constants, one of them referring to the block's enum.
    fn consts(&mut self, k: usize, status: &str) {
        let members = match self
            .named
            .iter()
            .find(|n| n.name == status)
            .map(|n| n.kind.clone())
        {
            Some(NamedKind::Enum(m)) => m,
            _ => Vec::new(),
        };
        let max_items = 10 + self.below(10_000);
        let timeout = 1000 * (1 + self.below(60));
        let (units, fraction, exponent) = (self.below(10), self.below(1000), self.below(5));
        let enabled = if self.chance(50) { "true" } else { "false" };
        self.line(&format!("const i32 MAX_ITEMS_{k} = {max_items}"));
        self.line(&format!("const i64 TIMEOUT_MS_{k} = {timeout}"));
        self.line(&format!(
            "const double RATIO_{k} = {units}.{fraction}e-{exponent}"
        ));
        self.line(&format!(
            "const string GREETING_{k} = \"hello\\tblock {k}\\n\""
        ));
        self.line(&format!("const bool ENABLED_{k} = {enabled}"));
        self.line(&format!(
            "const list<i32> PRIMES_{k} = [2, 3, 5, 7, 11, 13]"
        ));
        self.line(&format!(
            "const set<string> KEYS_{k} = [\"alpha\", 'beta', \"gamma\"]"
        ));
        if let Some(first) = members.first() {
            self.line(&format!(
                "const {status} DEFAULT_STATUS_{k} = {status}.{first}"
            ));
            let last = members.last().unwrap_or(first);
            self.line(&format!(
                "const map<string, {status}> STATUS_BY_NAME_{k} = {{\"first\": {status}.{first}, \"last\": {status}.{last}}}"
            ));
        }
        self.line(&format!(
            "const map<string, list<i32>> BUCKETS_{k} = {{\"low\": [0, 1], \"high\": [99, 100]}}"
        ));
        self.blank();
    }

    /// A type for a field: a base type, a container, or an earlier named type.
    /// Returns the type text and, when one is easy to write, a valid default value.
    fn field_type(&mut self, depth: usize) -> (String, Option<String>) {
        let roll = self.below(100);
        if roll < 40 || depth > 1 {
            let base = self.pick(&BASE_TYPES);
            let default = self.base_default(base);
            return (base.to_string(), default);
        }
        if roll < 65 {
            let (elem, _) = self.field_type(depth + 1);
            let container = match self.below(3) {
                // `list<i8>` draws a "use binary" warning from the reference compiler.
                0 if elem == "i8" => "binary".to_string(),
                0 => format!("list<{elem}>"),
                1 => format!("set<{elem}>"),
                _ => {
                    let key = self.pick(&["string", "i32", "i64"]);
                    format!("map<{key}, {elem}>")
                }
            };
            let default = if container != "binary" && self.chance(20) {
                Some(if container.starts_with("map") {
                    "{}".to_string()
                } else {
                    "[]".to_string()
                })
            } else {
                None
            };
            return (container, default);
        }
        if self.named.is_empty() {
            return ("string".to_string(), None);
        }
        // Prefer recent types, but reach back to early blocks too.
        let index = if self.chance(70) {
            let recent = self.named.len().min(12);
            self.named.len() - 1 - self.below(recent)
        } else {
            self.below(self.named.len())
        };
        let named = self.named[index].clone();
        let default = match &named.kind {
            NamedKind::Enum(members) if !members.is_empty() && self.chance(40) => {
                let member = &members[self.below(members.len())];
                Some(format!("{}.{member}", named.name))
            }
            NamedKind::BaseTypedef(base) => self.base_default(base),
            _ => None,
        };
        (named.name, default)
    }

    /// A valid default value for a base type, about a third of the time.
    fn base_default(&mut self, base: &str) -> Option<String> {
        if !self.chance(30) {
            return None;
        }
        Some(match base {
            "bool" => if self.chance(50) { "true" } else { "false" }.to_string(),
            "i8" => format!("{}", self.below(100)),
            "i16" => format!("-{}", self.below(1000)),
            "i32" | "i64" => format!("{}", self.below(1_000_000)),
            "double" => format!("{}.5", self.below(100)),
            _ => format!("\"default {}\"", self.below(100)),
        })
    }

    /// A struct with 5-20 fields of mixed types. Returns its name.
    fn struct_def(&mut self, k: usize, s: usize) -> String {
        let name = format!("Record{k}x{s}");
        let fields = 5 + self.below(16);
        self.line("/**");
        self.line(&format!(
            " * Record {s} of block {k}, with {fields} fields."
        ));
        self.line(" */");
        self.line(&format!("struct {name} {{"));
        let mut id = 0;
        for f in 0..fields {
            id += 1 + if self.chance(10) { self.below(5) } else { 0 };
            let (ty, default) = self.field_type(0);
            if self.chance(20) {
                self.line(&format!(
                    "  /** The {} of this record. */",
                    WORDS[f % WORDS.len()]
                ));
            }
            let requiredness = match self.below(10) {
                0 | 1 => "required ",
                2..=4 => "optional ",
                _ => "",
            };
            let mut text = format!(
                "  {id}: {requiredness}{ty} {}_{f}",
                WORDS[(f + k) % WORDS.len()]
            );
            if let Some(value) = default {
                text.push_str(" = ");
                text.push_str(&value);
            }
            if self.chance(10) {
                text.push_str(" (trift.note = \"generated\")");
            }
            text.push_str(if self.chance(50) { "," } else { ";" });
            self.line(&text);
        }
        if self.chance(25) {
            self.line("} (trift.derive = \"Hash\")");
        } else {
            self.line("}");
        }
        self.blank();
        self.named.push(Named {
            name: name.clone(),
            kind: NamedKind::Struct,
        });
        name
    }

    /// A union of 3-6 members, the first with a default value.
    fn union_def(&mut self, k: usize) {
        let name = format!("Choice{k}");
        let members = 3 + self.below(4);
        self.line(&format!(
            "/** One of several representations (block {k}). */"
        ));
        self.line(&format!("union {name} {{"));
        self.line(&format!("  1: i64 number_{k} = 0,"));
        for m in 1..members {
            let (ty, _) = self.field_type(1);
            self.line(&format!("  {}: {ty} choice_{m},", m + 1));
        }
        self.line("}");
        self.blank();
        self.named.push(Named {
            name,
            kind: NamedKind::Struct,
        });
    }

    /// An exception with a message, a code and a block-typed detail. Returns its name.
    fn exception_def(&mut self, k: usize) -> String {
        let name = format!("Failure{k}");
        self.line(&format!(
            "/** Raised by Service{k} when a request cannot be served. */"
        ));
        self.line(&format!("exception {name} {{"));
        self.line("  1: string message,");
        let code = 400 + self.below(200);
        self.line(&format!("  2: i32 code = {code},"));
        self.line(&format!("  3: optional Status{k} status,"));
        self.line("} (trift.retryable = \"false\")");
        self.blank();
        name
    }

    /// A service extending the previous block's service, with 4-10 functions: typed returns,
    /// `throws`, `oneway`, container arguments, doc comments and annotations.
    fn service_def(&mut self, k: usize, structs: &[String], error: &str) {
        let name = format!("Service{k}");
        self.line(&format!("/** Operations on the block-{k} records. */"));
        match self.last_service.take() {
            Some(parent) => self.line(&format!("service {name} extends {parent} {{")),
            None => self.line(&format!("service {name} {{")),
        }
        let functions = 4 + self.below(7);
        for f in 0..functions {
            let verb = VERBS[(f + k) % VERBS.len()];
            let record = &structs[f % structs.len()];
            let fname = format!("{verb}_{k}_{f}");
            if self.chance(40) {
                self.line(&format!("  /** {verb} a {record}. */"));
            }
            if f % 5 == 4 {
                self.line(&format!(
                    "  oneway void {fname}(1: {record} record, 2: i64 sent_at)"
                ));
                continue;
            }
            let ret = match self.below(4) {
                0 => "void".to_string(),
                1 => format!("list<{record}>"),
                2 => format!("map<Id{k}, {record}>"),
                _ => record.clone(),
            };
            let mut text = format!("  {ret} {fname}(1: Id{k} id, 2: {record} record");
            if self.chance(50) {
                text.push_str(&format!(
                    ", 3: set<string> fields = [\"a\", \"b\"], 4: i32 limit = {}",
                    1 + self.below(100)
                ));
            }
            text.push(')');
            if self.chance(70) {
                text.push_str(&format!(" throws (1: {error} failure)"));
            }
            if self.chance(15) {
                text.push_str(" (trift.idempotent = \"true\")");
            }
            text.push(',');
            self.line(&text);
        }
        self.line("}");
        self.blank();
        self.last_service = Some(name);
    }
}
