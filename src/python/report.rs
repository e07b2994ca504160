//! The seed workload's figures: a program's medians, its row beside its Rust counterpart,
//! and the report `sumbench python` saves. Separate from running the programs, which both
//! workloads share.

use std::ffi::OsString;

use serde::{Deserialize, Serialize};

use super::{PythonError, Runner, RustSide, SeedProgram, run_repeatedly};
use crate::workloads::strategy::expected_sum;
use sumbench::measure::machine::MachineInfo;

/// Medians of a program's timed runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramFigures {
    /// The seed's name for the strategy (`list`, `generator`, `chunks`, `baseline`).
    pub seed_strategy: String,
    /// Median wall time of the whole process, ns.
    pub median_ns: u64,
    /// Median peak resident set of the whole process, bytes.
    pub max_rss_bytes: u64,
    /// tracemalloc's peak (from one extra run with tracing on), when asked for.
    pub tracemalloc_peak_bytes: Option<u64>,
    /// Whether every run printed `n(n−1)/2`.
    pub correct: bool,
}

/// Runs `program` `warmups` + `runs` times and takes the medians; with `tracemalloc`,
/// one more run with tracing gives Python's heap figure (it is slower, so it is not timed).
pub fn measure_program(
    runner: Runner<'_>,
    program: &SeedProgram,
    n: u64,
    chunk_size: usize,
    reps: sumbench::measure::Repetitions,
    tracemalloc: bool,
) -> Result<ProgramFigures, PythonError> {
    let args = [n.to_string(), chunk_size.to_string()].map(OsString::from);
    let runs = run_repeatedly(runner, program.file, &args, reps, tracemalloc)?;
    let (median_ns, max_rss_bytes) = runs.medians();
    Ok(ProgramFigures {
        seed_strategy: program.seed_strategy.to_owned(),
        median_ns,
        max_rss_bytes,
        tracemalloc_peak_bytes: runs.tracemalloc_peak_bytes,
        correct: runs.all_printed(expected_sum(n)),
    })
}

/// One row of the side-by-side table: a seed strategy in Python and in Rust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideBySide {
    /// The seed's name for the strategy.
    pub seed_strategy: String,
    /// The Python program's figures.
    pub python: ProgramFigures,
    /// Its median time minus the baseline program's, ns (what the strategy adds).
    pub python_above_baseline_ns: i64,
    /// Its peak RSS minus the baseline program's, bytes.
    pub python_rss_above_baseline_bytes: i64,
    /// The Rust strategy that does the same, in opaque mode.
    #[serde(flatten)]
    pub rust: RustSide,
    /// Python's whole-process time over Rust's time for one call.
    pub time_ratio: Option<f64>,
    /// Python's peak RSS above the baseline over Rust's peak RSS; none when Rust's is 0.
    pub rss_ratio: Option<f64>,
}

impl SideBySide {
    /// Joins the figures and computes the ratios from them.
    pub fn new(
        python: ProgramFigures,
        baseline: &ProgramFigures,
        rust: &sumbench::measure::StrategyResult,
    ) -> Self {
        let ratio = |over: f64, under: f64| (under > 0.0).then(|| over / under);
        let rss_above = python.max_rss_bytes as i64 - baseline.max_rss_bytes as i64;
        Self {
            seed_strategy: python.seed_strategy.clone(),
            python_above_baseline_ns: python.median_ns as i64 - baseline.median_ns as i64,
            python_rss_above_baseline_bytes: rss_above,
            rust: RustSide::from(rust),
            time_ratio: ratio(python.median_ns as f64, rust.time.median_ns as f64),
            rss_ratio: ratio(rss_above.max(0) as f64, rust.memory.peak_rss_bytes as f64),
            python,
        }
    }
}

/// Everything `sumbench python` measured: saved as `reports/python.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonReport {
    /// Names this run in both saved files.
    pub run_id: String,
    /// Numbers summed: `0..n`.
    pub n: u64,
    /// The chunk size of the chunked programs.
    pub chunk_size: usize,
    /// Timed runs of each program and each Rust strategy.
    pub runs: u32,
    /// The interpreter's `--version`.
    pub python_version: String,
    /// The machine.
    pub machine: MachineInfo,
    /// The baseline program's figures.
    pub baseline: ProgramFigures,
    /// One row per seed strategy.
    pub rows: Vec<SideBySide>,
}
