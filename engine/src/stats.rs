//! Times as what they are: noisy measurements, summarised with intervals that assume no
//! distribution, and compared in pairs taken side by side.
//!
//! - **The median and its interval.** The median of n times, with a distribution-free
//!   interval from order statistics: the k-th smallest and k-th largest time bound the
//!   true median with probability 1 − 2·P(B ≤ k − 1), B ~ Binomial(n, ½), whatever the
//!   times' distribution (Hahn & Meeker, *Statistical Intervals*, §5.2). The largest k
//!   (the narrowest interval) that still reaches `CONFIDENCE` is used; below 6 values no k does, and the interval is the
//!   range with its true coverage (93.75 % for 5 values), which [`Interval::coverage`]
//!   says.
//! - **Paired ratios.** Two strategies timed in the same round (interleaved, in a shuffled
//!   order) share that round's state of the machine: a slow drift, another process, a
//!   frequency change hit both. The ratio of their times within each round cancels what
//!   they share; the median of the per-round ratios, with the interval above, says how
//!   much faster one is, as tango-bench and Kalibera & Jones recommend.
//! - **A tie.** One is faster than the other only when the whole interval of their ratio
//!   lies beyond the ratio's threshold (below 1 − t, or above 1 / (1 − t); t is
//!   [`DEFAULT_THRESHOLD`], 1 %, unless the user sets another), and the interval reaches
//!   `CONFIDENCE` (6 rounds or more): the difference is then both resolved by this run
//!   and large enough to matter. Otherwise they are tied.
//! - **Quantised times.** A time read off a clock that steps by `r` ns is uncertain by
//!   up to `r`. When the smallest sample is short against `r`, every ratio's interval is
//!   widened by that relative step ([`PairedRatio::widened`]), so that a run of identical
//!   readings never claims an exact ratio.
//! - **The noise floor.** One strategy timed twice per round as if it were two (an A/A
//!   pair) gives a ratio whose true value is 1; its interval is the smallest difference
//!   this run can resolve.

use serde::{Deserialize, Serialize};

/// The confidence the intervals aim for: 95 %.
pub(crate) const CONFIDENCE: f64 = 0.95;

/// The smallest difference in time that counts as one unless the user sets another
/// (`--threshold`): 1 %, criterion's noise threshold. A strategy is faster than another
/// only when their paired ratio's whole interval is below `1 − 0.01`.
pub const DEFAULT_THRESHOLD: f64 = 0.01;

/// The threshold of times compared by their own intervals rather than in pairs
/// (criterion's estimates, taken one bench after another): 3 %, since a drift of the
/// machine between two benches is not cancelled.
pub(crate) const UNPAIRED_THRESHOLD: f64 = 0.03;

/// Reports saved before thresholds were recorded used 3 %.
fn saved_threshold() -> f64 {
    UNPAIRED_THRESHOLD
}

/// A time in nanoseconds, whole or fractional (a batch's time divided by its calls).
pub trait Nanos: Copy {
    /// The time as a float.
    fn ns(self) -> f64;
}

impl Nanos for u64 {
    fn ns(self) -> f64 {
        self as f64
    }
}

impl Nanos for f64 {
    fn ns(self) -> f64 {
        self
    }
}

/// An interval with the probability that it holds the true median.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Its low end.
    pub low: f64,
    /// Its high end.
    pub high: f64,
    /// The probability that it covers the true median (exact for continuous data,
    /// whatever their distribution): at least `CONFIDENCE` from 6 values on.
    pub coverage: f64,
}

/// The median of `values` (the mean of the two middle ones for an even count) and its
/// distribution-free interval; `None` for no values.
pub(crate) fn median_interval(values: &[f64]) -> Option<(f64, Interval)> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    // k from 1 (the range) up while the interval [x(k), x(n+1−k)] keeps its coverage,
    // 1 − 2·P(B ≤ k − 1), B ~ Binomial(n, ½): the tail is summed as k grows, from the
    // probabilities in logarithms, so any n works in one pass.
    let mut log_pmf = n as f64 * 0.5f64.ln();
    let mut tail = 0.0; // P(B ≤ k − 1)
    let mut k = 1;
    tail += log_pmf.exp();
    log_pmf += (n as f64).ln();
    let coverage = |tail: f64| (1.0 - 2.0 * tail).max(0.0);
    let mut covered = coverage(tail);
    // Before the loop: log_pmf is ln P(B = k) for k = 1, tail = P(B ≤ 0).
    while k < n.div_ceil(2) {
        let next_tail = tail + log_pmf.exp();
        if coverage(next_tail) < CONFIDENCE {
            break;
        }
        tail = next_tail;
        covered = coverage(tail);
        log_pmf += ((n - k) as f64 / (k + 1) as f64).ln();
        k += 1;
    }
    Some((
        median,
        Interval {
            low: sorted[k - 1],
            high: sorted[n - k],
            coverage: covered,
        },
    ))
}

/// How one strategy's time compares with another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeOrder {
    /// Faster by more than the threshold, with the interval's confidence.
    Faster,
    /// Slower by more than the threshold, with the interval's confidence.
    Slower,
    /// Neither: the difference is not resolved, or too small to matter.
    Tied,
}

