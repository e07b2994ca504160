//! `vec`: the seed's list. Materialize all of `0..n`, then sum it.

use std::hint::black_box;

use crate::workloads::strategy::{ELEMENT_BYTES, Element, Params, Strategy, SumError, Workload, elements};
use sumbench::timeline::phase;

/// Collects `0..n` into a `Vec<u64>` of exact capacity (one allocation of 8·n bytes), then
/// sums it. Most of its time is the kernel's first touch of those pages, not the addition.
#[derive(Debug, Clone, Copy, Default)]
pub struct VecCollect;

impl Strategy for VecCollect {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "vec";
    const DESCRIPTION: &'static str =
        "collect 0..n into a Vec<u64> of exact capacity, then sum it (the seed's list)";

    fn heap_bound(&self, params: &Params) -> u64 {
        params.n.saturating_mul(ELEMENT_BYTES)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("collect");
        // `Range::map` is `TrustedLen`, so `collect` allocates exactly n elements once.
        let values: Vec<u64> = elements::<E>(params.n).collect();
        // The buffer escapes, so the optimizer cannot elide the allocation.
        let values = black_box(values);
        phase("sum");
        let total = values.iter().sum();
        phase("free");
        drop(values);
        Ok(total)
    }
}
