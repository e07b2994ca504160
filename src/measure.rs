//! Running a strategy and measuring it: wall time, heap, and what the kernel saw.
//!
//! One [`Sample`] is one call of a strategy with the clock, the heap counters and the
//! fault counters around it. [`run`] takes a few warm-up samples (rayon's pool, the page
//! cache and the branch predictors settle), then several timed ones, and reports the median
//! time. The CLI, the memory pass of the benches and the tests all measure through
//! [`sample`], so every figure sumbench prints comes from one piece of code.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::alloc::{self, HeapUsage};
use crate::os;
use crate::rss::{PeakRss, PeakRssSource, PeakRssWatch};
use crate::stats::{NoiseFloor, PairedRatio, median_interval};
use crate::strategy::{DynStrategy, Mode, Params, Workload};
use crate::workloads::file::input::{CacheState, DataFile};

/// One call of a strategy, measured.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// What the strategy returned.
    pub sum: u64,
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
    /// [`crate::rss`]).
    pub peak_rss: PeakRss,
}

/// Calls `strategy` once in `mode` and measures it. A file the strategy cannot sum (a bad
/// line, an I/O error) is an error, as is a missing counting allocator.
pub fn sample(strategy: &dyn DynStrategy, params: &Params, mode: Mode) -> anyhow::Result<Sample> {
    input_unchanged(params)?;
    let rss_before = os::current_rss_bytes().unwrap_or(0);
    let read_before = os::storage_read_bytes().unwrap_or(0);
    let faults_before = os::rusage();
    let peak_watch = PeakRssWatch::start();
    let ((sum, elapsed), heap) = alloc::measure(|| {
        let start = Instant::now();
        let sum = strategy.run(params, mode);
        (sum, start.elapsed())
    })?;
    let peak_rss = peak_watch.finish();
    let faults_after = os::rusage();
    let read_after = os::storage_read_bytes().unwrap_or(0);
    let rss_after = os::current_rss_bytes().unwrap_or(0);
    // Before the sum is looked at: a file changed during the call explains a wrong sum.
    input_unchanged(params)?;
    Ok(Sample {
        sum: sum?,
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
    })
}

/// Bytes [`run_all`] keeps per round and strategy (at most), for the memory check before a
/// run.
pub const SAMPLE_BYTES: u64 = std::mem::size_of::<Sample>() as u64;

/// How many rounds to run, and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repetitions {
    /// Untimed rounds first, to settle the thread pool, caches and allocator: every
    /// strategy once per round, in a shuffled order.
    pub warmups: u32,
    /// Measured rounds; the median of each strategy's timed calls is reported. At least 1.
    pub runs: u32,
    /// For the file workload: whether the file's pages are evicted from the page cache
    /// before each measured call. The range workload ignores it.
    pub cache: CacheState,
    /// Seeds the shuffling of every round's order, so that a run can be repeated call for
    /// call.
    pub seed: u64,
}

impl Default for Repetitions {
    fn default() -> Self {
        Self {
            warmups: 2,
            runs: 10,
            cache: CacheState::Warm,
            seed: 0,
        }
    }
}

/// A seed for [`Repetitions::seed`] that differs from run to run.
pub fn fresh_seed() -> u64 {
    fastrand::u64(..)
}

/// One call in a round of [`run_all`].
#[derive(Debug, Clone, Copy)]
enum Call {
    /// Strategy i, timed with counting off.
    Timed(usize),
    /// The first strategy timed a second time, as if it were another: the A/A pair.
    Twin,
}

/// What [`run_all`] measured: one result per strategy, and their times compared round
/// by round.
#[derive(Debug, Clone, PartialEq)]
pub struct Interleaved {
    /// One result per strategy, in the order given.
    pub results: Vec<StrategyResult>,
    /// The paired ratio of every two strategies' timed calls, the earlier-listed one on top.
    pub ratios: Vec<PairedRatio>,
    /// The first strategy against its twin: the smallest difference the run resolves.
    pub noise: Option<NoiseFloor>,
}

