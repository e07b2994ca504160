//! One row of every report: what the engine measured about one contender, summarised
//! from its timed calls and its counted calls.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Mode;
use super::case::{Case, Contender, InputInfo};
use super::{
    MemoryFigures, Sample, duration_ns, median, megabytes_per_second, per_element, warnings,
};
use crate::measure::rss::PeakRssSource;
use crate::stats::{PairedRatio, median_interval};

/// Everything measured about one strategy in one mode: one row of every report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyResult {
    /// The strategy's registered name.
    pub strategy: String,
    /// The workload and its input file.
    #[serde(flatten)]
    pub input: InputInfo,
    /// Whether elements were as written or passed through `black_box` one by one; absent
    /// for a crate's own comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Elements each call visits: `0..n`, or the file's values (its non-blank lines); 0
    /// where a comparison did not say.
    pub n: u64,
    /// Chunk size given to the chunked strategies; absent where there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<usize>,
    /// What the strategy answered, against the expected answer.
    #[serde(flatten)]
    pub check: Check,
    /// Whether it runs on rayon's pool: a memory baseline then allows its scheduler's
    /// queue blocks ([`crate::analysis::baseline::SCHEDULER_SLACK_BYTES`]).
    #[serde(default)]
    pub parallel: bool,
    /// The time of one call, from the timed rounds of uncounted calls.
    #[serde(flatten)]
    pub time: TimeFigures,
    /// What counting allocations costs the strategy's time.
    #[serde(flatten)]
    pub counting: CountingCost,
    /// The memory figures: of the counted call that held the most heap for the heap figures
    /// (every call agrees except where rayon's scheduler adds a queue block), the median
    /// over the counted calls for the kernel's.
    #[serde(flatten)]
    pub memory: MemoryFigures,
    /// The strategy's declared bound on `peak_bytes`, where it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heap_bound_bytes: Option<u64>,
    /// Median change of the resident set across one call, in bytes.
    pub rss_delta_bytes: i64,
    /// How much the time depends on the heap's state when a call starts.
    #[serde(flatten)]
    pub trimmed_heap: TrimmedHeap,
    /// Plain-words reasons to distrust a figure; empty when nothing looks wrong.
    pub warnings: Vec<String>,
}

/// What a strategy answered, against the expected answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What the strategy returned in its last counted call, where the answer is a number
    /// (the built-in workloads' sums); absent for a comparison whose answers are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<u64>,
    /// The correct answer as a number: `n(n−1)/2`, or the file's sum as the reference
    /// reader found it; absent where answers are not numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_sum: Option<u64>,
    /// Whether every call, timed or counted, returned the expected answer.
    pub correct: bool,
}

/// The time of one call, from the timed rounds: the median, its interval, the extremes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimeFigures {
    /// Timed samples (one per round) behind the time figures.
    pub runs: u32,
    /// Calls per timed sample: more than 1 for a call short against the clock's steps,
    /// whose sample then times a batch of calls; the times below are per call.
    #[serde(default = "one")]
    pub calls_per_sample: u64,
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
    /// `median_ns / n`: the time per element (per value, for a file), if the loop really
    /// visited every element.
    pub ns_per_element: f64,
    /// Megabytes (10^6 B) of input per second at the median time; `None` where the input
    /// has no size in bytes.
    #[serde(default)]
    pub mb_per_s: Option<f64>,
}

/// What counting allocations costs a strategy's time. The times of [`TimeFigures`] are of
/// uncounted calls.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CountingCost {
    /// In percent of the time: the median over the memory pairs of the counted call's time
    /// over the uncounted call's time beside it (the two take turns at going first), minus
    /// one.
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
    /// [`crate::measure::alloc::UncountedOverhead`], over the median time. Its interval's
    /// high end, so a bound rather than a best guess.
    #[serde(default)]
    pub counting_off_effect_percent: f64,
}

