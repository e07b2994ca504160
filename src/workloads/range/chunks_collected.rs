//! `chunks_collected`: each chunk materialized before it is summed, as the seed's Python
//! does with `list(chunk)`.

use std::hint::black_box;

use itertools::Itertools;

use crate::workloads::strategy::{ELEMENT_BYTES, Element, Params, Strategy, SumError, Workload, elements};
use sumbench::timeline::phase;

/// Splits the iterator with [`Itertools::chunks`], copies each chunk into a fresh `Vec` of
/// `chunk_size` capacity, and sums that: one allocation per chunk, one chunk alive at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChunksCollected;

impl Strategy for ChunksCollected {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "chunks_collected";
    const DESCRIPTION: &'static str =
        "itertools chunks(chunk_size), each chunk collected into a new Vec, then summed";
    const CHUNKED: bool = true;

    fn heap_bound(&self, params: &Params) -> u64 {
        (params.chunk_len() as u64).saturating_mul(ELEMENT_BYTES)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("sum chunks");
        let capacity = params.chunk_len();
        let chunks = elements::<E>(params.n).chunks(params.chunk_size);
        let mut total = 0;
        for chunk in &chunks {
            // A chunk's iterator has no exact size hint, so reserve the chunk up front
            // rather than let `collect` grow (and reallocate) it.
            let mut buffer = Vec::with_capacity(capacity);
            buffer.extend(chunk);
            total += black_box(buffer).iter().sum::<u64>();
        }
        Ok(total)
    }
}
