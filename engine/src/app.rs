//! The command-line layer, shared: the options every comparison takes ([`RunOptions`]),
//! how a command ends ([`Failure`]), the one run pipeline ([`run::run`]), and the public
//! [`Comparison`] through which a crate of its own compares its strategies. `sumbench`'s
//! own binary adds only what is particular to its workloads (choosing a workload, `--input`,
//! `--cold`, the `timeline`, `python` and `report` commands).

pub mod args;
mod comparison;
pub mod exit;
pub mod run;
mod sweep;
mod timelines;

pub use args::RunOptions;
pub use comparison::{Comparison, ComparisonArgs, only_checking};
pub use exit::Failure;
pub use sweep::Sweep;
