//! [`Metadata`]: the key/value headers of one call or one reply.

use std::fmt;

/// Key/value headers that travel with one call or one reply: THeader info
/// headers, or HTTP headers.
///
/// Keys keep the case they are given (THeader keys are case-sensitive); HTTP
/// lowercases header names, so keys meant to cross both should be lowercase.
/// Setting a key again replaces its value. An empty `Metadata` allocates
/// nothing and is one pointer wide, so messages without headers pay nothing.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    // Boxed on purpose: one pointer inside every `IncomingMessage`, where
    // most messages (plain framed and unframed) carry no headers at all.
    #[allow(clippy::box_collection)]
    entries: Option<Box<Vec<(String, String)>>>,
}

impl Metadata {
    /// No headers.
    #[inline]
    pub const fn new() -> Self {
        Metadata { entries: None }
    }

    /// Sets `key` to `value`, replacing an earlier value of `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let (key, value) = (key.into(), value.into());
        let entries = self.entries.get_or_insert_default();
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => entries.push((key, value)),
        }
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.slice()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let entries = self.entries.as_mut()?;
        let at = entries.iter().position(|(k, _)| k == key)?;
        Some(entries.remove(at).1)
    }

    /// Every key and value, in the order they were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.slice().iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many keys are set.
    #[inline]
    pub fn len(&self) -> usize {
        self.slice().len()
    }

    /// Whether no key is set.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.slice().is_empty()
    }

    fn slice(&self) -> &[(String, String)] {
        self.entries.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Sets every key of `other` here, its values winning.
    pub fn extend_from(&mut self, other: &Metadata) {
        for (key, value) in other.iter() {
            self.insert(key, value);
        }
    }

    /// The pairs, owned, as THeader info headers are written.
    pub(crate) fn into_pairs(self) -> Vec<(String, String)> {
        self.entries.map(|entries| *entries).unwrap_or_default()
    }

    /// Headers from pairs read off the wire (a key repeated later wins).
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut metadata = Metadata::new();
        for (key, value) in pairs {
            metadata.insert(key, value);
        }
        metadata
    }
}

impl fmt::Debug for Metadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Metadata {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut metadata = Metadata::new();
        for (key, value) in iter {
            metadata.insert(key, value);
        }
        metadata
    }
}

#[cfg(test)]
mod tests {
    use super::Metadata;

    #[test]
    fn a_key_set_again_keeps_its_place_and_takes_the_new_value() {
        let mut metadata = Metadata::new();
        metadata.insert("a", "1");
        metadata.insert("b", "2");
        metadata.insert("a", "3");
        assert_eq!(
            metadata.iter().collect::<Vec<_>>(),
            [("a", "3"), ("b", "2")]
        );
        assert_eq!(metadata.remove("a").as_deref(), Some("3"));
        assert_eq!(metadata.get("a"), None);
        assert_eq!(metadata.len(), 1);
    }

    #[test]
    fn pairs_from_the_wire_keep_the_last_value_of_a_repeated_key() {
        let metadata =
            Metadata::from_pairs(vec![("k".into(), "old".into()), ("k".into(), "new".into())]);
        assert_eq!(metadata.get("k"), Some("new"));
        assert_eq!(metadata.len(), 1);
    }
}
