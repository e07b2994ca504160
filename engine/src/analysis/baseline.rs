//! Memory baselines, in the manner of criterion's time baselines: a run saved under a
//! name, and a later run compared with it strategy by strategy.
//!
//! Heap figures are exact and the same in every run of the same code, so a change in them
//! is a change in the code, and a gate on them can allow 0 % growth. Peak RSS is the
//! kernel's count of resident pages: it is exact for one call, but it moves by a few pages
//! between identical runs (a thread's stack, the allocator's bookkeeping), so growth within
//! [`RSS_SLACK_BYTES`] is not held against it. Times are medians of a few runs on a shared
//! machine, and are compared with the caveat criterion gives: a change is only called one
//! when the two runs' ranges do not overlap, and even then it is not a statistical test.

use crate::measure::{Mode, StrategyResult};

mod comparison;
mod delta;

pub use crate::measure::rss::RSS_SLACK_BYTES;
pub use comparison::{BaselineComparison, Change, compare_rows};
pub use delta::{Delta, TimeChange};

/// Growth of peak heap up to this many bytes does not fail a gate for a strategy on
/// rayon's pool (a contender marked parallel): its
/// scheduler allocates a queue block of a few KiB in some calls and not in identical others.
pub const SCHEDULER_SLACK_BYTES: u64 = 64 * 1024;

/// One strategy's (or one bench point's) figures, as a comparison sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The strategy's name, or the bench point's key.
    pub label: String,
    /// Its element mode, where the label does not say it.
    pub mode: Option<Mode>,
    /// Peak live heap bytes.
    pub peak_heap: u64,
    /// Peak resident bytes above the start.
    pub peak_rss: u64,
    /// Heap allocations.
    pub allocations: u64,
    /// Bytes allocated.
    pub bytes_allocated: u64,
    /// Median, fastest and slowest call, ns, where timed (criterion times the benches).
    pub time: Option<(u64, u64, u64)>,
    /// Heap growth not held against it: [`SCHEDULER_SLACK_BYTES`] on rayon's pool, else 0.
    pub heap_slack: u64,
}

impl Row {
    /// The row of a side-by-side run's result.
    pub fn of(result: &StrategyResult) -> Row {
        Row {
            label: result.strategy.clone(),
            mode: result.mode,
            peak_heap: result.memory.peak_bytes,
            peak_rss: result.memory.peak_rss_bytes,
            allocations: result.memory.allocations,
            bytes_allocated: result.memory.bytes_allocated,
            time: Some((
                result.time.median_ns,
                result.time.min_ns,
                result.time.max_ns,
            )),
            heap_slack: heap_slack(result.parallel),
        }
    }
}

/// [`SCHEDULER_SLACK_BYTES`] for a strategy on rayon's pool, else 0.
pub fn heap_slack(parallel: bool) -> u64 {
    if parallel { SCHEDULER_SLACK_BYTES } else { 0 }
}
