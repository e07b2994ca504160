//! `rayon_sum`: the lazy sum, split across rayon's thread pool.

use rayon::prelude::*;

use crate::workloads::strategy::{Element, Params, RAYON_SCHEDULER_BYTES, Strategy, SumError, Workload};
use sumbench::timeline::phase;

/// Sums `0..n` with a rayon parallel iterator: each worker sums its own sub-range and the
/// partial sums are added. Nothing is materialized. As written, each sub-range's sum folds
/// to a closed form too.
#[derive(Debug, Clone, Copy, Default)]
pub struct RayonSum;

impl Strategy for RayonSum {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "rayon_sum";
    const DESCRIPTION: &'static str =
        "rayon parallel sum of 0..n across all cores, storing nothing";
    const PARALLEL: bool = true;

    /// Nothing of its own: rayon's jobs live on the workers' stacks. Only the scheduler's
    /// queues may allocate a block now and then.
    fn heap_bound(&self, _params: &Params) -> u64 {
        RAYON_SCHEDULER_BYTES
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("parallel sum");
        Ok((0..params.n).into_par_iter().map(E::item).sum())
    }
}
