//! How costs grow over a sweep of sizes: the fitted exponent `k` of `y ≈ c·size^k` for
//! time and for peak heap, and the sizes between which one strategy overtakes another.

use serde::{Deserialize, Serialize};

use crate::stats::{PairedRatio, TimeOrder};

/// The least-squares exponent `k` of `y ≈ c·x^k` through `points` (`(x, y)`, both > 0):
/// the slope of a line through `(ln x, ln y)`. `None` with fewer than two distinct `x`,
/// or any value that is not positive.
pub fn power_law_exponent(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 || points.iter().any(|&(x, y)| x <= 0.0 || y <= 0.0) {
        return None;
    }
    let logs: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.ln())).collect();
    let count = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / count;
    let covariance: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

/// One strategy's figures at one size: what the fit reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtSize {
    /// The size (elements, bytes, or any parameter above 0).
    pub size: u64,
    /// The median time of one call, ns.
    pub median_ns: f64,
    /// The low and high ends of the median's interval, ns.
    pub interval_ns: (f64, f64),
    /// The peak heap of one call, bytes.
    pub peak_bytes: u64,
}

/// How one strategy's time and peak heap grow with the size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Growth {
    /// The strategy.
    pub strategy: String,
    /// `k` of time ≈ c·size^k, fitted to the medians; `None` with fewer than two sizes.
    pub time_exponent: Option<f64>,
    /// The least and the greatest exponent the same fit gives when each size's time may
    /// lie anywhere in its median's interval. The fit's slope is a weighted sum of the
    /// logarithms, so its extremes take each size's low or high end by the sign of its
    /// weight. A range that holds 1 does not rule out linear growth.
    pub time_exponent_range: Option<(f64, f64)>,
    /// `k` of peak heap ≈ c·size^k: 0 when the peak is 0 B at every size, `None` when fewer
    /// than two sizes have a peak above 0.
    pub peak_exponent: Option<f64>,
}

impl Growth {
    /// Fits `points`, one per size in increasing order.
    pub fn fit(strategy: &str, points: &[AtSize]) -> Self {
        let times: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (p.size as f64, p.median_ns))
            .collect();
        let time_exponent = power_law_exponent(&times);
        let time_exponent_range = exponent_range(points);
        let peak_exponent = if !points.is_empty() && points.iter().all(|p| p.peak_bytes == 0) {
            Some(0.0)
        } else {
            let positive: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| p.peak_bytes > 0)
                .map(|p| (p.size as f64, p.peak_bytes as f64))
                .collect();
            power_law_exponent(&positive)
        };
        Self {
            strategy: strategy.to_owned(),
            time_exponent,
            time_exponent_range,
            peak_exponent,
        }
    }
}

/// The least and greatest least-squares exponent of time over `points` with each time
/// anywhere in its interval; `None` with fewer than two sizes or an interval not above 0.
fn exponent_range(points: &[AtSize]) -> Option<(f64, f64)> {
    if points.len() < 2
        || points
            .iter()
            .any(|p| p.size == 0 || p.interval_ns.0 <= 0.0 || p.interval_ns.1 <= 0.0)
    {
        return None;
    }
    let logs: Vec<f64> = points.iter().map(|p| (p.size as f64).ln()).collect();
    let mean = logs.iter().sum::<f64>() / logs.len() as f64;
    let variance: f64 = logs.iter().map(|x| (x - mean).powi(2)).sum();
    if variance <= 0.0 {
        return None;
    }
    let (mut low, mut high) = (0.0, 0.0);
    for (x, point) in logs.iter().zip(points) {
        let weight = (x - mean) / variance;
        let (at_low, at_high) = (point.interval_ns.0.ln(), point.interval_ns.1.ln());
        let (least, most) = match weight >= 0.0 {
            true => (at_low, at_high),
            false => (at_high, at_low),
        };
        low += weight * least;
        high += weight * most;
    }
    Some((low, high))
}

/// `n^1.02` for an exponent, `n^0` for one that rounds to 0, `not fitted` for none.
pub fn exponent_text(exponent: Option<f64>) -> String {
    match exponent {
        Some(k) if k.abs() < 0.005 => "n^0".to_owned(),
        Some(k) => format!("n^{k:.2}"),
        None => "not fitted".to_owned(),
    }
}

/// Where the faster of two strategies changes over a sweep: `faster_below` is resolved
/// faster at `below` and every size under it where the two are not tied, `faster_above`
/// at `above`; at the sizes in between (if any) the two are tied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderChange {
    /// The strategy that is faster at the smaller sizes.
    pub faster_below: String,
    /// The strategy that is faster at the larger sizes.
    pub faster_above: String,
    /// The largest size at which `faster_below` is resolved faster, before the change.
    pub below: u64,
    /// The smallest size after `below` at which `faster_above` is resolved faster.
    pub above: u64,
}

impl OrderChange {
    /// One sentence: `hash_set is faster up to 10,000, sort_dedup from 100,000`.
    pub fn sentence(&self, parameter: &str) -> String {
        format!(
            "{} is faster up to {parameter} = {}, {} from {parameter} = {}",
            self.faster_below,
            sumbench_page::units::grouped(self.below),
            self.faster_above,
            sumbench_page::units::grouped(self.above)
        )
    }
}

/// Every change of the faster strategy, pair by pair, over `sizes` (increasing) with the
/// paired ratios measured at each size. A pair tied at a size says nothing there; a
/// change is a size where one is resolved faster followed by a size where the other is.
pub fn order_changes(sizes: &[u64], ratios: &[Vec<PairedRatio>]) -> Vec<OrderChange> {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for ratio in ratios.iter().flatten() {
        let pair = (ratio.numerator.as_str(), ratio.denominator.as_str());
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    let mut changes = Vec::new();
    for (a, b) in pairs {
        let mut last: Option<(u64, TimeOrder)> = None;
        for (&size, at_size) in sizes.iter().zip(ratios) {
            let Some(ratio) = at_size
                .iter()
                .find(|r| r.numerator == a && r.denominator == b)
            else {
                continue;
            };
            let order = ratio.order();
            if order == TimeOrder::Tied {
                continue;
            }
            if let Some((before, previous)) = last
                && previous != order
            {
                let (faster_below, faster_above) = match previous {
                    TimeOrder::Faster => (a, b),
                    _ => (b, a),
                };
                changes.push(OrderChange {
                    faster_below: faster_below.to_owned(),
                    faster_above: faster_above.to_owned(),
                    below: before,
                    above: size,
                });
            }
            last = Some((size, order));
        }
    }
    changes
}

#[cfg(test)]
mod tests;
