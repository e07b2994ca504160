//! # sumbench
//!
//! What your strategies cost in wall time and in memory, shown side by side.
//!
//! [`Comparison`] measures any code: paired rounds with a median, its interval and paired
//! ratios; exact peak heap, allocations and bytes from a counting allocator; peak RSS and
//! page faults from the kernel; a verdict that knows a tie; the trade-off chart; JSON, CSV,
//! Markdown and tracker exports; memory baselines with a gate; the same flags for every
//! comparison.
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
//! A strategy may get its own copy of the input for each call, made outside the figures
//! ([`Comparison::strategy_mut`], for in-place work such as sorting), or return an output
//! of its own type ([`Comparison::strategy_output`]). [`Sweep`] runs one comparison per
//! size and fits how each strategy's time and peak heap grow, with where the faster one
//! changes. Each run writes `latest.json`, `latest.md`, `latest.html` and its trade-off
//! chart; [`Comparison::run`] and [`Sweep::run`] also return the typed reports.
//!
//! With the `criterion` feature, `Comparison::bench` times the strategies with criterion
//! and then adds the exact memory figures and the same report.
//!
//! ## Layers
//!
//! Each layer names only the ones below it (`scripts/module_cycles.py` checks that no
//! import cycle exists):
//!
//! - [`stats`]: medians, distribution-free intervals, paired ratios and the tie rule.
//! - [`measure`]: the probes (the counting allocator in [`measure::alloc`], the kernel's
//!   faults and resident memory in [`measure::os`] and [`measure::rss`]) and the one
//!   sampling protocol ([`measure::run_all`]) that runs any [`Contender`]s.
//! - [`analysis`]: the trade-off (Pareto front, verdict) and the comparison with a
//!   baseline.
//! - [`render`], [`export`]: the trade-off chart; tables, JSON, CSV, Markdown and tracker
//!   formats, written as atomic file sets with `sumbench_page`.
//! - [`timeline`]: memory over time, every change of live heap with its timestamp, the
//!   resident set sampled beside it, and named phases.
//! - [`app`]: the command line every comparison shares, [`Comparison`] and [`Sweep`].

pub mod analysis;
pub mod app;
pub mod export;
pub mod measure;
pub mod render;
pub mod stats;
pub mod timeline;

pub use app::{Comparison, ComparisonArgs, Failure, RunOptions, Sweep};
pub use export::sweep::SweepReport;
pub use measure::Contender;
pub use measure::alloc::CountingAlloc;