/// A call right after the allocator gave its free memory back to the system, over a call
/// in the heap as the strategy's previous call left it, paired (the median ratio): how
/// much the reported time, the kept heap's, depends on that state. Each is `None` where the
/// heap is too small for trimming to matter, or the allocator cannot trim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TrimmedHeap {
    /// The median ratio.
    #[serde(default)]
    pub trimmed_heap_ratio: Option<f64>,
    /// The low end of that ratio's interval.
    #[serde(default)]
    pub trimmed_heap_ratio_low: Option<f64>,
    /// The high end of that ratio's interval.
    #[serde(default)]
    pub trimmed_heap_ratio_high: Option<f64>,
}

impl StrategyResult {
    /// What a wrong result returned, in words: "vec returned 1, not 2" where answers are
    /// numbers, else "NAME returned a wrong answer".
    pub fn wrong_answer(&self) -> String {
        match (self.check.sum, self.check.expected_sum) {
            (Some(sum), Some(expected)) => format!(
                "{} returned {}, not {}",
                self.strategy,
                sumbench_page::units::grouped(sum),
                sumbench_page::units::grouped(expected)
            ),
            _ => format!("{} returned a wrong answer", self.strategy),
        }
    }
}

fn one() -> u64 {
    1
}

/// What [`summarise`] makes one result of.
pub(super) struct Observed<'a> {
    /// The last counted call's answer as a number, where it is one.
    pub answer: Option<u64>,
    /// Whether every call returned the expected answer.
    pub correct: bool,
    /// The timed samples of the interleaved rounds, per call, ns.
    pub times: &'a [f64],
    /// Calls per timed sample.
    pub calls_per_sample: u64,
    /// Single calls in the kept heap, each paired with one of `trimmed`, ns.
    pub kept: &'a [u64],
    /// Single calls right after the heap was trimmed, ns.
    pub trimmed: &'a [u64],
    /// The run's practical difference, a fraction of 1.
    pub threshold: f64,
    /// The uncounted call of each memory pair, ns.
    pub uncounted: &'a [u64],
    /// The counted call of each memory pair.
    pub samples: &'a [Sample],
    /// What an allocation costs with counting off, over the system allocator.
    pub overhead: crate::measure::alloc::UncountedOverhead,
}

/// One strategy's result from its timed calls' times and its counted calls' samples.
pub(super) fn summarise<O>(
    contender: &Contender<'_, O>,
    case: &Case<'_, O>,
    observed: Observed,
    timer_resolution: Duration,
) -> StrategyResult {
    let Observed {
        answer,
        correct,
        times,
        calls_per_sample,
        kept,
        trimmed,
        threshold,
        uncounted,
        samples,
        overhead,
    } = observed;
    // The heap figures repeat exactly call after call for every strategy but the parallel
    // ones, whose scheduler allocates a queue block now and then: report the call that
    // held the most.
    let largest = *samples
        .iter()
        .max_by_key(|s| s.heap.peak_bytes)
        .expect("at least one round");
    let time = time_figures(times, calls_per_sample, &case.about);
    let median_ns = time.median_ns;
    let [cost, cost_low, cost_high] = counting_cost(contender.name(), samples, uncounted);
    let mut rss: Vec<i64> = samples.iter().map(|s| s.rss_delta_bytes).collect();
    let trimmed_heap = PairedRatio::of(
        &format!("{} (heap trimmed)", contender.name()),
        trimmed,
        contender.name(),
        kept,
    )
    .map(|ratio| ratio.judged_at(threshold));
    let about = &case.about;
    let mut result = StrategyResult {
        strategy: contender.name().to_owned(),
        input: about.input.clone(),
        mode: about.mode,
        n: about.n,
        chunk_size: about.chunk_size,
        check: Check {
            sum: answer,
            expected_sum: (case.as_sum)(&case.expected),
            correct,
        },
        parallel: contender.is_parallel(),
        time,
        counting: CountingCost {
            counting_cost_percent: cost,
            counting_cost_low_percent: cost_low,
            counting_cost_high_percent: cost_high,
            counting_off_effect_percent: (largest.heap.allocations + largest.heap.reallocations)
                as f64
                * overhead.interval.high.max(0.0)
                / median_ns.max(1) as f64
                * 100.0,
        },
        memory: memory_figures(samples, &largest),
        heap_bound_bytes: contender.declared_heap_bound(),
        rss_delta_bytes: median(&mut rss),
        trimmed_heap: TrimmedHeap {
            trimmed_heap_ratio: trimmed_heap.as_ref().map(|r| r.median),
            trimmed_heap_ratio_low: trimmed_heap.as_ref().map(|r| r.interval.low),
            trimmed_heap_ratio_high: trimmed_heap.as_ref().map(|r| r.interval.high),
        },
        warnings: Vec::new(),
    };
    result.warnings = warnings(&result, timer_resolution);
    if let Some(ratio) = trimmed_heap.filter(|r| r.order() != crate::stats::TimeOrder::Tied) {
        result
            .warnings
            .push(trimmed_heap_warning(&result.strategy, &ratio));
    }
    result
}

