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

use serde::Serialize;

use crate::export::{RunReport, write_atomic};
use crate::measure::StrategyResult;

mod comparison;
mod delta;

use crate::strategy::Mode;
pub use comparison::{Change, Comparison, compare, compare_rows};
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
