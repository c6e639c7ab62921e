//! The benchmark struct for pilota (volo-thrift's codec), written by hand in
//! the shape pilota-build generates: `FastStr` strings, `Bytes` binary, the
//! `TOutputProtocolExt` field helpers on encode, a field-id-and-type match on
//! decode. The map is a `BTreeMap` (pilota-build's `btree` annotation) so
//! that every peer writes the tags in the same order and the bytes compare.

use std::collections::BTreeMap;

use pilota::thrift::{
    Message, ProtocolExceptionKind, TAsyncInputProtocol, TInputProtocol, TLengthProtocol,
    TLengthProtocolExt, TOutputProtocol, TOutputProtocolExt, TStructIdentifier, TType,
    ThriftException, new_protocol_exception,
};
use pilota::{Bytes, FastStr};

/// `struct Owner`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Owner {
    /// Field 1, required.
    pub id: i64,
    /// Field 2.
    pub name: FastStr,
    /// Field 3, optional.
    pub rank: Option<i32>,
}

/// `struct Order`.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// Field 1, required.
    pub id: i64,
    /// Field 2.
    pub account_id: i64,
    /// Field 3.
    pub name: FastStr,
    /// Field 4.
    pub email: FastStr,
    /// Field 5.
    pub item_ids: Vec<i64>,
    /// Field 6.
    pub tags: BTreeMap<FastStr, FastStr>,
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
    pub note: Option<FastStr>,
}

fn missing(field: &str) -> ThriftException {
    new_protocol_exception(
        ProtocolExceptionKind::InvalidData,
        format!("required field {field} is missing"),
    )
}

impl Message for Owner {
    fn encode<T: TOutputProtocol>(&self, protocol: &mut T) -> Result<(), ThriftException> {
        protocol.write_struct_begin(&TStructIdentifier { name: "Owner" })?;
        protocol.write_i64_field(1, self.id)?;
        protocol.write_faststr_field(2, self.name.clone())?;
        if let Some(rank) = self.rank {
            protocol.write_i32_field(3, rank)?;
        }
        protocol.write_field_stop()?;
        protocol.write_struct_end()
    }

    fn decode<T: TInputProtocol>(protocol: &mut T) -> Result<Self, ThriftException> {
        let mut id = None;
        let mut name = FastStr::default();
        let mut rank = None;
        protocol.read_struct_begin()?;
        loop {
            let field = protocol.read_field_begin()?;
            if field.field_type == TType::Stop {
                break;
            }
            match (field.id, field.field_type) {
                (Some(1), TType::I64) => id = Some(protocol.read_i64()?),
                (Some(2), TType::Binary) => name = protocol.read_faststr()?,
                (Some(3), TType::I32) => rank = Some(protocol.read_i32()?),
                (_, other) => {
                    protocol.skip(other)?;
                }
            }
            protocol.read_field_end()?;
        }
        protocol.read_struct_end()?;
        Ok(Owner {
            id: id.ok_or_else(|| missing("Owner.id"))?,
            name,
            rank,
        })
    }

    async fn decode_async<T: TAsyncInputProtocol>(
        protocol: &mut T,
    ) -> Result<Self, ThriftException> {
        let mut id = None;
        let mut name = FastStr::default();
        let mut rank = None;
        protocol.read_struct_begin().await?;
        loop {
            let field = protocol.read_field_begin().await?;
            if field.field_type == TType::Stop {
                break;
            }
            match (field.id, field.field_type) {
                (Some(1), TType::I64) => id = Some(protocol.read_i64().await?),
                (Some(2), TType::Binary) => name = protocol.read_faststr().await?,
                (Some(3), TType::I32) => rank = Some(protocol.read_i32().await?),
                (_, other) => {
                    protocol.skip(other).await?;
                }
            }
            protocol.read_field_end().await?;
        }
        protocol.read_struct_end().await?;
        Ok(Owner {
            id: id.ok_or_else(|| missing("Owner.id"))?,
            name,
            rank,
        })
    }

    fn size<T: TLengthProtocol>(&self, protocol: &mut T) -> usize {
        protocol.struct_begin_len(&TStructIdentifier { name: "Owner" })
            + protocol.i64_field_len(Some(1), self.id)
            + protocol.faststr_field_len(Some(2), &self.name)
            + self
                .rank
                .map_or(0, |rank| protocol.i32_field_len(Some(3), rank))
            + protocol.field_stop_len()
            + protocol.struct_end_len()
    }
}

