//! The [`Strategy`] trait every strategy implements, the two workloads, and the two element
//! modes.
//!
//! A strategy belongs to one [`Workload`]: it sums the integers `0..n` (`range`), or the
//! numbers of a text file, one per line (`file`). A range strategy is written once,
//! generically over an [`Element`] mode, and the harness runs it in either mode:
//!
//! - [`Plain`]: each element is `i` itself, the code *as written*. LLVM is free to see
//!   through it, and does: `(0..n).sum()` becomes Gauss's closed form `n(n−1)/2` even for a
//!   runtime `n`, so its time is not the cost of visiting ten million elements.
//! - [`BlackBoxed`]: each element passes through [`std::hint::black_box`], which the
//!   optimizer must treat as an unknown value. The loop is then really executed, element by
//!   element, and its time is the per-element cost.
//!
//! Authors implement [`Strategy`]; the harness uses [`DynStrategy`], which every
//! `Strategy` gets for free, so that the registry can hold strategies of different types.

use std::sync::Arc;

pub use super::sums::{SumError, expected_sum};
use crate::workloads::input::DataFile;
pub use sumbench::measure::{Mode, Workload};

/// The inputs every strategy receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// Range: sum the integers `0..n` (exclusive), as the seed's `range(0, n)`.
    /// File: the number of values in the file (its non-blank lines).
    pub n: u64,
    /// Range: elements per chunk for the chunked strategies. File: bytes per read buffer
    /// for the chunked strategy. Ignored by the others. Never 0.
    pub chunk_size: usize,
    /// The data file of the file workload; `None` for the range workload.
    pub file: Option<Arc<DataFile>>,
}

impl Params {
    /// The chunk size the seed experiment uses.
    pub const DEFAULT_CHUNK_SIZE: usize = 10_000;

    /// Parameters of the range workload: sum `0..n` in chunks of `chunk_size`.
    pub fn range(n: u64, chunk_size: usize) -> Self {
        Self {
            n,
            chunk_size,
            file: None,
        }
    }

    /// Parameters of the file workload: sum the values of `file`, reading `chunk_size`
    /// bytes at a time where a strategy reads in chunks.
    pub fn file(file: DataFile, chunk_size: usize) -> Self {
        Self {
            n: file.values,
            chunk_size,
            file: Some(Arc::new(file)),
        }
    }

    /// The workload these parameters describe.
    pub fn workload(&self) -> Workload {
        if self.file.is_some() {
            Workload::File
        } else {
            Workload::Range
        }
    }

    /// The data file, or an error for a file strategy given the range workload.
    pub fn data_file(&self) -> Result<&DataFile, SumError> {
        self.file.as_deref().ok_or(SumError::NoInput)
    }

    /// The correct answer: `n(n−1)/2` for the range, the file's checked sum for a file;
    /// `None` when it does not fit in a `u64`.
    pub fn expected_sum(&self) -> Option<u64> {
        match &self.file {
            None => expected_sum(self.n),
            Some(file) => Some(file.sum),
        }
    }

    /// `n` as a `usize`, for capacities. Callers refuse sizes above the available memory
    /// before any strategy runs, so on a 64-bit target this never saturates in practice.
    pub fn n_usize(&self) -> usize {
        usize::try_from(self.n).unwrap_or(usize::MAX)
    }

    /// The chunk size, never more than `n`: a buffer for one chunk needs no more.
    pub fn chunk_len(&self) -> usize {
        self.chunk_size.min(self.n_usize())
    }
}

/// How each element of `0..n` is produced, chosen at compile time so that neither mode
/// pays for a branch per element.
pub trait Element {
    /// The element the strategy sees for index `i`.
    fn item(i: u64) -> u64;
}

/// Elements as written: `i` itself, visible to the optimizer.
#[derive(Debug, Clone, Copy)]
pub struct Plain;

impl Element for Plain {
    #[inline(always)]
    fn item(i: u64) -> u64 {
        i
    }
}

/// Elements made opaque one by one with [`std::hint::black_box`], so no closed form or
/// vectorised shortcut can skip them.
#[derive(Debug, Clone, Copy)]
pub struct BlackBoxed;

impl Element for BlackBoxed {
    #[inline(always)]
    fn item(i: u64) -> u64 {
        std::hint::black_box(i)
    }
}

/// The lazy sequence `0..n` in element mode `E`: the common source of every strategy.
#[inline]
pub fn elements<E: Element>(n: u64) -> impl Iterator<Item = u64> + Clone {
    (0..n).map(E::item)
}

