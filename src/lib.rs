//! # sumbench
//!
//! What a data-processing strategy costs in wall time and in memory, shown side by side.
//!
//! The experiment is the classic one: sum the integers `0..10,000,000` as a materialized
//! list, as a lazy generator, and as a generator of chunks, and see what each costs. In
//! Rust the answers need care: LLVM folds a plain lazy sum into `n(n−1)/2`, the kernel's
//! first touch of a fresh buffer costs more than the arithmetic, and a growing `Vec`
//! holds more heap (its capacity) than it ever has resident. sumbench measures all of it and says which is which.
//!
//! - [`strategy`]: the [`Strategy`](strategy::Strategy) trait and the two element modes.
//! - [`strategies`]: the registry of every shipped strategy.
//! - [`alloc`]: the counting global allocator (stats_alloc plus live and peak bytes).
//! - [`os`]: page faults and resident memory from the kernel.
//! - [`rss`]: the exact peak resident memory of one call (the kernel's high-water mark).
//! - [`python`]: the seed's own Python programs, measured beside their Rust counterparts.
//! - [`measure`]: running a strategy and measuring time, heap and faults together.
//! - [`export`]: tables, JSON, CSV and Markdown, written atomically.
//! - [`suite`]: the bench suite's plan of groups and points.
//! - [`report`]: the bench report: criterion's times and the memory pass joined, fitted,
//!   charted and written to `reports/`.
//! - [`timeline`]: memory over time and per-phase increments.

pub mod alloc;
pub mod export;
pub mod machine;
pub mod measure;
pub mod os;
pub mod python;
pub mod report;
pub mod rss;
pub mod strategy;
pub mod suite;
pub mod timeline;
pub mod units;
pub mod workloads;