/// Runs `strategies` in interleaved rounds for their times, then call by call for their
/// memory, and summarises them.
///
/// 1. **Priming**: every strategy once ([`prime`]).
/// 2. **Times**: `reps.warmups` untimed rounds, then `reps.runs` timed rounds. In each
///    round every strategy is called once with counting off ([`crate::alloc::uncounted`]),
///    and the first strategy a second time as its own twin, in an order shuffled with
///    `reps.seed`: a slow drift of the machine reaches every strategy alike, and the times
///    of one round can be compared pair by pair ([`crate::stats`]).
/// 3. **Memory**: for each strategy in turn (the parallel ones last), [`memory_pairs`]
///    pairs of an uncounted call and a counted one ([`sample`]), in alternating order. The counted calls give the heap
///    and kernel figures; each pair gives what counting costs, side by side. These calls
///    are not interleaved: rayon's workers can allocate a block of their own just after a
///    parallel call returns, which would land in another strategy's exact heap figure, and
///    the allocator's free pages, which shape the next call's resident memory, should be
///    the ones this strategy left.
///
/// `params` must have a `u64` sum (see [`Params::expected_sum`]); the caller checks memory
/// beforehand. With [`CacheState::Cold`] the file is evicted before each measured call.
/// `after_each_call` is told of every call (a progress bar ticks on it): [`calls`] of them.
pub fn run_all(
    strategies: &[&dyn DynStrategy],
    params: &Params,
    mode: Mode,
    reps: Repetitions,
    after_each_call: &mut dyn FnMut(),
) -> anyhow::Result<Interleaved> {
    let expected = params.expected_sum().ok_or(SumOverflow { n: params.n })?;
    if strategies.is_empty() {
        return Ok(Interleaved {
            results: Vec::new(),
            ratios: Vec::new(),
            noise: None,
        });
    }
    for strategy in strategies {
        prime(*strategy, params, mode)?;
    }
    let mut rng = fastrand::Rng::with_seed(reps.seed);
    let count = strategies.len();
    for _ in 0..reps.warmups {
        let mut order: Vec<usize> = (0..count).collect();
        rng.shuffle(&mut order);
        for i in order {
            let (sum, _) = timed_call(strategies[i], params, mode);
            input_unchanged(params)?;
            std::hint::black_box(sum?);
            after_each_call();
        }
    }
    let cold = match (&params.file, reps.cache) {
        (Some(file), CacheState::Cold) => Some(file),
        _ => None,
    };
    let evict = || cold.map_or(Ok(()), |file| file.evict());
    let rounds = reps.runs.max(1) as usize;
    let mut timed: Vec<Vec<u64>> = vec![Vec::with_capacity(rounds); count];
    let mut twin: Vec<u64> = Vec::with_capacity(rounds);
    let mut wrong: Vec<bool> = vec![false; count];
    for _ in 0..rounds {
        let mut calls: Vec<Call> = (0..count).map(Call::Timed).chain([Call::Twin]).collect();
        rng.shuffle(&mut calls);
        for call in calls {
            let i = match call {
                Call::Timed(i) => i,
                Call::Twin => 0,
            };
            evict()?;
            let (sum, ns) = timed_call(strategies[i], params, mode);
            input_unchanged(params)?;
            wrong[i] |= sum? != expected;
            match call {
                Call::Timed(_) => timed[i].push(ns),
                Call::Twin => twin.push(ns),
            }
            after_each_call();
        }
    }

    let mut uncounted: Vec<Vec<u64>> = vec![Vec::with_capacity(memory_pairs(reps)); count];
    let mut counted: Vec<Vec<Sample>> = vec![Vec::with_capacity(memory_pairs(reps)); count];
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| strategies[i].parallel());
    for i in order {
        for pair in 0..memory_pairs(reps) {
            // The two calls of a pair swap places every other pair, so that what the first
            // call leaves to the second (caches, the allocator's free lists) cancels out.
            for counted_call in [pair % 2 == 1, pair % 2 == 0] {
                evict()?;
                if counted_call {
                    let sample = sample(strategies[i], params, mode)?;
                    wrong[i] |= sample.sum != expected;
                    counted[i].push(sample);
                } else {
                    let (sum, ns) = timed_call(strategies[i], params, mode);
                    input_unchanged(params)?;
                    wrong[i] |= sum? != expected;
                    uncounted[i].push(ns);
                }
                after_each_call();
            }
        }
    }
    let resolution = timer_resolution();
    let overhead = crate::alloc::uncounted_overhead(OVERHEAD_ROUNDS, OVERHEAD_BATCH);
    let results: Vec<StrategyResult> = (0..count)
        .map(|i| {
            summarise(
                strategies[i],
                params,
                mode,
                Summary {
                    cache: reps.cache,
                    expected,
                    correct: !wrong[i],
                    times: &timed[i],
                    uncounted: &uncounted[i],
                    samples: &counted[i],
                    overhead,
                },
                resolution,
            )
        })
        .collect();
    let mut ratios = Vec::new();
    for a in 0..count {
        for b in a + 1..count {
            ratios.extend(PairedRatio::of(
                strategies[a].name(),
                &timed[a],
                strategies[b].name(),
                &timed[b],
            ));
        }
    }
    let noise = PairedRatio::of(strategies[0].name(), &timed[0], strategies[0].name(), &twin)
        .map(NoiseFloor::of);
    Ok(Interleaved {
        results,
        ratios,
        noise,
    })
}

