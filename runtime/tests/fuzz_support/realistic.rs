//! A realistic Thrift struct with `Encode`/`Decode` written by hand exactly as
//! trift's generated code writes them: field by field through the protocol
//! traits, containers through their `Encode`/`Decode` impls, unknown or
//! mistyped fields skipped with `trift::protocol::skip`, and required fields
//! tracked in local `Option`s.
//!
//! Shared by the peer benchmarks (`bench/`), the fuzz targets (`fuzz/`) and the
//! fuzz regression test, which include this file by path, so it must only name
//! `trift` and `std`. The IDL it stands for:
//!
//! ```thrift
//! struct Owner {
//!   1: required i64 id
//!   2: string name
//!   3: optional i32 rank
//! }
//! struct Order {
//!   1: required i64 id
//!   2: i64 account_id
//!   3: string name
//!   4: string email
//!   5: list<i64> item_ids
//!   6: map<string, string> tags
//!   7: binary payload
//!   8: Owner owner
//!   9: bool active
//!   10: bool verified
//!   11: double score
//!   12: optional string note
//! }
//! ```

use std::collections::BTreeMap;

use trift::protocol::{
    ProtocolError, ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip,
};
use trift::{Bytes, Decode, Encode, WireType};

/// `struct Owner`: the nested struct.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Owner {
    /// Field 1, required.
    pub id: i64,
    /// Field 2.
    pub name: String,
    /// Field 3, optional.
    pub rank: Option<i32>,
}

/// `struct Order`: i64 ids, short strings, a list of ids, a map of tags, a
/// binary payload, a nested struct, bools and a double.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Order {
    /// Field 1, required.
    pub id: i64,
    /// Field 2.
    pub account_id: i64,
    /// Field 3.
    pub name: String,
    /// Field 4.
    pub email: String,
    /// Field 5.
    pub item_ids: Vec<i64>,
    /// Field 6.
    pub tags: BTreeMap<String, String>,
    /// Field 7.
    pub payload: Bytes,
    /// Field 8.
    pub owner: Owner,
    /// Field 9.
    pub active: bool,
    /// Field 10.
    pub verified: bool,
    /// Field 11.
    pub score: f64,
    /// Field 12, optional.
    pub note: Option<String>,
}

#[cold]
fn missing(field: &str) -> ProtocolError {
    ProtocolError::new(
        ProtocolErrorKind::MissingOrExtraField,
        format!("required field {field} is missing"),
    )
}

impl WireType for Owner {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Owner {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("Owner")?;
        writer.write_field_begin("id", TType::I64, 1)?;
        writer.write_i64(self.id)?;
        writer.write_field_end()?;
        writer.write_field_begin("name", TType::String, 2)?;
        writer.write_string(&self.name)?;
        writer.write_field_end()?;
        if let Some(rank) = self.rank {
            writer.write_field_begin("rank", TType::I32, 3)?;
            writer.write_i32(rank)?;
            writer.write_field_end()?;
        }
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Owner {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut id: Option<i64> = None;
        let mut name = String::new();
        let mut rank: Option<i32> = None;
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::I64) => id = Some(reader.read_i64()?),
                (2, TType::String) => name = reader.read_string()?,
                (3, TType::I32) => rank = Some(reader.read_i32()?),
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        Ok(Owner {
            id: id.ok_or_else(|| missing("Owner.id"))?,
            name,
            rank,
        })
    }
}

