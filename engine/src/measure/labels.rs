//! The labels every result row carries: what was measured ([`Workload`]), how its elements
//! were made ([`Mode`]), and the input file's page-cache state ([`CacheState`]). They live
//! with the engine because rows, reports and baselines name them; the built-in workloads
//! give them their meaning.

use serde::{Deserialize, Serialize};

/// What a strategy sums.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    /// The integers `0..n`, made on the fly: the seed's experiment.
    #[default]
    Range,
    /// The numbers of a text file, one unsigned integer per line.
    File,
}

impl Workload {
    /// Both workloads, in the order reports list them.
    pub const ALL: [Workload; 2] = [Workload::Range, Workload::File];

    /// The label used in tables, file names and criterion group names.
    pub fn label(self) -> &'static str {
        match self {
            Workload::Range => "range",
            Workload::File => "file",
        }
    }
}

impl std::fmt::Display for Workload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The element mode of a run, as chosen on the command line and recorded in results.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The code as written (the `Plain` wrapper of the built-in strategies); the compiler may fold the loop away.
    #[default]
    AsWritten,
    /// Every element passed through `black_box` (the `BlackBoxed` wrapper).
    Opaque,
}

impl Mode {
    /// Both modes, as written first.
    pub const ALL: [Mode; 2] = [Mode::AsWritten, Mode::Opaque];

    /// The label used in tables, file names and criterion group names.
    pub fn label(self) -> &'static str {
        match self {
            Mode::AsWritten => "as_written",
            Mode::Opaque => "opaque",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether the file's pages were in the page cache when each measured call began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CacheState {
    /// Read once by the warm-up, so served from memory: the default.
    Warm,
    /// Evicted with `posix_fadvise(POSIX_FADV_DONTNEED)` before each call (`--cold`).
    Cold,
}

impl CacheState {
    /// The label used in tables and JSON.
    pub fn label(self) -> &'static str {
        match self {
            CacheState::Warm => "warm",
            CacheState::Cold => "cold",
        }
    }
}

impl std::fmt::Display for CacheState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
