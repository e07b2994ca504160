//! Complexity: the exponent `k` of a power law `y ≈ c·n^k` fitted to measured points.
//!
//! A least-squares line through `(ln n, ln y)` has slope `k`. For the sums here `k` is 1
//! where the work or the memory grows with `n`, 0 where it does not. A time exponent near 0
//! across several decades of `n` means the loop was never run element by element: the
//! compiler folded it into a closed form.

use serde::{Deserialize, Serialize};
use sumbench::analysis::growth::{exponent_text, power_law_exponent};

/// Below this time exponent across the sweep, the time does not grow with `n`.
pub const FOLDED_EXPONENT: f64 = 0.3;

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
        format!(
            "time ~ {}, peak ~ {}",
            exponent_text(self.time_exponent),
            exponent_text(self.peak_exponent)
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
