//! Key types for sets and maps whose IDL key type has no `Hash + Eq` in Rust.
//!
//! [`OrderedF64`] gives a `double` a total order (Hash, Eq and Ord agree with
//! `f64::total_cmp`), so `set<double>` and `map<double, V>` can be hash sets
//! and maps. [`VecSet`] and [`VecMap`] keep the elements of a set or map in
//! wire order, for key types that cannot be hashed at all (a struct with a
//! `double` or a `map` field): they round-trip every element and never drop
//! duplicates, which is what a peer sent.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use super::{Decode, Encode, WireType, check_element_type, containers::capacity_for};
use crate::protocol::{ProtocolReader, ProtocolResult, ProtocolWriter, TType};

/// A `double` that is `Hash`, `Eq` and `Ord` by IEEE 754 total order
/// (`f64::total_cmp`): `-0.0 < 0.0`, and NaNs are equal to themselves.
#[derive(Clone, Copy, Default)]
pub struct OrderedF64(pub f64);

impl OrderedF64 {
    /// The wrapped value.
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl PartialEq for OrderedF64 {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0) == Ordering::Equal
    }
}

impl Eq for OrderedF64 {}

impl PartialOrd for OrderedF64 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedF64 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Hash for OrderedF64 {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // total_cmp equality is bit equality, so hashing the bits agrees with Eq.
        self.0.to_bits().hash(state);
    }
}

impl fmt::Debug for OrderedF64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for OrderedF64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<f64> for OrderedF64 {
    fn from(value: f64) -> Self {
        OrderedF64(value)
    }
}

impl From<OrderedF64> for f64 {
    fn from(value: OrderedF64) -> Self {
        value.0
    }
}

impl WireType for OrderedF64 {
    const TTYPE: TType = TType::Double;
}

impl Encode for OrderedF64 {
    #[inline]
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_double(self.0)
    }
}

impl Decode for OrderedF64 {
    #[inline]
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        reader.read_double().map(OrderedF64)
    }
}

/// A Thrift `set` kept as a `Vec` in wire order, for element types that are
/// not `Hash + Eq` in Rust. Duplicates a peer sends are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct VecSet<T>(pub Vec<T>);

/// A Thrift `map` kept as a `Vec` of entries in wire order, for key types that
/// are not `Hash + Eq` in Rust. Duplicate keys a peer sends are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct VecMap<K, V>(pub Vec<(K, V)>);

impl<T> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        VecSet(iter.into_iter().collect())
    }
}

impl<K, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        VecMap(iter.into_iter().collect())
    }
}

impl<T: WireType> WireType for VecSet<T> {
    const TTYPE: TType = TType::Set;
}

impl<T: Encode> Encode for VecSet<T> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_set_begin(T::TTYPE, self.0.len())?;
        for element in &self.0 {
            element.encode(writer)?;
        }
        writer.write_set_end()
    }
}

impl<T: Decode> Decode for VecSet<T> {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_set_begin()?;
        check_element_type(header.elem, T::TTYPE, header.len)?;
        let mut set = Vec::with_capacity(capacity_for::<T, R>(header.len, reader));
        for _ in 0..header.len {
            set.push(T::decode(reader)?);
        }
        reader.read_set_end()?;
        Ok(VecSet(set))
    }
}

impl<K: WireType, V: WireType> WireType for VecMap<K, V> {
    const TTYPE: TType = TType::Map;
}

impl<K: Encode, V: Encode> Encode for VecMap<K, V> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_map_begin(K::TTYPE, V::TTYPE, self.0.len())?;
        for (key, value) in &self.0 {
            key.encode(writer)?;
            value.encode(writer)?;
        }
        writer.write_map_end()
    }
}

impl<K: Decode, V: Decode> Decode for VecMap<K, V> {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_map_begin()?;
        check_element_type(header.key, K::TTYPE, header.len)?;
        check_element_type(header.value, V::TTYPE, header.len)?;
        let mut map = Vec::with_capacity(capacity_for::<(K, V), R>(header.len, reader));
        for _ in 0..header.len {
            let key = K::decode(reader)?;
            let value = V::decode(reader)?;
            map.push((key, value));
        }
        reader.read_map_end()?;
        Ok(VecMap(map))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::protocol::{BinaryReader, BinaryWriter};

    #[test]
    fn ordered_f64_orders_and_hashes_by_total_order() {
        assert!(OrderedF64(-0.0) < OrderedF64(0.0));
        assert_eq!(OrderedF64(f64::NAN), OrderedF64(f64::NAN));
        let set: HashSet<OrderedF64> = [1.5, 1.5, f64::NAN, f64::NAN, -0.0, 0.0]
            .into_iter()
            .map(OrderedF64)
            .collect();
        assert_eq!(set.len(), 4);
    }

    #[test]
    fn vec_map_keeps_wire_order_and_duplicates() {
        let map = VecMap(vec![(2.5f64, 1i32), (1.0, 2), (2.5, 3)]);
        let mut bytes = Vec::new();
        map.encode(&mut BinaryWriter::new(&mut bytes)).unwrap();
        let back = VecMap::<f64, i32>::decode(&mut BinaryReader::new(bytes.into())).unwrap();
        assert_eq!(back, map);
        let set = VecSet(vec![OrderedF64(1.0), OrderedF64(1.0)]);
        let mut bytes = Vec::new();
        set.encode(&mut BinaryWriter::new(&mut bytes)).unwrap();
        let back = VecSet::<OrderedF64>::decode(&mut BinaryReader::new(bytes.into())).unwrap();
        assert_eq!(back, set);
    }
}
