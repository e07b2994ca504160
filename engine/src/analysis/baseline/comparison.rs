//! A run compared with a baseline: each strategy's changes, the memory gate, and the Δ
//! table with its notes. Separate from saving and loading baselines, which know nothing of
//! how two runs are compared.

use serde::{Deserialize, Serialize};

use super::delta::{Delta, TimeChange};
use super::{RSS_SLACK_BYTES, Row};
use crate::measure::Mode;

/// One strategy's changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The strategy, or the bench point's key.
    pub strategy: String,
    /// Its element mode, where the name does not say it.
    pub mode: Option<Mode>,
    /// Peak live heap bytes.
    pub peak_heap: Delta,
    /// Peak resident bytes above the start.
    pub peak_rss: Delta,
    /// Heap allocations.
    pub allocations: Delta,
    /// Bytes allocated.
    pub bytes_allocated: Delta,
    /// The median time, where both runs timed it.
    pub time: Option<TimeChange>,
    /// Heap growth not held against it by the gate (see [`SCHEDULER_SLACK_BYTES`](super::SCHEDULER_SLACK_BYTES)).
    #[serde(default)]
    pub heap_slack: u64,
}

impl Change {
    /// Whether any of the four exact memory figures changed.
    pub fn memory_changed(&self) -> bool {
        [
            self.peak_heap,
            self.peak_rss,
            self.allocations,
            self.bytes_allocated,
        ]
        .iter()
        .any(|d| d.change() != 0)
    }

    /// Its row of the Δ table, under [`BaselineComparison::HEADERS`].
    fn row(&self) -> [String; 7] {
        [
            self.strategy.clone(),
            self.mode.map_or_else(|| "–".to_owned(), |m| m.to_string()),
            self.peak_heap.cell(),
            self.peak_rss.cell(),
            self.allocations.cell(),
            self.bytes_allocated.cell(),
            self.time
                .as_ref()
                .map_or_else(|| "–".to_owned(), TimeChange::cell),
        ]
    }
}

/// A run compared with a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineComparison {
    /// The baseline's name.
    pub baseline: String,
    /// The baseline's run id, or its date.
    pub baseline_run: String,
    /// Settings that differ between the two runs, in words (`chunk size 10,000 → 100,000`):
    /// the changes below may come from them.
    pub settings: Vec<String>,
    /// One entry per strategy present in both, in this run's order.
    pub changes: Vec<Change>,
    /// Strategies of this run the baseline does not have.
    pub not_in_baseline: Vec<String>,
    /// The gate, when one was asked for: the largest growth allowed, percent.
    pub max_memory_growth: Option<f64>,
    /// What failed the gate, one line per strategy and figure.
    pub failures: Vec<String>,
}

/// Compares rows matched by label and mode.
pub fn compare_rows(
    name: &str,
    baseline_run: &str,
    settings: Vec<String>,
    before: &[Row],
    after: &[Row],
) -> BaselineComparison {
    let mut changes = Vec::new();
    let mut not_in_baseline = Vec::new();
    for now in after {
        let Some(then) = before
            .iter()
            .find(|r| r.label == now.label && r.mode == now.mode)
        else {
            not_in_baseline.push(now.label.clone());
            continue;
        };
        let delta = |before, after| Delta { before, after };
        changes.push(Change {
            strategy: now.label.clone(),
            mode: now.mode,
            peak_heap: delta(then.peak_heap, now.peak_heap),
            peak_rss: delta(then.peak_rss, now.peak_rss),
            allocations: delta(then.allocations, now.allocations),
            bytes_allocated: delta(then.bytes_allocated, now.bytes_allocated),
            heap_slack: now.heap_slack,
            time: match (then.time, now.time) {
                (Some((then_ns, then_min, then_max)), Some((now_ns, now_min, now_max))) => {
                    Some(TimeChange {
                        before_ns: then_ns,
                        after_ns: now_ns,
                        percent: (now_ns as f64 - then_ns as f64) * 100.0 / then_ns.max(1) as f64,
                        within_noise: now_min <= then_max && then_min <= now_max,
                    })
                }
                _ => None,
            },
        });
    }
    BaselineComparison {
        baseline: name.to_owned(),
        baseline_run: baseline_run.to_owned(),
        settings,
        changes,
        not_in_baseline,
        max_memory_growth: None,
        failures: Vec::new(),
    }
}

