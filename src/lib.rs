//! sumbench's own application, a client of the [`sumbench`] engine: the seed's experiment
//! in Rust.
//!
//! The experiment is the classic one: sum the integers `0..10,000,000` as a materialized
//! list, as a lazy generator, and as a generator of chunks, and see what each costs. In
//! Rust the answers need care: LLVM folds a plain lazy sum into `n(n−1)/2`, the kernel's
//! first touch of a fresh buffer costs more than the arithmetic, and a growing `Vec`
//! holds more heap (its capacity) than it ever has resident. sumbench measures all of it and
//! says which is which, for two workloads: a generated range and numbers read from a file.
//!
//! - [`workloads`]: the built-in range and file workloads: the
//!   [`Strategy`](workloads::strategy::Strategy) trait, the registry, the data file and its
//!   parser.
//! - [`suite`], [`report`], [`python`]: the bench's plan and passes, the report in
//!   `reports/`, the seed's Python programs beside the Rust strategies. Memory over time is
//!   the engine's [`sumbench::timeline`].

pub mod python;
pub mod report;
pub mod suite;
pub mod workloads;
