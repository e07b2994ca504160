//! `itertools_chunks`: the seed's generator of chunks, with `Itertools::chunks`.

use itertools::Itertools;

use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload, elements};
use sumbench::timeline::phase;

/// Splits the iterator with [`Itertools::chunks`] and sums each chunk lazily, without
/// storing it. `chunks` shares one `RefCell`-guarded state between the chunk iterators,
/// so each element pays a borrow check: no heap, but slower than a plain loop.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItertoolsChunks;

impl Strategy for ItertoolsChunks {
    const WORKLOAD: Workload = Workload::Range;
    const NAME: &'static str = "itertools_chunks";
    const DESCRIPTION: &'static str =
        "itertools chunks(chunk_size), each chunk summed lazily (the seed's chunked generator)";
    const CHUNKED: bool = true;

    /// Chunks consumed in order, each to its end, are never buffered by itertools.
    fn heap_bound(&self, _params: &Params) -> u64 {
        0
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        phase("sum");
        let chunks = elements::<E>(params.n).chunks(params.chunk_size);
        Ok(chunks.into_iter().map(|chunk| chunk.sum::<u64>()).sum())
    }
}
