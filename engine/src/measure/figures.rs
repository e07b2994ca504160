//! [`MemoryFigures`]: what one call held and cost in memory, the one figure type every
//! row, pass, baseline and export carries (flattened into rows with serde).

use serde::{Deserialize, Serialize};

use super::Sample;
use crate::measure::rss::PeakRssSource;

/// What one call held and cost in memory: the counting allocator's exact heap figures (all
/// threads) and the kernel's figures for the whole process during the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryFigures {
    /// Peak live heap bytes above the start, all threads: the most held at once (exact).
    pub peak_bytes: u64,
    /// Heap allocations (`alloc` + `alloc_zeroed`).
    pub allocations: u64,
    /// `realloc` calls.
    pub reallocations: u64,
    /// Bytes allocated (a growing realloc adds its growth).
    pub bytes_allocated: u64,
    /// Minor page faults of the process during the call.
    pub minor_faults: u64,
    /// Major page faults (waits for storage) of the process during the call.
    #[serde(default)]
    pub major_faults: u64,
    /// Bytes the process fetched from storage during the call (`read_bytes` of
    /// `/proc/self/io`): 0 when the page cache served everything.
    #[serde(default)]
    pub read_bytes: u64,
    /// The most memory resident at once during the call, above the resident set at its
    /// start, in bytes, whole process.
    pub peak_rss_bytes: u64,
    /// `kernel` (the high-water mark, exact) or `sampled` (may miss a short peak).
    pub peak_rss_source: PeakRssSource,
}

impl Sample {
    /// The call's memory figures.
    pub fn memory(&self) -> MemoryFigures {
        MemoryFigures {
            peak_bytes: self.heap.peak_bytes,
            allocations: self.heap.allocations,
            reallocations: self.heap.reallocations,
            bytes_allocated: self.heap.bytes_allocated,
            minor_faults: self.minor_faults,
            major_faults: self.major_faults,
            read_bytes: self.read_bytes,
            peak_rss_bytes: self.peak_rss.bytes,
            peak_rss_source: self.peak_rss.source,
        }
    }
}
