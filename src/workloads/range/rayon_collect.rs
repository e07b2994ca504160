//! `rayon_collect`: the list, built and summed in parallel.

use std::hint::black_box;

use rayon::prelude::*;

use crate::workloads::strategy::{ELEMENT_BYTES, Element, Params, RAYON_SCHEDULER_BYTES, Strategy, SumError, Workload};
use sumbench::timeline::phase;

/// Collects `0..n` into a `Vec<u64>` with a rayon parallel iterator (rayon sizes the
/// buffer exactly and each worker writes its own slice), then sums it in parallel: the
/// page faults of the first touch are shared between the cores.
#[derive(Debug, Clone, Copy, Default)]
pub struct RayonCollect;

impl Strategy for RayonCollect {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "rayon_collect";
    const DESCRIPTION: &'static str =
        "rayon parallel collect of 0..n into a Vec<u64>, then a parallel sum of it";
    const PARALLEL: bool = true;

    fn heap_bound(&self, params: &Params) -> u64 {
        params
            .n
            .saturating_mul(ELEMENT_BYTES)
            .saturating_add(RAYON_SCHEDULER_BYTES)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("parallel collect");
        let values: Vec<u64> = (0..params.n).into_par_iter().map(E::item).collect();
        let values = black_box(values);
        phase("parallel sum");
        let total = values.par_iter().sum();
        phase("free");
        drop(values);
        Ok(total)
    }
}