/// One way of summing. Implement this in a new file under `src/workloads/<workload>/` and
/// add one line to the registry in `src/workloads.rs`; the CLI, the benches, the
/// reports and the tests pick it up from there.
pub trait Strategy: Sync {
    /// The workload the strategy sums; the registry lists it under the same name.
    const WORKLOAD: Workload;
    /// Short, unique, snake_case name, used on the command line and in reports.
    const NAME: &'static str;
    /// One line saying what the strategy does (and what in the seed it stands for).
    const DESCRIPTION: &'static str;
    /// Whether `chunk_size` changes what it does; the chunk-size sweep runs only these.
    const CHUNKED: bool = false;
    /// Whether it runs on rayon's pool. Its heap figures then include the scheduler's
    /// queue blocks, which identical calls allocate or not (a few KiB), so a memory
    /// baseline allows it [`SCHEDULER_SLACK_BYTES`](sumbench::analysis::baseline::SCHEDULER_SLACK_BYTES).
    const PARALLEL: bool = false;

    /// The most heap bytes the strategy may hold at once for these parameters, counted as
    /// the counting allocator counts them (a `realloc` changes live bytes by `new − old`).
    /// Use saturating arithmetic: a bound of `u64::MAX` reads "does not fit".
    /// The memory-budget tests hold every strategy to this figure, and the CLI refuses to
    /// run a strategy whose bound exceeds the memory available.
    fn heap_bound(&self, params: &Params) -> u64;

    /// Returns the sum of `0..params.n` (range), producing elements in mode `E`, or of the
    /// values of `params.file` (file; `E` changes nothing, as parsed values cannot be
    /// folded). Anything the strategy materializes must escape through `black_box`, or
    /// LLVM may remove the allocation altogether and the measurement would show memory
    /// never used.
    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError>;
}

/// The object-safe face of a [`Strategy`], implemented for every one of them, so that the
/// registry can list strategies of different types and pick the element mode at run time.
pub trait DynStrategy: Sync {
    /// [`Strategy::WORKLOAD`].
    fn workload(&self) -> Workload;
    /// [`Strategy::NAME`].
    fn name(&self) -> &'static str;
    /// [`Strategy::DESCRIPTION`].
    fn description(&self) -> &'static str;
    /// [`Strategy::CHUNKED`].
    fn chunked(&self) -> bool;
    /// [`Strategy::PARALLEL`].
    fn parallel(&self) -> bool;
    /// [`Strategy::heap_bound`].
    fn heap_bound(&self, params: &Params) -> u64;
    /// [`Strategy::sum`] in the given mode.
    fn run(&self, params: &Params, mode: Mode) -> Result<u64, SumError>;
}

impl<S: Strategy> DynStrategy for S {
    fn workload(&self) -> Workload {
        S::WORKLOAD
    }

    fn name(&self) -> &'static str {
        S::NAME
    }

    fn description(&self) -> &'static str {
        S::DESCRIPTION
    }

    fn chunked(&self) -> bool {
        S::CHUNKED
    }

    fn parallel(&self) -> bool {
        S::PARALLEL
    }

    fn heap_bound(&self, params: &Params) -> u64 {
        Strategy::heap_bound(self, params)
    }

    fn run(&self, params: &Params, mode: Mode) -> Result<u64, SumError> {
        match mode {
            Mode::AsWritten => self.sum::<Plain>(params),
            Mode::Opaque => self.sum::<BlackBoxed>(params),
        }
    }
}

impl std::fmt::Debug for dyn DynStrategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Heap that rayon's scheduler may hold during one parallel call, on top of the data.
///
/// It does not grow with `n`, which is why it is a constant:
/// - crossbeam's injector queue, which carries the jobs sent to the pool from outside it
///   (one per parallel call), allocates a 1,520 B block every 63 jobs, and a block may
///   outlive the call that filled it;
/// - a worker's deque starts with room for 64 jobs (crossbeam-deque's `MIN_CAP`) and grows
///   only when more are pending at once, while a parallel iterator over `n` elements
///   pushes at most one job per level of its split tree, about log2(n) ≤ 64;
/// - the pool's own start-up (its threads, deques and epoch bookkeeping, 19,080 B here) is
///   done by [`sumbench::measure::prime`] before anything is measured.
///
/// Measured on top of the data, at n from 10^3 to 10^9: 0 B in most calls, 1,520 B in one
/// of about 63, a few hundred bytes on occasion. The memory-budget tests hold the parallel
/// strategies to it at n = 10^9.
pub const RAYON_SCHEDULER_BYTES: u64 = 16 * 1024;

/// Bytes of one `u64` element.
pub const ELEMENT_BYTES: u64 = std::mem::size_of::<u64>() as u64;

#[cfg(test)]
mod tests;