impl Message for Order {
    fn encode<T: TOutputProtocol>(&self, protocol: &mut T) -> Result<(), ThriftException> {
        protocol.write_struct_begin(&TStructIdentifier { name: "Order" })?;
        protocol.write_i64_field(1, self.id)?;
        protocol.write_i64_field(2, self.account_id)?;
        protocol.write_faststr_field(3, self.name.clone())?;
        protocol.write_faststr_field(4, self.email.clone())?;
        protocol.write_list_field(5, TType::I64, &self.item_ids, |p, item| p.write_i64(*item))?;
        protocol.write_btree_map_field(
            6,
            TType::Binary,
            TType::Binary,
            &self.tags,
            |p, key| p.write_faststr(key.clone()),
            |p, value| p.write_faststr(value.clone()),
        )?;
        protocol.write_bytes_field(7, self.payload.clone())?;
        protocol.write_struct_field(8, &self.owner, TType::Struct)?;
        protocol.write_bool_field(9, self.active)?;
        protocol.write_bool_field(10, self.verified)?;
        protocol.write_double_field(11, self.score)?;
        if let Some(note) = &self.note {
            protocol.write_faststr_field(12, note.clone())?;
        }
        protocol.write_field_stop()?;
        protocol.write_struct_end()
    }

    fn decode<T: TInputProtocol>(protocol: &mut T) -> Result<Self, ThriftException> {
        let mut id = None;
        let mut account_id = 0;
        let mut name = FastStr::default();
        let mut email = FastStr::default();
        let mut item_ids = Vec::new();
        let mut tags = BTreeMap::new();
        let mut payload = Bytes::new();
        let mut owner = None;
        let mut active = false;
        let mut verified = false;
        let mut score = 0.0;
        let mut note = None;
        protocol.read_struct_begin()?;
        loop {
            let field = protocol.read_field_begin()?;
            if field.field_type == TType::Stop {
                break;
            }
            match (field.id, field.field_type) {
                (Some(1), TType::I64) => id = Some(protocol.read_i64()?),
                (Some(2), TType::I64) => account_id = protocol.read_i64()?,
                (Some(3), TType::Binary) => name = protocol.read_faststr()?,
                (Some(4), TType::Binary) => email = protocol.read_faststr()?,
                (Some(5), TType::List) => {
                    let header = protocol.read_list_begin()?;
                    let mut items = Vec::with_capacity(header.size);
                    for _ in 0..header.size {
                        items.push(protocol.read_i64()?);
                    }
                    protocol.read_list_end()?;
                    item_ids = items;
                }
                (Some(6), TType::Map) => {
                    let header = protocol.read_map_begin()?;
                    let mut map = BTreeMap::new();
                    for _ in 0..header.size {
                        let key = protocol.read_faststr()?;
                        let value = protocol.read_faststr()?;
                        map.insert(key, value);
                    }
                    protocol.read_map_end()?;
                    tags = map;
                }
                (Some(7), TType::Binary) => payload = protocol.read_bytes()?,
                (Some(8), TType::Struct) => owner = Some(Owner::decode(protocol)?),
                (Some(9), TType::Bool) => active = protocol.read_bool()?,
                (Some(10), TType::Bool) => verified = protocol.read_bool()?,
                (Some(11), TType::Double) => score = protocol.read_double()?,
                (Some(12), TType::Binary) => note = Some(protocol.read_faststr()?),
                (_, other) => {
                    protocol.skip(other)?;
                }
            }
            protocol.read_field_end()?;
        }
        protocol.read_struct_end()?;
        Ok(Order {
            id: id.ok_or_else(|| missing("Order.id"))?,
            account_id,
            name,
            email,
            item_ids,
            tags,
            payload,
            owner: owner.unwrap_or_default(),
            active,
            verified,
            score,
            note,
        })
    }

