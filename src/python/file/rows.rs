//! The row model of the file workload: a program beside its Rust strategy, the baselines,
//! and the report `sumbench python --workload file` saves. Separate from measuring, so
//! that the report and its tests build rows without running anything.

use serde::{Deserialize, Serialize};

use super::{Figures, FileProgram, LibraryStatus};
use crate::python::RustSide;
use sumbench::measure::StrategyResult;
use sumbench::measure::machine::MachineInfo;
use sumbench_page::units::bytes_human;

/// A baseline: the interpreter importing one library (or none), reading nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The library imported; `None` for the bare interpreter, the standard library's.
    pub library: Option<String>,
    /// Its figures.
    pub figures: Figures,
}

/// One row of the table: a Python program and its closest Rust strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRow {
    /// The program's short name.
    pub program: String,
    /// The approach as written in Python.
    pub approach: String,
    /// The library it imports; `None` for the standard library.
    pub library: Option<String>,
    /// Whether it streams (holds a bounded part of the values at a time).
    pub streams: bool,
    /// Its figures; `None` when its library could not be imported.
    pub python: Option<Figures>,
    /// Why it did not run, and how to install what it needs: "cannot import numpy (…);
    /// install with …".
    pub not_run: Option<String>,
    /// Its peak RSS minus its baseline's, bytes.
    pub python_rss_above_baseline_bytes: Option<i64>,
    /// The Rust strategy that does the closest thing (the file warm in the page cache).
    #[serde(flatten)]
    pub rust: RustSide,
    /// Python's time for the reading and summing over Rust's time for one call; none when
    /// either is 0 or unknown.
    pub time_ratio: Option<f64>,
    /// Python's peak RSS above its baseline over Rust's peak RSS; none when Rust's is 0.
    pub rss_ratio: Option<f64>,
}

impl FileRow {
    /// Joins a program's figures (or why it did not run) with its baseline's and its Rust
    /// strategy's, and computes the ratios from them.
    /// `CHUNK_SIZE` in an approach is written as `chunk_size` bytes.
    pub fn new(
        program: &FileProgram,
        chunk_size: usize,
        python: Result<(Figures, &Figures), String>,
        rust: &StrategyResult,
    ) -> Self {
        let ratio = |over: f64, under: f64| (over > 0.0 && under > 0.0).then(|| over / under);
        let (python, not_run, rss_above) = match python {
            Ok((figures, baseline)) => {
                let rss_above = figures.max_rss_bytes as i64 - baseline.max_rss_bytes as i64;
                (Some(figures), None, Some(rss_above))
            }
            Err(why) => (None, Some(why), None),
        };
        let work_ns = python.as_ref().and_then(|p| p.work_median_ns);
        Self {
            program: program.name.to_owned(),
            approach: program
                .approach
                .replace("CHUNK_SIZE", &bytes_human(chunk_size as u64)),
            library: program.library.map(str::to_owned),
            streams: program.streams,
            python,
            not_run,
            python_rss_above_baseline_bytes: rss_above,
            rust: RustSide::from(rust),
            time_ratio: work_ns.and_then(|ns| ratio(ns as f64, rust.time.median_ns as f64)),
            rss_ratio: rss_above.and_then(|bytes| {
                (rust.memory.peak_rss_bytes > 0)
                    .then(|| bytes.max(0) as f64 / rust.memory.peak_rss_bytes as f64)
            }),
        }
    }

    /// Its resident memory above its baseline, never below 0, when it ran.
    pub(super) fn rss_above(&self) -> Option<u64> {
        self.python_rss_above_baseline_bytes
            .map(|bytes| bytes.max(0) as u64)
    }
}

/// Everything `sumbench python --workload file` measured: saved as
/// `reports/python-file.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// Names this run in both saved files.
    pub run_id: String,
    /// The file, as given (or where the generated one is).
    pub input: String,
    /// Whether sumbench generated it (`0..n`, one per line).
    pub generated: bool,
    /// Its size, bytes.
    pub input_bytes: u64,
    /// Its values (non-blank lines).
    pub values: u64,
    /// Their sum as the reference reader found it: what every program must print.
    pub expected_sum: u64,
    /// Bytes per read of the programs that read blocks (Python's and Rust's).
    pub chunk_size: usize,
    /// Timed runs of each program and each Rust strategy.
    pub runs: u32,
    /// The interpreter's `--version`.
    pub python_version: String,
    /// numpy, pandas and polars: their versions, or why they do not import.
    pub libraries: Vec<LibraryStatus>,
    /// The machine.
    pub machine: MachineInfo,
    /// The baselines: the bare interpreter first, then one per library that imports.
    pub baselines: Vec<Baseline>,
    /// One row per program.
    pub rows: Vec<FileRow>,
    /// What the figures say, in a few sentences computed from them.
    pub findings: Vec<String>,
}

impl FileReport {
    /// The baseline of `library` (`None`: the bare interpreter's).
    pub fn baseline(&self, library: Option<&str>) -> Option<&Baseline> {
        self.baselines
            .iter()
            .find(|b| b.library.as_deref() == library)
    }

    /// The row of the program `name`.
    pub(super) fn row(&self, name: &str) -> Option<&FileRow> {
        self.rows.iter().find(|r| r.program == name)
    }

    /// The programs whose sums, or whose Rust strategy's, were wrong (a baseline that did
    /// not print 0 too).
    pub fn wrong(&self) -> Vec<String> {
        let programs = self
            .rows
            .iter()
            .filter(|r| r.python.as_ref().is_some_and(|p| !p.correct) || !r.rust.correct)
            .map(|r| r.program.clone());
        let baselines = self
            .baselines
            .iter()
            .filter(|b| !b.figures.correct)
            .map(|b| baseline_name(b.library.as_deref()));
        programs.chain(baselines).collect()
    }
}

/// A baseline's name in tables and CSV: `baseline`, `baseline+numpy`.
pub fn baseline_name(library: Option<&str>) -> String {
    match library {
        None => "baseline".to_owned(),
        Some(library) => format!("baseline+{library}"),
    }
}