impl WireType for Order {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Order {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("Order")?;
        writer.write_field_begin("id", TType::I64, 1)?;
        writer.write_i64(self.id)?;
        writer.write_field_end()?;
        writer.write_field_begin("account_id", TType::I64, 2)?;
        writer.write_i64(self.account_id)?;
        writer.write_field_end()?;
        writer.write_field_begin("name", TType::String, 3)?;
        writer.write_string(&self.name)?;
        writer.write_field_end()?;
        writer.write_field_begin("email", TType::String, 4)?;
        writer.write_string(&self.email)?;
        writer.write_field_end()?;
        writer.write_field_begin("item_ids", TType::List, 5)?;
        self.item_ids.encode(writer)?;
        writer.write_field_end()?;
        writer.write_field_begin("tags", TType::Map, 6)?;
        self.tags.encode(writer)?;
        writer.write_field_end()?;
        writer.write_field_begin("payload", TType::String, 7)?;
        writer.write_binary(&self.payload)?;
        writer.write_field_end()?;
        writer.write_field_begin("owner", TType::Struct, 8)?;
        self.owner.encode(writer)?;
        writer.write_field_end()?;
        writer.write_field_begin("active", TType::Bool, 9)?;
        writer.write_bool(self.active)?;
        writer.write_field_end()?;
        writer.write_field_begin("verified", TType::Bool, 10)?;
        writer.write_bool(self.verified)?;
        writer.write_field_end()?;
        writer.write_field_begin("score", TType::Double, 11)?;
        writer.write_double(self.score)?;
        writer.write_field_end()?;
        if let Some(note) = &self.note {
            writer.write_field_begin("note", TType::String, 12)?;
            writer.write_string(note)?;
            writer.write_field_end()?;
        }
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Order {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut id: Option<i64> = None;
        let mut value = Order::default();
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::I64) => id = Some(reader.read_i64()?),
                (2, TType::I64) => value.account_id = reader.read_i64()?,
                (3, TType::String) => value.name = reader.read_string()?,
                (4, TType::String) => value.email = reader.read_string()?,
                (5, TType::List) => value.item_ids = Vec::decode(reader)?,
                (6, TType::Map) => value.tags = BTreeMap::decode(reader)?,
                (7, TType::String) => value.payload = reader.read_binary()?,
                (8, TType::Struct) => value.owner = Owner::decode(reader)?,
                (9, TType::Bool) => value.active = reader.read_bool()?,
                (10, TType::Bool) => value.verified = reader.read_bool()?,
                (11, TType::Double) => value.score = reader.read_double()?,
                (12, TType::String) => value.note = Some(reader.read_string()?),
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        value.id = id.ok_or_else(|| missing("Order.id"))?;
        Ok(value)
    }
}

impl Order {
    /// The value the benchmarks encode and the fuzz corpora are seeded with:
    /// 100 item ids of mixed magnitudes (so compact varints vary in length),
    /// 10 tags, a 1 KiB payload.
    pub fn sample() -> Order {
        let item_ids = (0..100_i64)
            .map(|i| (i * i * 7_919 + i * 104_729) ^ (i << 20))
            .collect();
        let tags = (0..10)
            .map(|i| (format!("tag{i}"), format!("value-{i}")))
            .collect();
        let payload: Vec<u8> = (0..1024_u32)
            .map(|i| (i.wrapping_mul(31) ^ (i >> 3)) as u8)
            .collect();
        Order {
            id: 9_007_199_254_740_993,
            account_id: 42_000_017,
            name: "Jane Roe".to_owned(),
            email: "jane.roe@example.com".to_owned(),
            item_ids,
            tags,
            payload: Bytes::from(payload),
            owner: Owner {
                id: -77,
                name: "ops-team".to_owned(),
                rank: Some(3),
            },
            active: true,
            verified: false,
            score: 4.718_281_828,
            note: Some("fragile".to_owned()),
        }
    }

    /// Value equality where two NaN scores count as equal (a NaN never equals
    /// itself, and JSON does not keep a NaN's payload bits).
    pub fn same_as(&self, other: &Order) -> bool {
        let score_same = self.score == other.score || (self.score.is_nan() && other.score.is_nan());
        score_same
            && Order {
                score: 0.0,
                ..self.clone()
            } == Order {
                score: 0.0,
                ..other.clone()
            }
    }
}
