//! Configurable limits that bound what a peer can make us allocate or recurse.
//!
//! Readers check these before allocating. Independently of the configured
//! limits, a reader never trusts a declared length beyond the bytes actually
//! left in the frame it decodes.

/// Limits applied while decoding (and, for sizes, while framing).
///
/// Defaults follow Apache Thrift's `TConfiguration`: 100 MiB messages,
/// 16,384,000-byte frames, recursion depth 64. String and container limits
/// default to the message size: the bytes present bound them anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest message accepted, in bytes.
    pub max_message_size: usize,
    /// Largest frame accepted by framed transports, in bytes (excluding the
    /// 4-byte length prefix).
    pub max_frame_size: usize,
    /// Longest string or binary value accepted, in bytes.
    pub max_string_len: usize,
    /// Most elements accepted in one list, set or map.
    pub max_container_len: usize,
    /// Deepest nesting of structs and containers accepted. Values above
    /// [`Limits::MAX_DEPTH_CEILING`] are treated as that ceiling so that a
    /// configuration cannot make decoding overflow the stack.
    pub max_depth: u16,
}

impl Limits {
    /// Apache Thrift's default `MaxMessageSize` (100 MiB).
    pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 100 * 1024 * 1024;
    /// Apache Thrift's default `MaxFrameSize`.
    pub const DEFAULT_MAX_FRAME_SIZE: usize = 16_384_000;
    /// Apache Thrift's default recursion limit.
    pub const DEFAULT_MAX_DEPTH: u16 = 64;
    /// The hard ceiling on nesting depth, whatever is configured.
    pub const MAX_DEPTH_CEILING: u16 = 1024;

    /// The effective depth limit (`max_depth` capped at the ceiling).
    pub fn depth_limit(&self) -> u16 {
        self.max_depth.min(Self::MAX_DEPTH_CEILING)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_size: Self::DEFAULT_MAX_MESSAGE_SIZE,
            max_frame_size: Self::DEFAULT_MAX_FRAME_SIZE,
            max_string_len: Self::DEFAULT_MAX_MESSAGE_SIZE,
            max_container_len: Self::DEFAULT_MAX_MESSAGE_SIZE,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }
}
