//! `vec_push`: a list grown one element at a time, as a Python list grows.

use std::hint::black_box;

use crate::strategy::{ELEMENT_BYTES, Element, Params, Strategy, elements};
use crate::timeline::phase;

/// Starts from an empty `Vec` and `push`es each element, letting it double its capacity as
/// it goes; then sums it. Each doubling is a `realloc` that briefly holds the old and the
/// new buffer, so it peaks at about three times the final data.
#[derive(Debug, Clone, Copy, Default)]
pub struct VecPush;

/// The capacity `Vec<u64>` reaches after `n` pushes from empty: it starts at 4 elements
/// (std's minimum non-zero capacity for 8-byte elements) and doubles.
fn final_capacity(n: u64) -> u64 {
    if n == 0 { 0 } else { n.next_power_of_two().max(4) }
}

impl Strategy for VecPush {
    const NAME: &'static str = "vec_push";
    const DESCRIPTION: &'static str =
        "push 0..n one by one into a growing Vec (capacity doubling), then sum it";

    fn heap_bound(&self, params: &Params) -> u64 {
        let capacity = final_capacity(params.n);
        // The last growth holds the final buffer and the half-size one it replaces.
        let previous = if capacity > 4 { capacity / 2 } else { 0 };
        (capacity + previous) * ELEMENT_BYTES
    }

    fn sum<E: Element>(&self, params: &Params) -> u64 {
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
        total
    }
}