impl BaselineComparison {
    /// Applies the gate: every strategy whose peak heap grew by more than `pct` percent
    /// (and, on rayon's pool, [`SCHEDULER_SLACK_BYTES`](super::SCHEDULER_SLACK_BYTES)), or whose peak RSS grew by more than `pct` percent and [`RSS_SLACK_BYTES`], is named
    /// in [`BaselineComparison::failures`]. Returns whether the run passed.
    pub fn gate(&mut self, pct: f64) -> bool {
        self.max_memory_growth = Some(pct);
        self.failures.clear();
        if self.changes.is_empty() {
            // A gate that compared nothing has checked nothing: it must not pass.
            self.failures.push(format!(
                "nothing was compared: no strategy of this run is in baseline {}{}",
                self.baseline,
                if self.not_in_baseline.is_empty() {
                    String::new()
                } else {
                    format!(" (this run: {})", self.not_in_baseline.join(", "))
                }
            ));
        }
        for change in &self.changes {
            for (figure, delta, slack) in [
                ("peak heap", change.peak_heap, change.heap_slack),
                ("peak RSS", change.peak_rss, RSS_SLACK_BYTES),
            ] {
                if delta.grew_beyond(pct, slack) {
                    self.failures.push(format!(
                        "{}{}: {figure} grew from {} B to {} B ({}), more than the {pct} % allowed",
                        change.strategy,
                        mode_suffix(change.mode),
                        sumbench_page::units::grouped(delta.before),
                        sumbench_page::units::grouped(delta.after),
                        match delta.percent() {
                            Some(p) => format!("{p:+.1} %"),
                            None => "from 0".to_owned(),
                        }
                    ));
                }
            }
        }
        self.failures.is_empty()
    }

    /// The header of the Δ table.
    pub const HEADERS: [&'static str; 7] = [
        "strategy",
        "mode",
        "Δ peak heap (B)",
        "Δ peak RSS (B)",
        "Δ allocs",
        "Δ bytes allocated",
        "Δ median time",
    ];

    /// The Δ table's rows, one per strategy.
    pub fn rows(&self) -> Vec<[String; 7]> {
        self.changes.iter().map(Change::row).collect()
    }

    /// The rows of the strategies whose peak heap or peak RSS moved, up or down, beyond
    /// the gate's tolerance (its percentage, 0 without a gate, and the slack each figure
    /// gets), and how many others there were.
    pub fn beyond_tolerance(&self) -> (Vec<[String; 7]>, usize) {
        let pct = self.max_memory_growth.unwrap_or(0.0);
        let moved = |delta: Delta, slack: u64| {
            let reversed = Delta {
                before: delta.after,
                after: delta.before,
            };
            delta.grew_beyond(pct, slack) || reversed.grew_beyond(pct, slack)
        };
        let (beyond, within): (Vec<&Change>, Vec<&Change>) = self
            .changes
            .iter()
            .partition(|c| moved(c.peak_heap, c.heap_slack) || moved(c.peak_rss, RSS_SLACK_BYTES));
        (beyond.into_iter().map(Change::row).collect(), within.len())
    }

    /// The tolerance [`BaselineComparison::beyond_tolerance`] applies, in words.
    pub fn tolerance_text(&self) -> String {
        format!(
            "peak heap or peak RSS moved by more than {} % and, for RSS, {}",
            self.max_memory_growth.unwrap_or(0.0),
            sumbench_page::units::bytes_human(RSS_SLACK_BYTES)
        )
    }

    /// The rows whose memory changed (any of the four exact figures).
    pub fn changed_rows(&self) -> Vec<[String; 7]> {
        self.changes
            .iter()
            .filter(|c| c.memory_changed())
            .map(Change::row)
            .collect()
    }

    /// How many entries changed in any memory figure, and in peak heap, out of all: one
    /// sentence.
    pub fn summary(&self) -> String {
        let heap = self
            .changes
            .iter()
            .filter(|c| c.peak_heap.change() != 0)
            .count();
        format!(
            "{} of {} compared changed in a memory figure; {heap} changed in peak heap.",
            self.changes.iter().filter(|c| c.memory_changed()).count(),
            self.changes.len()
        )
    }

    /// The lines printed above and below the Δ table: what it compares, what differs,
    /// the time caveat and the gate's outcome.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = vec![format!(
            "Compared with baseline {} (run {}). Memory changes are exact; yet peak RSS moves \
             by a few pages between identical runs (growth under 256 KiB passes a gate), and \
             rayon's scheduler allocates a queue block of a few KiB in some calls and not in \
             others (heap growth under 64 KiB passes a gate for a parallel strategy). Time changes are differences of medians on a \
             shared machine, called within noise when the two runs' fastest-to-slowest ranges \
             overlap; unlike criterion's, this is no significance test.",
            self.baseline, self.baseline_run
        )];
        if !self.settings.is_empty() {
            notes.push(format!(
                "Settings differ from the baseline: {}.",
                self.settings.join(", ")
            ));
        }
        if !self.not_in_baseline.is_empty() {
            notes.push(format!(
                "Not in the baseline: {}.",
                self.not_in_baseline.join(", ")
            ));
        }
        if let Some(pct) = self.max_memory_growth {
            if self.failures.is_empty() {
                notes.push(format!(
                    "Memory gate passed: no peak heap or peak RSS grew by more than {pct} %."
                ));
            } else {
                notes.push(format!(
                    "Memory gate failed (at most {pct} % growth allowed): {}.",
                    self.failures.join("; ")
                ));
            }
        }
        notes
    }
}

/// ` (opaque)` after a strategy's name, or nothing when the name says its mode.
fn mode_suffix(mode: Option<Mode>) -> String {
    mode.map_or_else(String::new, |m| format!(" ({m})"))
}
