//! The registry: every strategy sumbench knows, grouped by workload, in the order reports
//! list them.
//!
//! Each workload is a folder: `range/` sums the integers `0..n` (the seed's experiment),
//! `file/` sums the numbers of a text file. To add a strategy, write
//! `src/workloads/<workload>/my_strategy.rs` implementing
//! [`Strategy`](crate::workloads::strategy::Strategy) with the matching `WORKLOAD`, and add one line
//! `my_strategy::TypeName,` to that workload's list in the `registry!` below. The CLI, the
//! benches, the reports and the tests all iterate [`REGISTRY`].

use crate::workloads::strategy::{DynStrategy, Workload};

pub mod contenders;
pub mod input;
pub mod parse;
pub mod strategy;
pub mod sums;

/// Declares each workload's module with its support modules and its strategies' modules,
/// re-exports each strategy's type and lists them all in [`REGISTRY`], so a new strategy
/// is one line here.
macro_rules! registry {
    ($(
        $(#[$doc:meta])*
        $workload:ident {
            support: [$($support:ident),* $(,)?],
            strategies: [$($module:ident :: $strategy:ident),* $(,)?] $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            pub mod $workload {
                $(pub mod $support;)*
                $(
                    mod $module;
                    pub use $module::$strategy;
                )*
            }
        )*

        /// Every registered strategy, workload by workload, in the order reports list them.
        pub static REGISTRY: &[&dyn DynStrategy] = &[$($(&$workload::$strategy,)*)*];
    };
}

registry! {
    /// Summing the integers `0..n`: the seed's list, generator and chunks, and the
    /// variants that make the comparison honest.
    range {
        support: [],
        strategies: [
            vec::VecCollect,
            vec_push::VecPush,
            lazy::Lazy,
            itertools_chunks::ItertoolsChunks,
            chunks_collected::ChunksCollected,
            reused_buffer::ReusedBuffer,
            rayon_sum::RayonSum,
            rayon_collect::RayonCollect,
        ],
    }
    /// Summing the numbers of a text file, one unsigned integer per line: the same
    /// question for data that is read, not made.
    file {
        support: [reference],
        strategies: [
            read_all::ReadAll,
            lines::Lines,
            read_line_reused::ReadLineReused,
            chunked::Chunked,
            mmap::Mmap,
            mmap_parallel::MmapParallel,
        ],
    }
}

/// The registered strategies of one workload, in registry order.
pub fn of(workload: Workload) -> impl Iterator<Item = &'static dyn DynStrategy> {
    REGISTRY
        .iter()
        .copied()
        .filter(move |s| s.workload() == workload)
}

/// The registered strategy called `name`, if any.
pub fn find(name: &str) -> Option<&'static dyn DynStrategy> {
    REGISTRY.iter().copied().find(|s| s.name() == name)
}

/// The registered names, comma-separated, for error messages.
pub fn names() -> String {
    REGISTRY
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
