//! The Rust strategy's figures beside a Python program: one type for the seed's rows and
//! the file workload's, flattened into each so that their saved keys stay `rust_*`.

use serde::{Deserialize, Serialize};

use crate::measure::StrategyResult;

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
            median_ns: result.median_ns,
            peak_rss_bytes: result.memory.peak_rss_bytes,
            peak_heap_bytes: result.memory.peak_bytes,
            correct: result.correct,
        }
    }
}
