//! [`Encode`]/[`Decode`] for lists (`Vec`), sets (`BTreeSet`, `HashSet`) and
//! maps (`BTreeMap`, `HashMap`).
//!
//! Decoders check that the element types on the wire are the ones the Rust
//! type expects, and preallocate no more elements than the bytes left in the
//! frame could hold, so a hostile length cannot make them allocate.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use super::{Decode, Encode, WireType};
use crate::protocol::{ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter, TType};

/// Checks that a container's element type on the wire is `expected`.
///
/// Empty containers pass whatever they declare: the compact protocol writes no
/// types for an empty map.
#[inline]
pub fn check_element_type(found: TType, expected: TType, len: usize) -> ProtocolResult<()> {
    if found == expected || len == 0 {
        Ok(())
    } else {
        Err(element_type_error(found, expected))
    }
}

#[cold]
fn element_type_error(found: TType, expected: TType) -> ProtocolError {
    ProtocolError::invalid(format!(
        "container element type {found:?} on the wire, expected {expected:?}"
    ))
}

/// How many elements of `T` to preallocate for a declared length: never more
/// than the bytes left could hold, counting each element as at least its
/// in-memory size.
#[inline]
pub(super) fn capacity_for<T, R: ProtocolReader + ?Sized>(len: usize, reader: &R) -> usize {
    len.min(reader.remaining() / std::mem::size_of::<T>().max(1))
}

impl<T: WireType> WireType for Vec<T> {
    const TTYPE: TType = TType::List;
}

impl<T: Encode> Encode for Vec<T> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_list_begin(T::TTYPE, self.len())?;
        T::encode_elements(self, writer)?;
        writer.write_list_end()
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_list_begin()?;
        check_element_type(header.elem, T::TTYPE, header.len)?;
        let mut list = Vec::with_capacity(capacity_for::<T, R>(header.len, reader));
        T::decode_elements(reader, header.len, &mut list)?;
        reader.read_list_end()?;
        Ok(list)
    }
}

impl<T: WireType> WireType for BTreeSet<T> {
    const TTYPE: TType = TType::Set;
}

impl<T: Encode> Encode for BTreeSet<T> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_set_begin(T::TTYPE, self.len())?;
        for element in self {
            element.encode(writer)?;
        }
        writer.write_set_end()
    }
}

impl<T: Decode + Ord> Decode for BTreeSet<T> {
    /// Collects the elements first and builds the tree in bulk, as for
    /// [`BTreeMap`].
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_set_begin()?;
        check_element_type(header.elem, T::TTYPE, header.len)?;
        let mut elements = Vec::with_capacity(capacity_for::<T, R>(header.len, reader));
        T::decode_elements(reader, header.len, &mut elements)?;
        reader.read_set_end()?;
        Ok(BTreeSet::from_iter(elements))
    }
}

impl<T: WireType, S> WireType for HashSet<T, S> {
    const TTYPE: TType = TType::Set;
}

impl<T: Encode, S> Encode for HashSet<T, S> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_set_begin(T::TTYPE, self.len())?;
        for element in self {
            element.encode(writer)?;
        }
        writer.write_set_end()
    }
}

impl<T: Decode + Eq + Hash, S: BuildHasher + Default> Decode for HashSet<T, S> {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_set_begin()?;
        check_element_type(header.elem, T::TTYPE, header.len)?;
        let capacity = capacity_for::<T, R>(header.len, reader);
        let mut set = HashSet::with_capacity_and_hasher(capacity, S::default());
        for _ in 0..header.len {
            set.insert(T::decode(reader)?);
        }
        reader.read_set_end()?;
        Ok(set)
    }
}

impl<K: WireType, V: WireType> WireType for BTreeMap<K, V> {
    const TTYPE: TType = TType::Map;
}

impl<K: Encode, V: Encode> Encode for BTreeMap<K, V> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_map_begin(K::TTYPE, V::TTYPE, self.len())?;
        for (key, value) in self {
            key.encode(writer)?;
            value.encode(writer)?;
        }
        writer.write_map_end()
    }
}

impl<K: Decode + Ord, V: Decode> Decode for BTreeMap<K, V> {
    /// Collects the entries first and builds the tree in bulk: peers write
    /// maps in key order more often than not, and a sorted bulk build skips
    /// the per-insert search. Later duplicates win, as with inserts.
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_map_begin()?;
        check_element_type(header.key, K::TTYPE, header.len)?;
        check_element_type(header.value, V::TTYPE, header.len)?;
        let mut entries = Vec::with_capacity(capacity_for::<(K, V), R>(header.len, reader));
        for _ in 0..header.len {
            let key = K::decode(reader)?;
            let value = V::decode(reader)?;
            entries.push((key, value));
        }
        reader.read_map_end()?;
        Ok(BTreeMap::from_iter(entries))
    }
}

impl<K: WireType, V: WireType, S> WireType for HashMap<K, V, S> {
    const TTYPE: TType = TType::Map;
}

impl<K: Encode, V: Encode, S> Encode for HashMap<K, V, S> {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_map_begin(K::TTYPE, V::TTYPE, self.len())?;
        for (key, value) in self {
            key.encode(writer)?;
            value.encode(writer)?;
        }
        writer.write_map_end()
    }
}

impl<K, V, S> Decode for HashMap<K, V, S>
where
    K: Decode + Eq + Hash,
    V: Decode,
    S: BuildHasher + Default,
{
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let header = reader.read_map_begin()?;
        check_element_type(header.key, K::TTYPE, header.len)?;
        check_element_type(header.value, V::TTYPE, header.len)?;
        let capacity = capacity_for::<(K, V), R>(header.len, reader);
        let mut map = HashMap::with_capacity_and_hasher(capacity, S::default());
        for _ in 0..header.len {
            let key = K::decode(reader)?;
            let value = V::decode(reader)?;
            map.insert(key, value);
        }
        reader.read_map_end()?;
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use std::collections::{BTreeMap, HashMap};

    use super::capacity_for;
    use crate::protocol::BinaryReader;

    #[test]
    fn preallocation_is_bounded_by_the_bytes_left() {
        let reader = BinaryReader::new(Bytes::from(vec![0u8; 1000]));
        // A declared 2^31 - 1 elements of 4 KiB each: at most 1000 / 4096
        // of them could be present, so nothing is preallocated.
        assert_eq!(capacity_for::<[u8; 4096], _>(0x7fff_ffff, &reader), 0);
        assert_eq!(capacity_for::<u64, _>(0x7fff_ffff, &reader), 125);
        assert_eq!(capacity_for::<u64, _>(10, &reader), 10);
        assert_eq!(capacity_for::<(), _>(0x7fff_ffff, &reader), 1000);
    }

    #[test]
    fn duplicate_map_keys_keep_the_last_value_like_inserts() {
        // map<i8, i8> {1: 10, 2: 20, 1: 30} in the binary protocol.
        let frame = Bytes::from_static(&[3, 3, 0, 0, 0, 3, 1, 10, 2, 20, 1, 30]);
        let map: BTreeMap<i8, i8> = crate::codec::from_binary(frame.clone()).unwrap();
        assert_eq!(map, BTreeMap::from([(1, 30), (2, 20)]));
        let map: HashMap<i8, i8> = crate::codec::from_binary(frame).unwrap();
        assert_eq!(map, HashMap::from([(1, 30), (2, 20)]));
    }
}