/// The calls [`run_all`] makes for `strategies` strategies (priming aside): for a
/// progress bar.
pub fn calls(strategies: usize, reps: Repetitions) -> u64 {
    let strategies = strategies as u64;
    let rounds = u64::from(reps.runs.max(1));
    u64::from(reps.warmups)
        .saturating_mul(strategies)
        .saturating_add(rounds.saturating_mul(strategies + 1))
        .saturating_add((memory_pairs(reps) as u64).saturating_mul(2 * strategies))
}

/// The pairs of uncounted and counted calls of each strategy in [`run_all`]'s memory
/// step: as many as the rounds, at most [`MAX_MEMORY_PAIRS`]. Heap figures repeat call
/// after call, and 6 pairs already give the counting cost a 96.9 % interval; more would
/// only lengthen the run.
pub fn memory_pairs(reps: Repetitions) -> usize {
    (reps.runs.max(1) as usize).min(MAX_MEMORY_PAIRS)
}

/// See [`memory_pairs`].
pub const MAX_MEMORY_PAIRS: usize = 6;

/// What [`summarise`] makes one result of.
struct Summary<'a> {
    cache: CacheState,
    expected: u64,
    /// Whether every call returned `expected`.
    correct: bool,
    /// The timed calls of the interleaved rounds, ns.
    times: &'a [u64],
    /// The uncounted call of each memory pair, ns.
    uncounted: &'a [u64],
    /// The counted call of each memory pair.
    samples: &'a [Sample],
    /// What an allocation costs with counting off, over the system allocator.
    overhead: crate::alloc::UncountedOverhead,
}

/// Rounds and pairs per batch of the counting-off overhead measured in every run: about
/// 4 ms in all.
const OVERHEAD_ROUNDS: usize = 21;
const OVERHEAD_BATCH: u32 = 10_000;

/// One call of `strategy` with counting off, timed: its sum and its wall time in ns.
fn timed_call(
    strategy: &dyn DynStrategy,
    params: &Params,
    mode: Mode,
) -> (Result<u64, crate::strategy::SumError>, u64) {
    crate::alloc::uncounted(|| {
        let start = Instant::now();
        let sum = strategy.run(params, mode);
        (sum, duration_ns(start.elapsed()))
    })
}

