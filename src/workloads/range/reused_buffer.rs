//! `reused_buffer`: chunked, with one buffer allocated once and refilled.

use std::hint::black_box;

use crate::workloads::strategy::{ELEMENT_BYTES, Element, Params, Strategy, SumError, Workload, elements};
use sumbench::timeline::phase;

/// Fills one `chunk_size`-slot buffer from the iterator, sums it, clears it and refills it:
/// the chunked idea without itertools' shared state or an allocation per chunk. The heap
/// is one chunk, allocated once.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReusedBuffer;

impl Strategy for ReusedBuffer {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "reused_buffer";
    const DESCRIPTION: &'static str =
        "one chunk_size buffer allocated once, refilled and summed chunk after chunk";
    const CHUNKED: bool = true;

    fn heap_bound(&self, params: &Params) -> u64 {
        (params.chunk_len() as u64).saturating_mul(ELEMENT_BYTES)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("allocate");
        let capacity = params.chunk_len();
        let mut buffer: Vec<u64> = Vec::with_capacity(capacity);
        phase("sum chunks");
        let mut source = elements::<E>(params.n);
        let mut total = 0;
        loop {
            buffer.clear();
            buffer.extend(source.by_ref().take(capacity));
            if buffer.is_empty() {
                break;
            }
            total += black_box(&buffer).iter().sum::<u64>();
        }
        phase("free");
        drop(buffer);
        Ok(total)
    }
}
