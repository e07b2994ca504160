//! The engine: the probes, and running any strategies to measure wall time, heap and what
//! the kernel saw.
//!
//! The probes: [`alloc`] (the counting global allocator: exact heap figures), [`os`] (page
//! faults, resident memory, bytes read from storage) and [`rss`] (the exact peak resident
//! memory of one call), with [`machine`] describing where it ran.
//!
//! The protocol: a [`Contender`] is a strategy as a named call, a [`Case`] what they must
//! all answer. [`run_all`] primes each, runs shuffled warm-up and timed rounds with counting
//! off, then pairs of uncounted and counted calls for the memory figures, and summarises
//! each contender as one [`StrategyResult`]. One [`Sample`] is one counted call with the
//! clock, the heap counters and the fault counters around it ([`sample`]). The side-by-side
//! run, the bench's passes, the Python comparisons, a crate's own [`crate::Comparison`] and
//! the tests all measure through these, so every figure comes from one piece of code.

use std::time::{Duration, Instant};

pub mod alloc;
mod budget;
mod calls;
mod case;
mod figures;
mod labels;
pub mod machine;
pub mod os;
mod result;
mod rounds;
pub mod rss;
mod runner;
pub mod worker;

pub use budget::{TooBig, available_memory, heap_fits};
pub use case::{About, Call, Case, Contender, Hook, InputInfo};
pub use figures::MemoryFigures;
pub use labels::{CacheState, Mode, Workload};
pub use result::{Check, CountingCost, StrategyResult, TimeFigures, TrimmedHeap};
pub(crate) use rounds::{DEFAULT_BUDGET, MAX_ROUNDS, MIN_ROUNDS};
pub use rounds::{
    Measured, Progress, Repetitions, Ticks, calls, fresh_seed, prime, run_all, warm_up_once,
};
pub use worker::{Launch, Workers};

use crate::measure::rss::{PeakRss, PeakRssWatch};
use alloc::HeapUsage;

/// One call of a strategy, measured.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    /// Wall time of the call alone.
    pub elapsed: Duration,
    /// Its heap usage, all threads included.
    pub heap: HeapUsage,
    /// Minor page faults the whole process took during the call.
    pub minor_faults: u64,
    /// Major page faults (ones that waited for storage) the whole process took.
    pub major_faults: u64,
    /// Bytes the process fetched from storage during the call (`/proc/self/io`).
    pub read_bytes: u64,
    /// Resident set size after the call minus before it, in bytes (what it kept resident).
    pub rss_delta_bytes: i64,
    /// The most memory resident at once during the call, above the start (see
    /// [`crate::measure::rss`]).
    pub peak_rss: PeakRss,
}

/// Calls `contender` once with the counting allocator on and measures it: its answer and
/// the call's figures. The input is checked before and after the call, outside the
/// figures; a call that fails, a changed input or a missing counting allocator is an error.
pub fn sample<O>(contender: &Contender<'_, O>, case: &Case<'_, O>) -> anyhow::Result<(O, Sample)> {
    case.input_unchanged()?;
    let (answer, sample) = contender.counted()?;
    // Before the answer is looked at: an input changed during the call explains a wrong one.
    case.input_unchanged()?;
    Ok((answer?, sample))
}

/// Runs `call` once with the clock, the heap counters and the kernel's counters around it
/// and nothing else: what [`sample`] measures of one call.
pub(crate) fn probed<T>(call: impl FnOnce() -> T) -> anyhow::Result<(T, Sample)> {
    let rss_before = os::current_rss_bytes().unwrap_or(0);
    let read_before = os::storage_read_bytes().unwrap_or(0);
    let faults_before = os::rusage();
    let peak_watch = PeakRssWatch::start();
    let ((output, elapsed), heap) = alloc::measure(|| {
        let start = Instant::now();
        let output = call();
        (output, start.elapsed())
    })?;
    let peak_rss = peak_watch.finish();
    let faults_after = os::rusage();
    let read_after = os::storage_read_bytes().unwrap_or(0);
    let rss_after = os::current_rss_bytes().unwrap_or(0);
    let sample = Sample {
        elapsed,
        heap,
        minor_faults: faults_after
            .minor_faults
            .saturating_sub(faults_before.minor_faults),
        major_faults: faults_after
            .major_faults
            .saturating_sub(faults_before.major_faults),
        read_bytes: read_after.saturating_sub(read_before),
        rss_delta_bytes: rss_after as i64 - rss_before as i64,
        peak_rss,
    };
    Ok((output, sample))
}