/// The time figures of `times`, each a sample's time over its `calls_per_sample` calls.
fn time_figures(times: &[f64], calls_per_sample: u64, about: &super::About) -> TimeFigures {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (middle, interval) = median_interval(times).expect("at least one round");
    let median_ns = middle.round() as u64;
    TimeFigures {
        runs: times.len() as u32,
        calls_per_sample,
        median_ns,
        min_ns: sorted[0].round() as u64,
        max_ns: sorted[sorted.len() - 1].round() as u64,
        ci_low_ns: interval.low.round() as u64,
        ci_high_ns: interval.high.round() as u64,
        ci_coverage: interval.coverage,
        ns_per_element: per_element(median_ns, about.n),
        mb_per_s: about
            .input
            .input_bytes
            .map(|bytes| megabytes_per_second(bytes, median_ns)),
    }
}

/// The warning for a strategy whose call takes another time right after the heap was
/// trimmed: `ratio` is the trimmed calls' over the kept ones'.
fn trimmed_heap_warning(strategy: &str, ratio: &PairedRatio) -> String {
    format!(
        "{strategy} takes {:.2}× ({}) its reported time when its call starts right after the \
         allocator gave its free memory back to the system: the time depends on the \
         heap's state, and the one reported is in the heap as the strategy's own previous \
         call left it",
        ratio.median,
        ratio.interval_text()
    )
}

/// What counting allocations costs the strategy `name`: its counted calls' times against
/// the `uncounted` calls of the same pairs, in percent (median, interval low and high);
/// 0 where the pairs give no ratio.
fn counting_cost(name: &str, samples: &[Sample], uncounted: &[u64]) -> [f64; 3] {
    let counted_ns: Vec<u64> = samples.iter().map(|s| duration_ns(s.elapsed)).collect();
    let cost = PairedRatio::of(name, &counted_ns, name, uncounted);
    let percent = |ratio: f64| (ratio - 1.0) * 100.0;
    [
        cost.as_ref().map_or(0.0, |c| percent(c.median)),
        cost.as_ref().map_or(0.0, |c| percent(c.interval.low)),
        cost.as_ref().map_or(0.0, |c| percent(c.interval.high)),
    ]
}

/// The memory figures of the counted calls: the heap of the call that held the most
/// (`largest`), the kernel's figures as medians over the calls, and the resident peak's
/// source (the kernel's only if every call had it).
fn memory_figures(samples: &[Sample], largest: &Sample) -> MemoryFigures {
    let of_samples = |f: fn(&Sample) -> u64| -> u64 {
        let mut values: Vec<u64> = samples.iter().map(f).collect();
        median(&mut values)
    };
    let peak_rss_source = if samples
        .iter()
        .all(|s| s.peak_rss.source == PeakRssSource::Kernel)
    {
        PeakRssSource::Kernel
    } else {
        PeakRssSource::Sampled
    };
    MemoryFigures {
        minor_faults: of_samples(|s| s.minor_faults),
        major_faults: of_samples(|s| s.major_faults),
        read_bytes: of_samples(|s| s.read_bytes),
        peak_rss_bytes: of_samples(|s| s.peak_rss.bytes),
        peak_rss_source,
        ..largest.memory()
    }
}
