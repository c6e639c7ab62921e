//! Apache Thrift's TJSONProtocol: [`JsonWriter`] and [`JsonReader`].
//!
//! The format: a message is `[1,"name",type,seqid,{...}]`; a struct is an
//! object keyed by field id, each value wrapped in a one-entry object naming
//! its type (`{"1":{"str":"x"},"2":{"i32":7}}`); lists and sets are
//! `["i32",3,1,2,3]`; maps are `["str","i64",2,{"a":1,"b":2}]`. Type names are
//! `tf i8 i16 i32 i64 dbl str rec lst set map uid`. Numbers in object-key
//! position (field ids, map keys) are quoted; bools are `1`/`0`; binary is
//! base64; uuids are canonical lowercase strings.
//!
//! The writer reproduces Apache's Python implementation (PyPI `thrift`
//! 0.25.0) byte for byte, which is where the project's golden vectors come
//! from. Where Apache's implementations disagree, the writer follows Python
//! and the reader accepts what any of them writes:
//!
//! | what | Python | C++ | Java | trift writes | trift reads |
//! |---|---|---|---|---|---|
//! | finite double | `%.17g` (`0.10000000000000001`, `1e+100`) | same | `Double.toString` (`0.1`, `1.0E100`) | Python | all |
//! | NaN, ±inf | bare `nan`, `inf`, `-inf` (not JSON; Python cannot read them back) | `"NaN"`, `"Infinity"`, `"-Infinity"` | same as C++ | C++ spelling | both |
//! | quoted double in value position | accepted | accepted if special | error unless special | never | accepted |
//! | base64 padding | padded | unpadded | unpadded | padded | either |
//! | control characters other than `\b \f \n \r \t` | raw | `\u00xx` | `\u00xx` | raw (Python) | both |
//! | `\uXXXX` hex case on read | any | lowercase only | lowercase only | never (simple JSON: lowercase) | any |
//! | integers quoted outside key position | rejected | rejected | rejected | never | accepted |
//! | bool read | non-zero is true | `0`/`1` only | non-zero is true | `1`/`0` | non-zero is true |
//! | negative field id or seqid | accepted | rejected (read as unsigned) | accepted | as given | accepted |
//! | `\/` escape on read | accepted | rejected | accepted | never | accepted |
//!
//! Beyond Apache, the reader rejects integers out of range for the type asked
//! for (Apache's readers truncate or accept them), enforces [`crate::protocol::Limits`]
//! (depth, string length, element counts checked against the bytes left
//! before anything is allocated), and never needs more memory than a small
//! multiple of the frame. Java's optional "field names as strings" mode is not
//! supported: it is not the TJSONProtocol wire format other peers read.

mod emit;
mod fast;
mod float_format;
mod names;
mod reader;
mod scan;
mod writer;

pub use reader::JsonReader;
pub use writer::JsonWriter;

pub(crate) use emit::{Emitter, Escaping};
pub(crate) use float_format::format_repr;
pub(crate) use writer::special_double;

#[cfg(test)]
mod tests;