/// One strategy's result from its timed calls' times and its counted calls' samples.
fn summarise(
    strategy: &dyn DynStrategy,
    params: &Params,
    mode: Mode,
    summary: Summary,
    timer_resolution: Duration,
) -> StrategyResult {
    let Summary {
        cache,
        expected,
        correct,
        times,
        uncounted,
        samples,
        overhead,
    } = summary;
    let last = *samples.last().expect("at least one round");
    // The heap figures repeat exactly call after call for every strategy but the parallel
    // ones, whose scheduler allocates a queue block now and then: report the call that
    // held the most.
    let largest = *samples
        .iter()
        .max_by_key(|s| s.heap.peak_bytes)
        .expect("at least one round");
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let as_f64: Vec<f64> = times.iter().map(|&t| t as f64).collect();
    let (middle, interval) = median_interval(&as_f64).expect("at least one round");
    let median_ns = middle.round() as u64;
    let counted_ns: Vec<u64> = samples.iter().map(|s| duration_ns(s.elapsed)).collect();
    let cost = PairedRatio::of(strategy.name(), &counted_ns, strategy.name(), uncounted);
    let percent = |ratio: f64| (ratio - 1.0) * 100.0;
    let of_samples = |f: fn(&Sample) -> u64| -> u64 {
        let mut values: Vec<u64> = samples.iter().map(f).collect();
        self::median(&mut values)
    };
    let mut rss: Vec<i64> = samples.iter().map(|s| s.rss_delta_bytes).collect();
    let peak_rss_source = if samples
        .iter()
        .all(|s| s.peak_rss.source == PeakRssSource::Kernel)
    {
        PeakRssSource::Kernel
    } else {
        PeakRssSource::Sampled
    };
    let file = params.file.as_deref();
    let mut result = StrategyResult {
        strategy: strategy.name().to_owned(),
        workload: params.workload(),
        input_path: file.map(|f| f.display.clone()),
        input_bytes: file.map(|f| f.bytes),
        cache: file.map(|_| cache),
        mode,
        n: params.n,
        chunk_size: params.chunk_size,
        sum: last.sum,
        expected_sum: expected,
        correct: correct && samples.iter().all(|s| s.sum == expected),
        runs: times.len() as u32,
        median_ns,
        min_ns: sorted[0],
        max_ns: sorted[sorted.len() - 1],
        ci_low_ns: interval.low as u64,
        ci_high_ns: interval.high as u64,
        ci_coverage: interval.coverage,
        counting_cost_percent: cost.as_ref().map_or(0.0, |c| percent(c.median)),
        counting_cost_low_percent: cost.as_ref().map_or(0.0, |c| percent(c.interval.low)),
        counting_cost_high_percent: cost.as_ref().map_or(0.0, |c| percent(c.interval.high)),
        counting_off_effect_percent: (largest.heap.allocations + largest.heap.reallocations) as f64
            * overhead.interval.high.max(0.0)
            / median_ns.max(1) as f64
            * 100.0,
        ns_per_element: per_element(median_ns, params.n),
        mb_per_s: file.map(|f| megabytes_per_second(f.bytes, median_ns)),
        peak_bytes: largest.heap.peak_bytes,
        allocations: largest.heap.allocations,
        reallocations: largest.heap.reallocations,
        bytes_allocated: largest.heap.bytes_allocated,
        heap_bound_bytes: strategy.heap_bound(params),
        minor_faults: of_samples(|s| s.minor_faults),
        major_faults: of_samples(|s| s.major_faults),
        read_bytes: of_samples(|s| s.read_bytes),
        rss_delta_bytes: median(&mut rss),
        peak_rss_bytes: of_samples(|s| s.peak_rss.bytes),
        peak_rss_source,
        warnings: Vec::new(),
    };
    result.warnings = warnings(&result, timer_resolution);
    result
}

