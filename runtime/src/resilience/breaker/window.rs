//! The breaker's sliding window: call and failure counts in time buckets.

use tokio::time::Instant;

use super::BreakerConfig;

/// Call counts in time buckets; old buckets are reset lazily when reused.
pub(super) struct Window {
    origin: Instant,
    bucket_nanos: u128,
    buckets: Vec<Bucket>,
}

#[derive(Clone, Copy, Default)]
struct Bucket {
    index: u128,
    calls: u32,
    failures: u32,
}

impl Window {
    pub(super) fn new(config: &BreakerConfig, now: Instant) -> Self {
        let n = config.window_buckets.max(1);
        Window {
            origin: now,
            bucket_nanos: (config.window.as_nanos() / u128::from(n)).max(1),
            buckets: vec![Bucket::default(); n as usize],
        }
    }

    fn index(&self, now: Instant) -> u128 {
        // Index 0 is never "current", so default buckets never count.
        now.saturating_duration_since(self.origin).as_nanos() / self.bucket_nanos + 1
    }

    pub(super) fn record(&mut self, now: Instant, failed: bool) {
        let index = self.index(now);
        let len = self.buckets.len() as u128;
        let slot = usize::try_from(index % len).unwrap_or(0);
        if let Some(bucket) = self.buckets.get_mut(slot) {
            if bucket.index != index {
                *bucket = Bucket {
                    index,
                    calls: 0,
                    failures: 0,
                };
            }
            bucket.calls += 1;
            bucket.failures += u32::from(failed);
        }
    }

    pub(super) fn totals(&self, now: Instant) -> (u32, u32) {
        let current = self.index(now);
        let len = self.buckets.len() as u128;
        self.buckets
            .iter()
            .filter(|bucket| bucket.index != 0 && bucket.index + len > current)
            .fold((0, 0), |(calls, failures), bucket| {
                (calls + bucket.calls, failures + bucket.failures)
            })
    }
}
