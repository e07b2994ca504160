//! Baselines on disk: a run saved under a name in cargo's target directory, read back,
//! and compared with a later run (the comparison itself is [`crate::analysis::baseline`]'s).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::RunReport;
use crate::analysis::baseline::{BaselineComparison, Row, compare_rows};
use sumbench_page::fileset::write_atomic;
use sumbench_page::units::grouped;

/// The baselines' folder inside cargo's target directory, beside criterion's.
pub const DIR: &str = "sumbench/baselines";

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
    sumbench_page::fileset::ensure_real_dir_tail(dir, 2)?;
    write_atomic(path, sumbench_page::json::pretty(value)?.as_bytes())
}

/// Loads the baseline `name`; the error says how to make one when it is missing.
pub fn load(target_dir: &Path, name: &str) -> anyhow::Result<RunReport> {
    check_name(name)?;
    let path = path(target_dir, name);
    sumbench_page::fileset::check_path_inside(
        target_dir,
        Path::new(&format!("{DIR}/{name}.json")),
    )?;
    let Some(text) = sumbench_page::fileset::read_regular(&path, MAX_BASELINE_BYTES)? else {
        anyhow::bail!(
            "no baseline named {name} ({} does not exist): save one with --save-baseline {name}",
            path.display()
        )
    };
    serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a sumbench baseline: {e}", path.display()))
}

/// Compares `current` with `baseline` (saved as `name`).
pub fn compare(name: &str, baseline: &RunReport, current: &RunReport) -> BaselineComparison {
    let mut settings = Vec::new();
    let mut differ = |what: &str, before: String, after: String| {
        if before != after {
            settings.push(format!("{what} {before} → {after}"));
        }
    };
    differ(
        "workload",
        said(baseline.input.workload),
        said(current.input.workload),
    );
    differ(
        "input",
        baseline.input.input_path.clone().unwrap_or_default(),
        current.input.input_path.clone().unwrap_or_default(),
    );
    differ("n", grouped(baseline.n), grouped(current.n));
    let chunks = |report: &RunReport| report.chunk_size.map(|c| grouped(c as u64));
    differ("chunk size", said(chunks(baseline)), said(chunks(current)));
    differ("mode", said(baseline.mode), said(current.mode));
    // A result belongs to its workload: a range `chunked` is not a file one.
    let rows = |report: &RunReport| -> Vec<Row> {
        report
            .results
            .iter()
            .filter(|r| r.input.workload == current.input.workload)
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

/// A setting as a baseline comparison names it: its value, or `none` where the run has none.
fn said<T: std::fmt::Display>(setting: Option<T>) -> String {
    setting.map_or_else(|| "none".to_owned(), |value| value.to_string())
}