    async fn decode_async<T: TAsyncInputProtocol>(
        protocol: &mut T,
    ) -> Result<Self, ThriftException> {
        let mut id = None;
        let mut account_id = 0;
        let mut name = FastStr::default();
        let mut email = FastStr::default();
        let mut item_ids = Vec::new();
        let mut tags = BTreeMap::new();
        let mut payload = Bytes::new();
        let mut owner = None;
        let mut active = false;
        let mut verified = false;
        let mut score = 0.0;
        let mut note = None;
        protocol.read_struct_begin().await?;
        loop {
            let field = protocol.read_field_begin().await?;
            if field.field_type == TType::Stop {
                break;
            }
            match (field.id, field.field_type) {
                (Some(1), TType::I64) => id = Some(protocol.read_i64().await?),
                (Some(2), TType::I64) => account_id = protocol.read_i64().await?,
                (Some(3), TType::Binary) => name = protocol.read_faststr().await?,
                (Some(4), TType::Binary) => email = protocol.read_faststr().await?,
                (Some(5), TType::List) => {
                    let header = protocol.read_list_begin().await?;
                    let mut items = Vec::with_capacity(header.size);
                    for _ in 0..header.size {
                        items.push(protocol.read_i64().await?);
                    }
                    protocol.read_list_end().await?;
                    item_ids = items;
                }
                (Some(6), TType::Map) => {
                    let header = protocol.read_map_begin().await?;
                    let mut map = BTreeMap::new();
                    for _ in 0..header.size {
                        let key = protocol.read_faststr().await?;
                        let value = protocol.read_faststr().await?;
                        map.insert(key, value);
                    }
                    protocol.read_map_end().await?;
                    tags = map;
                }
                (Some(7), TType::Binary) => payload = protocol.read_bytes().await?,
                (Some(8), TType::Struct) => owner = Some(Owner::decode_async(protocol).await?),
                (Some(9), TType::Bool) => active = protocol.read_bool().await?,
                (Some(10), TType::Bool) => verified = protocol.read_bool().await?,
                (Some(11), TType::Double) => score = protocol.read_double().await?,
                (Some(12), TType::Binary) => note = Some(protocol.read_faststr().await?),
                (_, other) => {
                    protocol.skip(other).await?;
                }
            }
            protocol.read_field_end().await?;
        }
        protocol.read_struct_end().await?;
        Ok(Order {
            id: id.ok_or_else(|| missing("Order.id"))?,
            account_id,
            name,
            email,
            item_ids,
            tags,
            payload,
            owner: owner.unwrap_or_default(),
            active,
            verified,
            score,
            note,
        })
    }

    fn size<T: TLengthProtocol>(&self, protocol: &mut T) -> usize {
        protocol.struct_begin_len(&TStructIdentifier { name: "Order" })
            + protocol.i64_field_len(Some(1), self.id)
            + protocol.i64_field_len(Some(2), self.account_id)
            + protocol.faststr_field_len(Some(3), &self.name)
            + protocol.faststr_field_len(Some(4), &self.email)
            + protocol.list_field_len(Some(5), TType::I64, &self.item_ids, |p, item| {
                p.i64_len(*item)
            })
            + protocol.btree_map_field_len(
                Some(6),
                TType::Binary,
                TType::Binary,
                &self.tags,
                |p, key| p.faststr_len(key),
                |p, value| p.faststr_len(value),
            )
            + protocol.bytes_field_len(Some(7), &self.payload)
            + protocol.struct_field_len(Some(8), &self.owner)
            + protocol.bool_field_len(Some(9), self.active)
            + protocol.bool_field_len(Some(10), self.verified)
            + protocol.double_field_len(Some(11), self.score)
            + self
                .note
                .as_ref()
                .map_or(0, |note| protocol.faststr_field_len(Some(12), note))
            + protocol.field_stop_len()
            + protocol.struct_end_len()
    }
}

/// The same value as `order`, in pilota's types.
pub fn from_trift(order: &crate::realistic::Order) -> Order {
    Order {
        id: order.id,
        account_id: order.account_id,
        name: FastStr::new(&order.name),
        email: FastStr::new(&order.email),
        item_ids: order.item_ids.clone(),
        tags: order
            .tags
            .iter()
            .map(|(k, v)| (FastStr::new(k), FastStr::new(v)))
            .collect(),
        payload: order.payload.clone(),
        owner: Owner {
            id: order.owner.id,
            name: FastStr::new(&order.owner.name),
            rank: order.owner.rank,
        },
        active: order.active,
        verified: order.verified,
        score: order.score,
        note: order.note.as_deref().map(FastStr::new),
    }
}
