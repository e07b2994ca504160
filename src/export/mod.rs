//! Turning results into what people read: a terminal table, JSON, CSV and Markdown, and
//! writing files so that a reader never sees half of one.
//!
//! Data flows one way: strategies → [`measure`](crate::measure) → [`RunReport`] → these
//! writers. No writer measures anything.

mod csv;
mod json;
mod markdown;
mod table;

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::machine::MachineInfo;
use crate::measure::StrategyResult;
use crate::strategy::Mode;

/// One `sumbench` run: its settings, the machine, and one result per strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// Elements summed by each strategy: `0..n`.
    pub n: u64,
    /// Chunk size given to the chunked strategies.
    pub chunk_size: usize,
    /// Whether each element was passed through `black_box` (mode `opaque`).
    pub opaque: bool,
    /// Where and when it ran.
    pub machine: MachineInfo,
    /// One entry per strategy, in registry order.
    pub results: Vec<StrategyResult>,
}

impl RunReport {
    /// The element mode of every result in the report.
    pub fn mode(&self) -> Mode {
        if self.opaque {
            Mode::Opaque
        } else {
            Mode::AsWritten
        }
    }

    /// Every result's warnings, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        self.results
            .iter()
            .flat_map(|r| r.warnings.iter().map(String::as_str))
    }
}

/// An output format of the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// The whole report as one JSON object.
    Json,
    /// One CSV row per strategy.
    Csv,
    /// A Markdown page with the table.
    Markdown,
}

/// Renders `report` in `format`.
pub fn render(report: &RunReport, format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Table => table::render(report),
        Format::Json => json::render(report)?,
        Format::Csv => csv::render(report)?,
        Format::Markdown => markdown::render(report),
    })
}

/// A unit enum's serde name (`kernel`, `sampled`), for CSV cells.
pub(crate) fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Writes `contents` to `path` atomically: into a temporary file in the same directory,
/// flushed, then renamed over `path`. An interrupted write leaves the old file intact.
/// The error names the path.
pub fn write_atomic(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let write = || -> std::io::Result<()> {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        temp.write_all(contents)?;
        temp.as_file().sync_all()?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

/// Fails unless `dir` exists (or can be created) and a file can be created in it; checked
/// before measuring, so that a long run does not end in an unwritable directory.
pub fn ensure_writable_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    tempfile::NamedTempFile::new_in(dir).map(drop)
}

#[cfg(test)]
pub(crate) mod tests;
