//! One figure before and after: exact memory deltas and a time change with its caveat.

use serde::{Deserialize, Serialize};

/// One exact figure before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    /// In the baseline.
    pub before: u64,
    /// In this run.
    pub after: u64,
}

impl Delta {
    /// `after − before`.
    pub fn change(self) -> i128 {
        i128::from(self.after) - i128::from(self.before)
    }

    /// The change in percent of `before`: `None` when `before` is 0 and `after` is not
    /// (growth from nothing has no percentage), `Some(0.0)` when both are 0.
    pub fn percent(self) -> Option<f64> {
        match (self.before, self.after) {
            (0, 0) => Some(0.0),
            (0, _) => None,
            (before, _) => Some(self.change() as f64 * 100.0 / before as f64),
        }
    }

    /// Whether it grew by more than `pct` percent (and, beyond that, by more than
    /// `slack` bytes).
    pub fn grew_beyond(self, pct: f64, slack: u64) -> bool {
        let grew = self.change() > i128::from(slack);
        grew && self.percent().is_none_or(|p| p > pct)
    }

    /// `+800,000 (+900.0 %)`, `0`, `+4,096 (from 0)`.
    pub fn cell(self) -> String {
        let change = self.change();
        if change == 0 {
            return "0".to_owned();
        }
        let sign = if change > 0 { "+" } else { "−" };
        let amount = sumbench_page::units::grouped(change.unsigned_abs() as u64);
        match self.percent() {
            Some(p) => format!("{sign}{amount} ({sign}{:.1} %)", p.abs()),
            None => format!("{sign}{amount} (from 0)"),
        }
    }
}

/// The time of one strategy before and after, with the caveat.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimeChange {
    /// The baseline's median, ns.
    pub before_ns: u64,
    /// This run's median, ns.
    pub after_ns: u64,
    /// `(after − before) / before`, percent.
    pub percent: f64,
    /// Whether the two runs' ranges (fastest to slowest call) overlap: then the change is
    /// within the noise of a shared machine and means nothing.
    pub within_noise: bool,
}

impl TimeChange {
    /// `+3.2 % (within noise)`.
    pub fn cell(&self) -> String {
        format!(
            "{:+.1} %{}",
            self.percent,
            if self.within_noise {
                " (within noise)"
            } else {
                ""
            }
        )
    }
}
