//! `vec_push`: a list grown one element at a time, as a Python list grows.

use std::hint::black_box;

use crate::workloads::strategy::{ELEMENT_BYTES, Element, Params, Strategy, SumError, Workload, elements};
use sumbench::timeline::phase;

/// Starts from an empty `Vec` and `push`es each element, letting it double its capacity as
/// it goes; then sums it. Each doubling is a `realloc`, which changes live heap by
/// `new − old` (as DHAT counts it), so the heap peaks at the final capacity: up to twice the
/// data. Only the pages written are resident, so its peak RSS is about the data's size:
/// glibc grows a large block with `mremap`, which moves pages instead of copying them.
#[derive(Debug, Clone, Copy, Default)]
pub struct VecPush;

/// The capacity `Vec<u64>` reaches after `n` pushes from empty: it starts at 4 elements
/// (std's minimum non-zero capacity for 8-byte elements) and doubles.
/// Saturates at `u64::MAX` where the next power of two does not fit.
fn final_capacity(n: u64) -> u64 {
    match n {
        0 => 0,
        _ => n.checked_next_power_of_two().unwrap_or(u64::MAX).max(4),
    }
}

impl Strategy for VecPush {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "vec_push";
    const DESCRIPTION: &'static str =
        "push 0..n one by one into a growing Vec (capacity doubling), then sum it";

    fn heap_bound(&self, params: &Params) -> u64 {
        // Exact: the final capacity; a realloc never holds more than the new block.
        final_capacity(params.n).saturating_mul(ELEMENT_BYTES)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("push");
        let mut values = Vec::new();
        for value in elements::<E>(params.n) {
            values.push(value);
        }
        let values = black_box(values);
        phase("sum");
        let total = values.iter().sum();
        phase("free");
        drop(values);
        Ok(total)
    }
}
