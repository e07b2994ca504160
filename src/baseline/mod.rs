//! Memory baselines, in the manner of criterion's time baselines: a run saved under a
//! name, and a later run compared with it strategy by strategy.
//!
//! Heap figures are exact and the same in every run of the same code, so a change in them
//! is a change in the code, and a gate on them can allow 0 % growth. Peak RSS is the
//! kernel's count of resident pages: it is exact for one call, but it moves by a few pages
//! between identical runs (a thread's stack, the allocator's bookkeeping), so growth within
//! [`RSS_SLACK_BYTES`] is not held against it. Times are medians of a few runs on a shared
//! machine, and are compared with the caveat criterion gives: a change is only called one
//! when the two runs' ranges do not overlap, and even then it is not a statistical test.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::export::{RunReport, write_atomic};
use crate::measure::StrategyResult;

mod delta;

use crate::strategy::Mode;
pub use delta::{Delta, TimeChange};

/// The baselines' folder inside cargo's target directory, beside criterion's.
pub const DIR: &str = "sumbench/baselines";

/// Growth of peak heap up to this many bytes does not fail a gate for a strategy on
/// rayon's pool ([`Strategy::PARALLEL`](crate::strategy::Strategy::PARALLEL)): its
/// scheduler allocates a queue block of a few KiB in some calls and not in identical others.
pub const SCHEDULER_SLACK_BYTES: u64 = 64 * 1024;

/// Growth of peak RSS up to this many bytes (64 pages of 4 KiB) is within the kernel's
/// run-to-run movement and does not fail a gate.
pub const RSS_SLACK_BYTES: u64 = 256 * 1024;

/// Fails unless `name` can name a file: letters, digits, `-`, `_` and `.`, not starting
/// with a dot.
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let valid = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        anyhow::bail!(
            "baseline name {name:?} is not valid: use letters, digits, '-', '_' and '.', not starting with '.'"
        );
    }
    // Saved as NAME.json, and by the bench as memory-NAME.json; a file name has at most
    // 255 bytes on Linux's file systems.
    let longest = MAX_FILE_NAME_BYTES - "memory-".len() - ".json".len();
    if name.len() > longest {
        anyhow::bail!(
            "baseline name of {} characters is too long: at most {longest} (it is saved as \
             memory-NAME.json by the bench)",
            name.len()
        );
    }
    Ok(())
}

/// The largest baseline file read: far above any run's (a few KiB per strategy).
const MAX_BASELINE_BYTES: u64 = 64 << 20;

/// The longest file name, in bytes, that Linux's file systems accept (`NAME_MAX`).
const MAX_FILE_NAME_BYTES: usize = 255;

/// Where the baseline `name` of a side-by-side run is kept.
pub fn path(target_dir: &Path, name: &str) -> PathBuf {
    target_dir.join(DIR).join(format!("{name}.json"))
}

/// Saves `report` as the baseline `name` (atomically, replacing an older one).
pub fn save(report: &RunReport, target_dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    check_name(name)?;
    let path = path(target_dir, name);
    store(&path, report)?;
    Ok(path)
}

/// Writes `value` as pretty JSON to `path` atomically, creating its folder: how every
/// baseline, of a run or of a bench's memory pass, is kept.
pub fn store<T: Serialize>(path: &Path, value: &T) -> anyhow::Result<()> {
    let dir = path.parent().expect("a baseline path has a folder");
    // `sumbench/baselines` in the target directory: sumbench's own folders, never links.
    crate::export::fileset::ensure_real_dir_tail(dir, 2)?;
    write_atomic(path, crate::export::json::pretty(value)?.as_bytes())
}

/// Loads the baseline `name`; the error says how to make one when it is missing.
pub fn load(target_dir: &Path, name: &str) -> anyhow::Result<RunReport> {
    check_name(name)?;
    let path = path(target_dir, name);
    crate::export::fileset::check_path_inside(
        target_dir,
        Path::new(&format!("{DIR}/{name}.json")),
    )?;
    let Some(text) = crate::export::fileset::read_regular(&path, MAX_BASELINE_BYTES)? else {
        anyhow::bail!(
            "no baseline named {name} ({} does not exist): save one with --save-baseline {name}",
            path.display()
        )
    };
    serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a sumbench baseline: {e}", path.display()))
}

