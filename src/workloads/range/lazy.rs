//! `lazy`: the seed's generator. Sum the iterator; nothing is stored.

use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload, elements};
use sumbench::timeline::phase;

/// Sums `0..n` straight from the iterator. As written, LLVM replaces the loop with
/// `n(n−1)/2` and the time is a few nanoseconds whatever `n`; in opaque mode it is the real
/// cost of pulling each element through the iterator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lazy;

impl Strategy for Lazy {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "lazy";
    const DESCRIPTION: &'static str =
        "sum the iterator 0..n directly, storing nothing (the seed's generator)";

    fn heap_bound(&self, _params: &Params) -> u64 {
        0
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("sum");
        Ok(elements::<E>(params.n).sum())
    }
}
