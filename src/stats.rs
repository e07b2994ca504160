//! Times as what they are: noisy measurements, summarised with intervals that assume no
//! distribution, and compared in pairs taken side by side.
//!
//! - **The median and its interval.** The median of n times, with a distribution-free
//!   interval from order statistics: the k-th smallest and k-th largest time bound the
//!   true median with probability 1 − 2·P(B ≤ k − 1), B ~ Binomial(n, ½), whatever the
//!   times' distribution (Hahn & Meeker, *Statistical Intervals*, §5.2). The largest k
//!   (the narrowest interval) that still reaches [`CONFIDENCE`] is used; below 6 values no k does, and the interval is the
//!   range with its true coverage (93.75 % for 5 values), which [`Interval::coverage`]
//!   says.
//! - **Paired ratios.** Two strategies timed in the same round (interleaved, in a shuffled
//!   order) share that round's state of the machine: a slow drift, another process, a
//!   frequency change hit both. The ratio of their times within each round cancels what
//!   they share; the median of the per-round ratios, with the interval above, says how
//!   much faster one is, as tango-bench and Kalibera & Jones recommend.
//! - **A tie.** One is faster than the other only when the whole interval of their ratio
//!   lies beyond [`PRACTICAL_DIFFERENCE`] (below 0.97, or above 1 / 0.97), and the interval
//!   reaches [`CONFIDENCE`] (6 rounds or more): the difference is then both resolved by
//!   this run and large enough to matter. Otherwise they are tied.
//! - **The noise floor.** One strategy timed twice per round as if it were two (an A/A
//!   pair) gives a ratio whose true value is 1; its interval is the smallest difference
//!   this run can resolve.

use serde::{Deserialize, Serialize};

/// The confidence the intervals aim for: 95 %.
pub const CONFIDENCE: f64 = 0.95;

/// The smallest difference in time that counts as one: 3 %. A strategy is faster than
/// another only when their paired ratio's whole interval is below `1 − 0.03`.
pub const PRACTICAL_DIFFERENCE: f64 = 0.03;

/// An interval with the probability that it holds the true median.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Its low end.
    pub low: f64,
    /// Its high end.
    pub high: f64,
    /// The probability that it covers the true median (exact for continuous data,
    /// whatever their distribution): at least [`CONFIDENCE`] from 6 values on.
    pub coverage: f64,
}

/// The median of `values` (the mean of the two middle ones for an even count) and its
/// distribution-free interval; `None` for no values.
pub fn median_interval(values: &[f64]) -> Option<(f64, Interval)> {
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
    /// Faster by more than [`PRACTICAL_DIFFERENCE`], with the interval's confidence.
    Faster,
    /// Slower by more than [`PRACTICAL_DIFFERENCE`], with the interval's confidence.
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
}

impl PairedRatio {
    /// The paired ratio of two series of times taken in the same rounds; `None` when they
    /// are empty, of different lengths, or hold a zero.
    pub fn of(
        numerator: &str,
        numerator_ns: &[u64],
        denominator: &str,
        denominator_ns: &[u64],
    ) -> Option<Self> {
        if numerator_ns.len() != denominator_ns.len()
            || numerator_ns.contains(&0)
            || denominator_ns.contains(&0)
        {
            return None;
        }
        let ratios: Vec<f64> = numerator_ns
            .iter()
            .zip(denominator_ns)
            .map(|(&top, &bottom)| top as f64 / bottom as f64)
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
        })
    }

    /// How `numerator` compares with `denominator` (see the module documentation). Too
    /// few rounds for an interval of [`CONFIDENCE`] (fewer than 6) resolve nothing: tied.
    pub fn order(&self) -> TimeOrder {
        if self.interval.coverage < CONFIDENCE {
            TimeOrder::Tied
        } else if self.interval.high < 1.0 - PRACTICAL_DIFFERENCE {
            TimeOrder::Faster
        } else if self.interval.low > 1.0 / (1.0 - PRACTICAL_DIFFERENCE) {
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
        }
    }

    /// `0.97–1.06`: the interval, for sentences.
    pub fn interval_text(&self) -> String {
        format!("{:.2}–{:.2}", self.interval.low, self.interval.high)
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