/// One strategy's (or one bench point's) figures, as a comparison sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The strategy's name, or the bench point's key.
    pub label: String,
    /// Its element mode, where the label does not say it.
    pub mode: Option<Mode>,
    /// Peak live heap bytes.
    pub peak_heap: u64,
    /// Peak resident bytes above the start.
    pub peak_rss: u64,
    /// Heap allocations.
    pub allocations: u64,
    /// Bytes allocated.
    pub bytes_allocated: u64,
    /// Median, fastest and slowest call, ns, where timed (criterion times the benches).
    pub time: Option<(u64, u64, u64)>,
    /// Heap growth not held against it: [`SCHEDULER_SLACK_BYTES`] on rayon's pool, else 0.
    pub heap_slack: u64,
}

impl Row {
    /// The row of a side-by-side run's result.
    pub fn of(result: &StrategyResult) -> Row {
        Row {
            label: result.strategy.clone(),
            mode: Some(result.mode),
            peak_heap: result.peak_bytes,
            peak_rss: result.peak_rss_bytes,
            allocations: result.allocations,
            bytes_allocated: result.bytes_allocated,
            time: Some((result.median_ns, result.min_ns, result.max_ns)),
            heap_slack: heap_slack(&result.strategy),
        }
    }
}

/// [`SCHEDULER_SLACK_BYTES`] for a registered strategy on rayon's pool, else 0.
pub fn heap_slack(strategy: &str) -> u64 {
    match crate::workloads::find(strategy) {
        Some(found) if found.parallel() => SCHEDULER_SLACK_BYTES,
        _ => 0,
    }
}

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
    /// Heap growth not held against it by the gate (see [`SCHEDULER_SLACK_BYTES`]).
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

    /// Its row of the Δ table, under [`Comparison::HEADERS`].
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
pub struct Comparison {
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

/// Compares `current` with `baseline` (saved as `name`).
pub fn compare(name: &str, baseline: &RunReport, current: &RunReport) -> Comparison {
    let mut settings = Vec::new();
    let mut differ = |what: &str, before: String, after: String| {
        if before != after {
            settings.push(format!("{what} {before} → {after}"));
        }
    };
    differ(
        "workload",
        baseline.workload.to_string(),
        current.workload.to_string(),
    );
    differ(
        "input",
        baseline.input_path.clone().unwrap_or_default(),
        current.input_path.clone().unwrap_or_default(),
    );
    differ(
        "n",
        crate::units::grouped(baseline.n),
        crate::units::grouped(current.n),
    );
    differ(
        "chunk size",
        crate::units::grouped(baseline.chunk_size as u64),
        crate::units::grouped(current.chunk_size as u64),
    );
    differ(
        "mode",
        baseline.mode().to_string(),
        current.mode().to_string(),
    );
    // A result belongs to its workload: a range `chunked` is not a file one.
    let rows = |report: &RunReport| -> Vec<Row> {
        report
            .results
            .iter()
            .filter(|r| r.workload == current.workload)
            .map(Row::of)
            .collect()
    };
    compare_rows(
        name,
        &baseline.run_id,
        settings,
        &rows(baseline),
        &rows(current),
    )
}

/// Compares rows matched by label and mode.
pub fn compare_rows(
    name: &str,
    baseline_run: &str,
    settings: Vec<String>,
    before: &[Row],
    after: &[Row],
) -> Comparison {
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
    Comparison {
        baseline: name.to_owned(),
        baseline_run: baseline_run.to_owned(),
        settings,
        changes,
        not_in_baseline,
        max_memory_growth: None,
        failures: Vec::new(),
    }
}

impl Comparison {
    /// Applies the gate: every strategy whose peak heap grew by more than `pct` percent
    /// (and, on rayon's pool, [`SCHEDULER_SLACK_BYTES`]), or whose peak RSS grew by more than `pct` percent and [`RSS_SLACK_BYTES`], is named
    /// in [`Comparison::failures`]. Returns whether the run passed.
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
                        crate::units::grouped(delta.before),
                        crate::units::grouped(delta.after),
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
