//! Complexity: the exponent `k` of a power law `y ≈ c·n^k` fitted to measured points.
//!
//! A least-squares line through `(ln n, ln y)` has slope `k`. For the sums here `k` is 1
//! where the work or the memory grows with `n`, 0 where it does not. A time exponent near 0
//! across several decades of `n` means the loop was never run element by element: the
//! compiler folded it into a closed form.

use serde::{Deserialize, Serialize};

/// Below this time exponent across the sweep, the time does not grow with `n`.
pub const FOLDED_EXPONENT: f64 = 0.3;

/// The least-squares exponent `k` of `y ≈ c·x^k` through `points` (`(x, y)`, both > 0).
/// `None` with fewer than two distinct `x`, or any non-positive value.
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

/// How one strategy's time and peak grow with `n` in one mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complexity {
    /// The strategy.
    pub strategy: String,
    /// The element mode of the timed points.
    pub mode: crate::workloads::strategy::Mode,
    /// Exponent of time against `n`, if at least two sizes were timed.
    pub time_exponent: Option<f64>,
    /// Exponent of peak heap bytes against `n`: `Some(0.0)` when the peak is 0 B at every
    /// size, `None` if it cannot be fitted (fewer than two sizes with a positive peak).
    pub peak_exponent: Option<f64>,
    /// The time does not grow with `n` (exponent below [`FOLDED_EXPONENT`]): the figures
    /// are not a per-element cost.
    pub folded: bool,
}

impl Complexity {
    /// Fits `times` (`(n, ns)`) and `peaks` (`(n, bytes)`).
    pub fn fit(
        strategy: &str,
        mode: crate::workloads::strategy::Mode,
        times: &[(f64, f64)],
        peaks: &[(f64, f64)],
    ) -> Self {
        let time_exponent = power_law_exponent(times);
        let peak_exponent = if !peaks.is_empty() && peaks.iter().all(|&(_, y)| y == 0.0) {
            Some(0.0)
        } else {
            let positive: Vec<_> = peaks.iter().copied().filter(|&(_, y)| y > 0.0).collect();
            power_law_exponent(&positive)
        };
        Self {
            strategy: strategy.to_owned(),
            mode,
            time_exponent,
            peak_exponent,
            folded: time_exponent.is_some_and(|k| k < FOLDED_EXPONENT),
        }
    }

    /// `time ~ n^1.00, peak ~ n^0`, as the report prints it.
    pub fn summary(&self) -> String {
        let format = |exponent: Option<f64>| match exponent {
            Some(k) if k.abs() < 0.005 => "n^0".to_owned(),
            Some(k) => format!("n^{k:.2}"),
            None => "not fitted".to_owned(),
        };
        format!(
            "time ~ {}, peak ~ {}",
            format(self.time_exponent),
            format(self.peak_exponent)
        )
    }

    /// The plain warning for a folded loop, if this is one.
    pub fn warning(&self) -> Option<String> {
        self.folded.then(|| {
            format!(
                "{} ({}): the time does not grow with n ({}), so the compiler folded the \
                 loop; its times are not a per-element cost",
                self.strategy,
                self.mode,
                self.summary()
            )
        })
    }
}

#[cfg(test)]
mod tests;