/// Everything measured about one strategy in one mode: one row of every report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyResult {
    /// The strategy's registered name.
    pub strategy: String,
    /// What it summed: the range `0..n` or a file's values.
    #[serde(default)]
    pub workload: Workload,
    /// The file workload's input file, as given; `None` for the range.
    #[serde(default)]
    pub input_path: Option<String>,
    /// The input file's size in bytes; `None` for the range.
    #[serde(default)]
    pub input_bytes: Option<u64>,
    /// Whether the file was in the page cache at the start of each timed call; `None`
    /// for the range.
    #[serde(default)]
    pub cache: Option<CacheState>,
    /// Whether elements were as written or passed through `black_box` one by one.
    pub mode: Mode,
    /// Elements summed: `0..n`, or the file's values (its non-blank lines).
    pub n: u64,
    /// Chunk size given to the chunked strategies.
    pub chunk_size: usize,
    /// What the strategy returned (in its last counted call).
    pub sum: u64,
    /// `n(n−1)/2`, or the file's sum as the reference reader found it.
    pub expected_sum: u64,
    /// Whether every call, timed or counted, returned `expected_sum`.
    pub correct: bool,
    /// Timed runs behind the time figures.
    pub runs: u32,
    /// Median wall time of one call, in nanoseconds.
    pub median_ns: u64,
    /// Fastest call, in nanoseconds.
    pub min_ns: u64,
    /// Slowest call, in nanoseconds.
    pub max_ns: u64,
    /// The low end of the median's distribution-free interval, ns (see [`crate::stats`]).
    #[serde(default)]
    pub ci_low_ns: u64,
    /// The high end of that interval, ns.
    #[serde(default)]
    pub ci_high_ns: u64,
    /// The probability that `ci_low_ns..=ci_high_ns` covers the true median: at least
    /// 0.95 from 6 runs on, less below (the range of 5 runs covers it with 0.9375).
    #[serde(default)]
    pub ci_coverage: f64,
    /// What counting allocations costs this strategy, in percent of its time: the median
    /// over the memory pairs of the counted call's time over the uncounted call's time
    /// beside it (the two take turns at going first), minus one. The times above are of
    /// uncounted calls.
    #[serde(default)]
    pub counting_cost_percent: f64,
    /// The low end of that percentage's interval.
    #[serde(default)]
    pub counting_cost_low_percent: f64,
    /// The high end of that percentage's interval.
    #[serde(default)]
    pub counting_cost_high_percent: f64,
    /// What the counting allocator, switched off, adds to the reported time, in percent:
    /// its allocations and reallocations (each with its free) times the run's measured
    /// [`crate::alloc::UncountedOverhead`], over the median time. Its interval's high end,
    /// so a bound rather than a best guess.
    #[serde(default)]
    pub counting_off_effect_percent: f64,
    /// `median_ns / n`: the time per element (per value, for a file), if the loop really
    /// visited every element.
    pub ns_per_element: f64,
    /// Megabytes (10^6 B) of input per second at the median time; `None` for the range.
    #[serde(default)]
    pub mb_per_s: Option<f64>,
    /// Peak live heap bytes above the start, all threads, of the counted call that held the
    /// most (exact; every run agrees except where rayon's scheduler adds a queue block).
    pub peak_bytes: u64,
    /// Heap allocations (`alloc` + `alloc_zeroed`) of that same run.
    pub allocations: u64,
    /// `realloc` calls of that same run.
    pub reallocations: u64,
    /// Bytes allocated by that same run (reallocations add their growth).
    pub bytes_allocated: u64,
    /// The strategy's declared bound on `peak_bytes`.
    pub heap_bound_bytes: u64,
    /// Median minor page faults of one call, whole process.
    pub minor_faults: u64,
    /// Median major page faults of one call (waits for storage), whole process.
    #[serde(default)]
    pub major_faults: u64,
    /// Median bytes fetched from storage by one call (`read_bytes` of `/proc/self/io`):
    /// 0 when the page cache served everything.
    #[serde(default)]
    pub read_bytes: u64,
    /// Median change of the resident set across one call, in bytes.
    pub rss_delta_bytes: i64,
    /// Median over the counted calls of the most memory resident at once during one call,
    /// above the resident set at its start, in bytes, whole process.
    pub peak_rss_bytes: u64,
    /// `kernel` (the high-water mark, exact) or `sampled` (may miss a short peak).
    pub peak_rss_source: PeakRssSource,
    /// Plain-words reasons to distrust a figure; empty when nothing looks wrong.
    pub warnings: Vec<String>,
}

