//! What a recording holds: the heap series, the RSS samples, the phases, and the peaks.

use serde::{Deserialize, Serialize};

use crate::measure::alloc::HeapUsage;
use crate::measure::rss::PeakRss;

/// A point of the heap series: live bytes above the recording's start, from this instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapPoint {
    /// Nanoseconds since the recording started.
    pub t_ns: u64,
    /// Live heap bytes above those live at the start (negative if the strategy freed
    /// memory allocated before it).
    pub bytes: i64,
}

/// A sample of the resident set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RssPoint {
    /// Nanoseconds since the recording started.
    pub t_ns: u64,
    /// Resident set size above the one sampled when the recording started, in bytes.
    pub bytes: i64,
}

/// One row of the phase table, in memory_profiler's spirit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// The name the strategy gave it (or `(whole run)` for a strategy that marks none).
    pub name: String,
    /// When it began, ns since the recording started.
    pub start_ns: u64,
    /// How long it lasted, ns.
    pub duration_ns: u64,
    /// Live heap bytes above the start when the phase ended (memory_profiler's "Mem usage").
    pub end_bytes: i64,
    /// The change of live bytes across the phase (memory_profiler's "Increment").
    pub increment_bytes: i64,
    /// The most bytes live at any instant inside the phase, above the start: what
    /// memory_profiler's table cannot show.
    pub peak_bytes: i64,
    /// Heap allocations made during the phase, all threads.
    pub allocations: u64,
}

/// Growth of the resident set up to this many bytes, with no heap at all, counts as
/// allocating nothing: a few pages of stack and of the recorder's own.
pub const QUIET_RSS_BYTES: u64 = crate::measure::rss::RSS_SLACK_BYTES;

/// Everything recorded while one closure ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recording {
    /// The heap series, time-ordered: a first point at 0 (the start), one per change of
    /// live bytes, and a last point at the end.
    pub heap: Vec<HeapPoint>,
    /// The resident set, sampled every [`RSS_INTERVAL`](crate::measure::rss::RSS_INTERVAL).
    pub rss: Vec<RssPoint>,
    /// The most resident memory the closure held above its start: the kernel's exact
    /// high-water mark where it can be reset, else the largest sample (see [`crate::measure::rss`]).
    pub peak_rss: PeakRss,
    /// The phases, in order; their increments add up to the total change.
    pub phases: Vec<Phase>,
    /// The closure's exact heap figures (its peak is exact even if events were dropped).
    pub usage: HeapUsage,
    /// Changes of live bytes not stored because the buffer was full.
    pub dropped_events: u64,
    /// How long the closure ran, ns.
    pub duration_ns: u64,
}

impl Recording {
    /// Whether the closure allocated nothing: 0 B of heap at every point, and at most
    /// [`QUIET_RSS_BYTES`] more resident. Its chart would be an empty frame, so reports
    /// say this in one line instead.
    pub fn allocates_nothing(&self) -> bool {
        self.heap.iter().all(|p| p.bytes == 0) && self.peak_rss.bytes <= QUIET_RSS_BYTES
    }
}

impl Recording {
    /// The recorded point with the most bytes live (the first, if several tie).
    pub fn peak_point(&self) -> Option<HeapPoint> {
        self.heap
            .iter()
            .copied()
            .reduce(|best, p| if p.bytes > best.bytes { p } else { best })
    }
}