/// Bytes [`run_all`] keeps per round and strategy (at most), for the memory check before a
/// run.
pub const SAMPLE_BYTES: u64 = std::mem::size_of::<Sample>() as u64;

/// Megabytes (10^6 bytes) per second: `bytes` read in `ns` nanoseconds.
pub fn megabytes_per_second(bytes: u64, ns: u64) -> f64 {
    if ns == 0 {
        0.0
    } else {
        bytes as f64 * 1e3 / ns as f64
    }
}

pub(crate) fn duration_ns(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// Nanoseconds per element; 0 for an empty range.
pub(crate) fn per_element(total_ns: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        total_ns as f64 / n as f64
    }
}

/// The median (the lower middle for an even count); sorts `values`.
pub fn median<T: Ord + Copy>(values: &mut [T]) -> T {
    values.sort_unstable();
    values[(values.len() - 1) / 2]
}

/// The smallest non-zero step `Instant` reports between two reads: below a few of these a
/// time is noise.
pub(crate) fn timer_resolution() -> Duration {
    let mut smallest = Duration::MAX;
    for _ in 0..1_000 {
        let start = Instant::now();
        let mut now = Instant::now();
        while now == start {
            now = Instant::now();
        }
        smallest = smallest.min(now - start);
    }
    smallest
}

/// Below this, a time per element is a quarter of a CPU cycle (0.2 ns at 5 GHz) or less
/// on each of this machine's cores: the loop cannot have visited the elements one by one.
/// 0.05, not lower: `rayon_sum` as written folds each piece, and what is left is rayon's
/// dispatch, about 0.02 ns per element at 10^7 here and more under load, which a lower
/// threshold let into the verdict as if it were a loop.
pub const FOLDED_NS_PER_ELEMENT: f64 = 0.05;

/// Whether a range sum of `n` elements timed at `ns_per_element` cannot have visited its
/// elements: the compiler computed it in closed form. Parsed file values cannot be folded.
pub fn folded(workload: Option<Workload>, n: u64, ns_per_element: f64) -> bool {
    workload == Some(Workload::Range) && n >= 100_000 && ns_per_element < FOLDED_NS_PER_ELEMENT
}

/// A result's name in a warning: `vec (as_written)` where the run has modes, else the
/// strategy's name alone.
fn labelled(result: &StrategyResult) -> String {
    match result.mode {
        Some(mode) => format!("{} ({mode})", result.strategy),
        None => result.strategy.clone(),
    }
}

/// Plain-words warnings about a result, in the spirit of hyperfine's.
pub fn warnings(result: &StrategyResult, timer_resolution: Duration) -> Vec<String> {
    let mut warnings = Vec::new();
    if !result.check.correct {
        warnings.push(match (result.check.sum, result.check.expected_sum) {
            (Some(sum), Some(expected)) => {
                let source = match &result.input.input_path {
                    Some(path) => format!("the values of {path}"),
                    None => format!("0..{}", result.n),
                };
                format!(
                    "{} returned {sum} but the sum of {source} is {expected}",
                    result.strategy
                )
            }
            _ => format!("{} returned a wrong answer", result.strategy),
        });
    }
    let resolution_ns = duration_ns(timer_resolution).max(1);
    // A batched sample times many calls: its reading, not one call, meets the clock.
    if result
        .time
        .median_ns
        .saturating_mul(result.time.calls_per_sample.max(1))
        < 100 * resolution_ns
    {
        warnings.push(format!(
            "{} took {} ns, within 100× the timer's resolution ({} ns): the time is \
             mostly timer noise",
            labelled(result),
            result.time.median_ns,
            resolution_ns
        ));
    }
    if folded(result.input.workload, result.n, result.time.ns_per_element) {
        warnings.push(format!(
            "{} took {:.4} ns per element, far below one CPU cycle: the compiler \
             computed the sum without visiting the elements (a closed form), so this is \
             not a per-element cost{}",
            labelled(result),
            result.time.ns_per_element,
            match result.mode {
                Some(Mode::AsWritten) => "; run with --opaque to measure the real loop",
                _ => "",
            }
        ));
    }
    if let Some(bound) = result
        .heap_bound_bytes
        .filter(|&bound| result.memory.peak_bytes > bound)
    {
        warnings.push(format!(
            "{} held {} B of heap at its peak, above its declared bound of {bound} B",
            result.strategy, result.memory.peak_bytes
        ));
    }
    warnings
}

#[cfg(test)]
pub(crate) mod tests;