/// The sum of `0..n` overflows a `u64`.
#[derive(Debug, thiserror::Error)]
#[error("the sum of 0..{n} does not fit in a u64: n may be at most 6,074,001,000")]
pub struct SumOverflow {
    /// The rejected size.
    pub n: u64,
}

/// The size of the priming call of [`prime`].
const PRIME_N: u64 = 1_000;

/// Runs `strategy` once, untimed, so that what a process does only once (starting rayon's
/// pool, a first use of a lazily set-up static) happens before any measured call, whatever
/// the number of warm-ups. For the range it runs at [`PRIME_N`] elements, which leaves the
/// data caches and the allocator as cold as they were: warm-ups stay the user's choice. A
/// file strategy reads its file: that read is the one the file's warm state comes from.
pub fn prime(strategy: &dyn DynStrategy, params: &Params, mode: Mode) -> anyhow::Result<()> {
    let small = match params.workload() {
        Workload::Range => Params::range(params.n.min(PRIME_N), params.chunk_size),
        Workload::File => params.clone(),
    };
    let sum = strategy.run(&small, mode);
    input_unchanged(params)?;
    std::hint::black_box(sum?);
    Ok(())
}

/// Fails if the file workload's input is no longer the file that was checked (outside
/// any timing: one `stat`).
pub fn input_unchanged(params: &Params) -> Result<(), crate::strategy::SumError> {
    params
        .file
        .as_deref()
        .map_or(Ok(()), DataFile::check_unchanged)
}

/// Megabytes (10^6 bytes) per second: `bytes` read in `ns` nanoseconds.
pub fn megabytes_per_second(bytes: u64, ns: u64) -> f64 {
    if ns == 0 {
        0.0
    } else {
        bytes as f64 * 1e3 / ns as f64
    }
}

fn duration_ns(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// Nanoseconds per element; 0 for an empty range.
pub fn per_element(total_ns: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        total_ns as f64 / n as f64
    }
}

/// The median (the lower middle for an even count); sorts `values`.
pub(crate) fn median<T: Ord + Copy>(values: &mut [T]) -> T {
    values.sort_unstable();
    values[(values.len() - 1) / 2]
}

/// The smallest non-zero step `Instant` reports between two reads: below a few of these a
/// time is noise.
pub fn timer_resolution() -> Duration {
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
pub fn folded(workload: Workload, n: u64, ns_per_element: f64) -> bool {
    workload == Workload::Range && n >= 100_000 && ns_per_element < FOLDED_NS_PER_ELEMENT
}

/// Plain-words warnings about a result, in the spirit of hyperfine's.
pub fn warnings(result: &StrategyResult, timer_resolution: Duration) -> Vec<String> {
    let mut warnings = Vec::new();
    if !result.correct {
        let source = match &result.input_path {
            Some(path) => format!("the values of {path}"),
            None => format!("0..{}", result.n),
        };
        warnings.push(format!(
            "{} returned {} but the sum of {source} is {}",
            result.strategy, result.sum, result.expected_sum
        ));
    }
    let resolution_ns = duration_ns(timer_resolution).max(1);
    if result.median_ns < 100 * resolution_ns {
        warnings.push(format!(
            "{} ({}) took {} ns, within 100× the timer's resolution ({} ns): the time is \
             mostly timer noise",
            result.strategy, result.mode, result.median_ns, resolution_ns
        ));
    }
    if folded(result.workload, result.n, result.ns_per_element) {
        warnings.push(format!(
            "{} ({}) took {:.4} ns per element, far below one CPU cycle: the compiler \
             computed the sum without visiting the elements (a closed form), so this is \
             not a per-element cost{}",
            result.strategy,
            result.mode,
            result.ns_per_element,
            match result.mode {
                Mode::AsWritten => "; run with --opaque to measure the real loop",
                Mode::Opaque => "",
            }
        ));
    }
    if result.peak_bytes > result.heap_bound_bytes {
        warnings.push(format!(
            "{} held {} B of heap at its peak, above its declared bound of {} B",
            result.strategy, result.peak_bytes, result.heap_bound_bytes
        ));
    }
    warnings
}

#[cfg(test)]
mod tests;
