//! # sumbench
//!
//! What a data-processing strategy costs in wall time and in memory, shown side by side.
//!
//! The experiment is the classic one: sum the integers `0..10,000,000` as a materialized
//! list, as a lazy generator, and as a generator of chunks, and see what each costs. In
//! Rust the answers need care: LLVM folds a plain lazy sum into `n(n−1)/2`, the kernel's
//! first touch of a fresh buffer costs more than the arithmetic, and a growing `Vec`
//! holds more heap (its capacity) than it ever has resident. sumbench measures all of it and
//! says which is which, for two workloads: a generated range and numbers read from a file.
//!
//! - [`strategy`]: the [`Strategy`](strategy::Strategy) trait and the two element modes.
//! - [`workloads`]: the two workloads (`range`, `file`), their strategies and the one
//!   registry that lists them.
//! - [`alloc`]: the counting global allocator (stats_alloc plus live and peak bytes).
//! - [`os`]: page faults and resident memory from the kernel.
//! - [`plot`]: what every chart shares: colours, legend style.
//! - [`rss`]: the exact peak resident memory of one call (the kernel's high-water mark).
//! - [`python`]: the seed's own Python programs, measured beside their Rust counterparts.
//! - [`measure`]: running a strategy and measuring time, heap and faults together.
//! - [`export`]: tables, JSON, CSV and Markdown, written atomically.
//! - [`suite`]: the bench suite's plan of groups and points.
//! - [`report`]: the bench report: criterion's times and the memory pass joined, fitted,
//!   charted and written to `reports/`.
//! - [`timeline`]: memory over time and per-phase increments.
//! - [`tradeoff`]: the Pareto front of time against memory, the verdict in words and the
//!   trade-off chart.
//! - [`baseline`]: a run saved by name, and the exact memory changes of a later run.

/// Writes one line to standard error, ignoring a failure: a closed or full standard error
/// must not end the program (`eprintln!` panics then), nor change its exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod alloc;
pub mod app;
pub mod baseline;
pub mod export;
pub mod machine;
pub mod measure;
pub mod os;
pub mod plot;
pub mod python;
pub mod report;
pub mod rss;
pub mod stats;
pub mod suite;
pub mod timeline;
pub mod tradeoff;
pub mod units;
pub mod workloads;

pub use alloc::CountingAlloc;
pub use app::{Comparison, ComparisonArgs, Failure, RunOptions};
pub use measure::Contender;
