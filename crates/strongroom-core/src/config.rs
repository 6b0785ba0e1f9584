//! Per-instance settings.

/// Settings of one [`Crypto`](crate::Crypto) instance.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Upper bound on memory charged to keys in this instance (material plus a fixed
    /// per-key overhead: slot, reader shards, prepared forms). Persistent keys beyond it are
    /// evicted (least recently used first, CLOCK); when nothing can be evicted, creation and
    /// loading fail with `INSUFFICIENT_MEMORY`. Default: 256 MiB.
    pub memory_limit: usize,
    /// Number of reader-registration stripes per key (rounded up to a power of two). More
    /// stripes spread the readers of one hot key over more cache lines; each costs 128
    /// bytes per key. Default: the number of CPUs, at most 64.
    pub reader_shards: usize,
}

impl Default for Config {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            memory_limit: 256 << 20,
            reader_shards: cpus.clamp(1, 64),
        }
    }
}

impl Config {
    /// Sets [`memory_limit`](Self::memory_limit).
    pub fn with_memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = bytes;
        self
    }
    /// Sets [`reader_shards`](Self::reader_shards).
    pub fn with_reader_shards(mut self, n: usize) -> Self {
        self.reader_shards = n.max(1);
        self
    }
}
