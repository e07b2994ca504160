//! The Rust strategy's figures beside a Python program: one type for the seed's rows and
//! the file workload's, flattened into each so that their saved keys stay `rust_*`.

use serde::{Deserialize, Serialize};

use sumbench::measure::StrategyResult;

/// A Rust strategy's figures for one call, as a row beside a Python program shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RustSide {
    /// The Rust strategy that does the same, or the closest thing.
    #[serde(rename = "rust_strategy")]
    pub strategy: String,
    /// Its median time for one call, ns.
    #[serde(rename = "rust_median_ns")]
    pub median_ns: u64,
    /// Its peak RSS during one call, bytes.
    #[serde(rename = "rust_peak_rss_bytes")]
    pub peak_rss_bytes: u64,
    /// Its peak heap during one call, bytes (the counterpart of tracemalloc's peak).
    #[serde(rename = "rust_peak_heap_bytes")]
    pub peak_heap_bytes: u64,
    /// Whether every call returned the expected sum.
    #[serde(rename = "rust_correct")]
    pub correct: bool,
}

impl From<&StrategyResult> for RustSide {
    fn from(result: &StrategyResult) -> Self {
        Self {
            strategy: result.strategy.clone(),
            median_ns: result.time.median_ns,
            peak_rss_bytes: result.memory.peak_rss_bytes,
            peak_heap_bytes: result.memory.peak_bytes,
            correct: result.check.correct,
        }
    }
}

impl RustSide {
    /// Its table cell: the strategy and its median time, marked where its sum was wrong.
    pub fn cell(&self) -> String {
        format!(
            "{} {}{}",
            self.strategy,
            sumbench_page::units::duration_human(self.median_ns as f64),
            if self.correct { "" } else { " WRONG SUM" }
        )
    }
}

/// The last CSV columns of a row beside a Python program: its Rust strategy's figures and
/// the ratios (empty for a baseline), then the run's interpreter and identifier. Written
/// after the row's own columns as the second element of a tuple (CSV has no nesting, so
/// the csv crate cannot write a flattened struct).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RustCells {
    /// The Rust strategy compared with the program (empty for a baseline).
    pub rust_strategy: Option<String>,
    /// Its median time for one call, ns.
    pub rust_median_ns: Option<u64>,
    /// Its peak RSS during one call, bytes.
    pub rust_peak_rss_bytes: Option<u64>,
    /// Its peak heap during one call, bytes.
    pub rust_peak_heap_bytes: Option<u64>,
    /// Whether every Rust call returned the expected sum.
    pub rust_correct: Option<bool>,
    /// Python's time over Rust's time for one call.
    pub time_ratio: Option<f64>,
    /// Python's peak RSS above its baseline over Rust's peak RSS.
    pub rss_ratio: Option<f64>,
    /// The interpreter's `--version`.
    pub python_version: String,
    /// The run's identifier, as in the saved JSON.
    pub run_id: String,
}

impl RustCells {
    /// The cells of a row beside `rust` with its `ratios` (time, RSS), or of a baseline
    /// (`None`), in the run of `python_version` named `run_id`.
    pub fn new(
        rust: Option<(&RustSide, [Option<f64>; 2])>,
        python_version: &str,
        run_id: &str,
    ) -> Self {
        let [time_ratio, rss_ratio] = rust.map_or([None; 2], |(_, ratios)| ratios);
        let rust = rust.map(|(side, _)| side);
        Self {
            rust_strategy: rust.map(|r| r.strategy.clone()),
            rust_median_ns: rust.map(|r| r.median_ns),
            rust_peak_rss_bytes: rust.map(|r| r.peak_rss_bytes),
            rust_peak_heap_bytes: rust.map(|r| r.peak_heap_bytes),
            rust_correct: rust.map(|r| r.correct),
            time_ratio,
            rss_ratio,
            python_version: python_version.to_owned(),
            run_id: run_id.to_owned(),
        }
    }
}