/// The ratio of two strategies' times, round by round: `numerator`'s time over
/// `denominator`'s time in the same round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedRatio {
    /// The strategy whose time is on top.
    pub numerator: String,
    /// The strategy whose time is below.
    pub denominator: String,
    /// Rounds behind the ratio.
    pub rounds: u32,
    /// The median of the per-round ratios: below 1 when `numerator` is faster.
    pub median: f64,
    /// Its interval.
    pub interval: Interval,
    /// The practical difference (a fraction: 0.01 is 1 %) below which the two count as
    /// tied.
    #[serde(default = "saved_threshold")]
    pub threshold: f64,
}

impl PairedRatio {
    /// The paired ratio of two series of times taken in the same rounds, judged at
    /// [`DEFAULT_THRESHOLD`]; `None` when they are empty, of different lengths, or hold a
    /// time that is not positive.
    pub fn of<T: Nanos>(
        numerator: &str,
        numerator_ns: &[T],
        denominator: &str,
        denominator_ns: &[T],
    ) -> Option<Self> {
        let positive = |times: &[T]| times.iter().all(|t| t.ns() > 0.0);
        if numerator_ns.len() != denominator_ns.len()
            || !positive(numerator_ns)
            || !positive(denominator_ns)
        {
            return None;
        }
        let ratios: Vec<f64> = numerator_ns
            .iter()
            .zip(denominator_ns)
            .map(|(top, bottom)| top.ns() / bottom.ns())
            .collect();
        let (mut median, interval) = median_interval(&ratios)?;
        if ratios.len() % 2 == 0 {
            // Two middle ratios: their geometric mean, so that the ratio the other way up
            // has exactly the inverse median.
            let mut sorted = ratios.clone();
            sorted.sort_by(f64::total_cmp);
            let half = sorted.len() / 2;
            median = (sorted[half - 1] * sorted[half]).sqrt();
        }
        Some(Self {
            numerator: numerator.to_owned(),
            denominator: denominator.to_owned(),
            rounds: ratios.len() as u32,
            median,
            interval,
            threshold: DEFAULT_THRESHOLD,
        })
    }

    /// The same ratio judged at `threshold` (a fraction of 1).
    pub fn judged_at(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// The same ratio with its interval widened by `step`, the relative uncertainty of one
    /// ratio from the clock's steps (see the module documentation): `[low·(1 − step),
    /// high·(1 + step)]`.
    pub fn widened(mut self, step: f64) -> Self {
        let step = step.clamp(0.0, 0.5);
        self.interval.low *= 1.0 - step;
        self.interval.high *= 1.0 + step;
        self
    }

    /// How `numerator` compares with `denominator` (see the module documentation). Too
    /// few rounds for an interval of `CONFIDENCE` (fewer than 6) resolve nothing: tied.
    pub fn order(&self) -> TimeOrder {
        if self.interval.coverage < CONFIDENCE {
            TimeOrder::Tied
        } else if self.interval.high < 1.0 - self.threshold {
            TimeOrder::Faster
        } else if self.interval.low > 1.0 / (1.0 - self.threshold) {
            TimeOrder::Slower
        } else {
            TimeOrder::Tied
        }
    }

    /// The same ratio the other way up. Order statistics follow a monotone map, so the
    /// interval of `1/x` is `[1/high, 1/low]` with the same coverage.
    pub fn inverse(&self) -> Self {
        Self {
            numerator: self.denominator.clone(),
            denominator: self.numerator.clone(),
            rounds: self.rounds,
            median: 1.0 / self.median,
            interval: Interval {
                low: 1.0 / self.interval.high,
                high: 1.0 / self.interval.low,
                coverage: self.interval.coverage,
            },
            threshold: self.threshold,
        }
    }

    /// The threshold in percent, for sentences.
    pub fn threshold_percent(&self) -> f64 {
        self.threshold * 100.0
    }

    /// `0.97–1.06`: the interval, for sentences, with as many decimals (up to 4) as it
    /// takes to show its two ends apart (`0.988–0.992`).
    pub fn interval_text(&self) -> String {
        let (low, high) = (self.interval.low, self.interval.high);
        let decimals = (2..=4)
            .find(|&d| format!("{low:.d$}") != format!("{high:.d$}"))
            .unwrap_or(4);
        format!("{low:.decimals$}–{high:.decimals$}")
    }
}

/// The smallest difference in time one run can resolve, from its A/A pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoiseFloor {
    /// The A/A pair: one strategy timed twice per round, as two.
    pub pair: PairedRatio,
    /// How far from 1 the A/A ratio's interval reaches, as a percentage: differences
    /// smaller than this cannot be told from noise in this run.
    pub resolution_percent: f64,
}

impl NoiseFloor {
    /// The floor given by an A/A pair.
    pub fn of(pair: PairedRatio) -> Self {
        let reach = (pair.interval.high - 1.0)
            .max(1.0 - pair.interval.low)
            .max(0.0);
        Self {
            resolution_percent: reach * 100.0,
            pair,
        }
    }

    /// A floor above this many percent deserves a warning: the machine is too noisy for
    /// the differences people look for.
    pub const WARN_PERCENT: f64 = 10.0;

    /// The line printed under a table.
    pub fn sentence(&self) -> String {
        format!(
            "Noise floor: {} timed twice per round as if it were two gave a ratio of {:.3} \
             ({}, {:.1} % confidence), so differences under {:.1} % cannot be resolved on this \
             machine now.",
            self.pair.numerator,
            self.pair.median,
            self.pair.interval_text(),
            self.pair.interval.coverage * 100.0,
            self.resolution_percent.max(0.05)
        )
    }
}

#[cfg(test)]
mod tests;
