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
//! ## Comparing your own strategies
//!
//! [`Comparison`] gives any code what the built-in workloads get: interleaved rounds with a
//! median, its interval and paired ratios; exact peak heap, allocations and bytes; peak RSS
//! and page faults from the kernel; a verdict that knows a tie; the trade-off chart; JSON,
//! CSV, Markdown and tracker exports; memory baselines with a gate; the same flags.
//!
//! ```no_run
//! use sumbench::{Comparison, CountingAlloc};
//!
//! #[global_allocator]
//! static ALLOCATOR: CountingAlloc = CountingAlloc;
//!
//! fn main() -> std::process::ExitCode {
//!     let words = "the cat and the hat and the bat".repeat(10_000);
//!     Comparison::new("distinct words", words.as_str())
//!         .reference(|text| {
//!             let mut all: Vec<&str> = text.split(' ').collect();
//!             all.sort_unstable();
//!             all.dedup();
//!             all.len()
//!         })
//!         .strategy("hash_set", |text| {
//!             text.split(' ').collect::<std::collections::HashSet<_>>().len()
//!         })
//!         .strategy("btree_set", |text| {
//!             text.split(' ').collect::<std::collections::BTreeSet<_>>().len()
//!         })
//!         .main()
//! }
//! ```
//!
//! With the `criterion` feature, `Comparison::bench` times the strategies with criterion
//! and then adds the exact memory figures and the same report.
//!
//! ## Layers
//!
//! Each layer names only the ones below it (`scripts/module_cycles.py` checks that no
//! import cycle exists):
//!
//! - [`units`], [`stats`]: formatting figures for people; medians, distribution-free
//!   intervals, paired ratios and the tie rule.
//! - [`measure`]: the probes (the counting allocator in [`measure::alloc`], the kernel's
//!   faults and resident memory in [`measure::os`] and [`measure::rss`]) and the one
//!   sampling protocol ([`measure::run_all`]) that runs any [`Contender`]s.
//! - [`analysis`]: the trade-off (Pareto front, verdict) and the comparison with a
//!   baseline.
//! - [`render`], [`export`]: charts; tables, JSON, CSV, Markdown and tracker formats,
//!   written as atomic file sets.
//! - [`workloads`]: the built-in range and file workloads, clients of the engine like any
//!   crate: the [`Strategy`](workloads::strategy::Strategy) trait, the registry, the data
//!   file and its parser.
//! - `timeline`, `suite`, `report`, `python`: sumbench's own commands (memory over time,
//!   the bench's plan and passes, the report in `reports/`, the seed's Python programs
//!   beside the Rust strategies); public for its binary and benches, hidden from these
//!   docs.
//! - [`app`]: the command line every comparison shares, and [`Comparison`].

/// Writes one line to standard error, ignoring a failure: a closed or full standard error
/// must not end the program (`eprintln!` panics then), nor change its exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod analysis;
pub mod app;
pub mod export;
pub mod measure;
#[doc(hidden)] // sumbench's own commands and benches, not an API.
pub mod python;
pub mod render;
#[doc(hidden)] // sumbench's own commands and benches, not an API.
pub mod report;
pub mod stats;
#[doc(hidden)] // sumbench's own commands and benches, not an API.
pub mod suite;
#[doc(hidden)] // sumbench's own commands and benches, not an API.
pub mod timeline;
pub mod units;
pub mod workloads;

pub use app::{Comparison, ComparisonArgs, Failure, RunOptions};
pub use measure::Contender;
pub use measure::alloc::CountingAlloc;
