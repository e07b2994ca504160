//! The bench suite's plan: which strategy runs at which size, in which mode, in which group.
//!
//! `cargo bench` times every [`Point`] with criterion and measures its memory with
//! [`measure::sample`](sumbench::measure::sample); the report joins the two by
//! [`Point::key`]. The plan is built from the registry alone, so a new strategy is benched,
//! measured and reported with no edit here.

use serde::{Deserialize, Serialize};

use std::path::Path;

use crate::workloads::strategy::{DynStrategy, Mode, Params, Workload};
use crate::workloads::{self, input::DataFile};

/// The seed experiment's size.
pub const SEED_N: u64 = 10_000_000;
/// The scaling sweep's largest size by default; raise it with [`MAX_N_VAR`].
pub const DEFAULT_MAX_N: u64 = 10_000_000;
/// The environment variable that sets the scaling sweep's largest size (up to 10^9), e.g.
/// `SUMBENCH_MAX_N=1000000000 cargo bench`.
pub const MAX_N_VAR: &str = "SUMBENCH_MAX_N";
/// The largest size the scaling sweep accepts: a `Vec<u64>` of 10^9 is 8 GB.
pub const MAX_N_LIMIT: u64 = 1_000_000_000;
/// The scaling sweep's smallest size.
pub const MIN_N: u64 = 1_000;
/// Chunk sizes of the chunk-size sweep, at [`SEED_N`] elements.
pub const CHUNK_SIZES: [usize; 6] = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
/// The mode of the chunk-size sweep: opaque, so that no chunk's sum folds away.
pub const CHUNK_SWEEP_MODE: Mode = Mode::Opaque;
/// The file workload's sizes: lines of the generated file, from [`MIN_N`] to this.
pub const FILE_MAX_N: u64 = 10_000_000;
/// Read buffer sizes of the file workload's chunk-size sweep, in bytes, on the
/// [`SEED_N`]-line file.
pub const FILE_CHUNK_SIZES: [usize; 6] = [4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304];
pub use crate::workloads::input::FILE_CHUNK_SIZE;
/// The mode of the file workload's points. Parsed values cannot be folded, so the mode
/// changes nothing there; the code runs as written.
pub const FILE_MODE: Mode = Mode::AsWritten;
/// Where the generated files live, relative to the cargo target directory.
pub const DATA_DIR: &str = "sumbench/data";

/// The criterion group timing one allocation and its free through each allocator, every
/// one called directly in the same process: the counting allocator's own cost per
/// allocation, free of the drift between two bench binaries. Its ids are
/// `allocator_cost/<allocator>/<threads>`, with the allocators of [`COST_ALLOCATORS`] and
/// the thread counts of [`CostThreads`].
pub const ALLOCATOR_COST_GROUP: &str = "allocator_cost";
/// The size of the block that group allocates, in bytes.
pub const ALLOCATOR_COST_BYTES: usize = 64;
/// The allocators the cost group times, in the order the report lists them: the system
/// allocator, stats_alloc alone (what sumbench builds on), sumbench's counting allocator
/// counting and switched off (as every timed call runs), and dhat-rs while it profiles
/// (the usual Rust heap profiler, as an anchor).
pub const COST_ALLOCATORS: [&str; 5] =
    ["system", "stats_alloc", "counting", "counting_off", "dhat"];

/// How many threads allocate at once in one measurement of the cost group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostThreads {
    /// One thread: the cost of the counters alone.
    One,
    /// One thread per core, all allocating at once: the cost of sharing the counters.
    AllCores,
}

impl CostThreads {
    /// Both, one thread first.
    pub const ALL: [CostThreads; 2] = [CostThreads::One, CostThreads::AllCores];

    /// The criterion parameter.
    pub fn label(self) -> &'static str {
        match self {
            CostThreads::One => "1_thread",
            CostThreads::AllCores => "all_cores",
        }
    }

    /// How many threads that is on this machine.
    pub fn count(self) -> usize {
        match self {
            CostThreads::One => 1,
            CostThreads::AllCores => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// The criterion key of `allocator` at this thread count.
    pub fn key(self, allocator: &str) -> String {
        format!("{ALLOCATOR_COST_GROUP}/{allocator}/{}", self.label())
    }
}

/// The groups of the suite. Each is one criterion benchmark group per mode, named by
/// [`Point::criterion_group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Every strategy at n = [`SEED_N`], the seed's case.
    Seed,
    /// Every strategy over n = 10^3 … max, by decades.
    Scaling,
    /// The chunked strategies over chunk sizes 10 … 10^6 at n = [`SEED_N`].
    ChunkSize,
    /// Every file strategy on the generated file of [`SEED_N`] lines (warm).
    FileSeed,
    /// Every file strategy on generated files of 10^3 … 10^7 lines (warm).
    FileScaling,
    /// The chunked file strategies over read buffers of 4 KiB … 4 MiB, 10^7 lines.
    FileChunkSize,
}

impl Group {
    /// The workload the group's points sum.
    pub fn workload(self) -> Workload {
        match self {
            Group::Seed | Group::Scaling | Group::ChunkSize => Workload::Range,
            Group::FileSeed | Group::FileScaling | Group::FileChunkSize => Workload::File,
        }
    }
}

/// One benchmark: a strategy with its parameters in a group.
#[derive(Debug, Clone)]
pub struct Point {
    /// The group it belongs to.
    pub group: Group,
    /// The strategy.
    pub strategy: &'static dyn DynStrategy,
    /// Its element mode.
    pub mode: Mode,
    /// Its size and chunk size (and, for the file workload, its generated file).
    pub params: Params,
}

impl Point {
    /// The criterion group id: `seed-as_written`, `scaling-opaque`, `chunk_size-opaque`,
    /// `file-seed`, `file-scaling`, `file-chunk_size`.
    pub fn criterion_group(&self) -> String {
        match self.group {
            Group::Seed => format!("seed-{}", self.mode),
            Group::Scaling => format!("scaling-{}", self.mode),
            Group::ChunkSize => format!("chunk_size-{}", self.mode),
            Group::FileSeed => "file-seed".to_owned(),
            Group::FileScaling => "file-scaling".to_owned(),
            Group::FileChunkSize => "file-chunk_size".to_owned(),
        }
    }

    /// The criterion parameter: the size (lines, for a file), or the chunk size in a
    /// chunk-size sweep.
    pub fn criterion_parameter(&self) -> String {
        match self.group {
            Group::ChunkSize | Group::FileChunkSize => self.params.chunk_size.to_string(),
            _ => self.params.n.to_string(),
        }
    }

    /// The key joining criterion's estimates and the memory pass: criterion's own full id,
    /// `group/function/parameter`.
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}",
            self.criterion_group(),
            self.strategy.name(),
            self.criterion_parameter()
        )
    }

    /// The key of the seed point that runs exactly this call (a scaling point at
    /// [`SEED_N`] with the seed's chunk size), if any: criterion times it once, under the
    /// seed's key, and the report uses that estimate for both.
    pub fn seed_twin(&self) -> Option<String> {
        let seed_group = match self.group {
            Group::Scaling => Group::Seed,
            Group::FileScaling => Group::FileSeed,
            _ => return None,
        };
        let default_chunk = match self.group {
            Group::FileScaling => FILE_CHUNK_SIZE,
            _ => Params::DEFAULT_CHUNK_SIZE,
        };
        (self.params.n == SEED_N && self.params.chunk_size == default_chunk).then(|| {
            Point {
                group: seed_group,
                ..self.clone()
            }
            .key()
        })
    }
}

/// The sizes of the scaling sweep: decades from [`MIN_N`] to `max_n`.
pub fn scaling_sizes(max_n: u64) -> Vec<u64> {
    std::iter::successors(Some(MIN_N), |&n| n.checked_mul(10))
        .take_while(|&n| n <= max_n)
        .collect()
}

/// The scaling sweep's largest size: [`MAX_N_VAR`] if set, else [`DEFAULT_MAX_N`].
pub fn max_n_from_env() -> Result<u64, String> {
    match std::env::var(MAX_N_VAR) {
        Ok(text) => parse_max_n(&text),
        Err(_) => Ok(DEFAULT_MAX_N),
    }
}

/// Parses a value of [`MAX_N_VAR`]: a whole number from [`MIN_N`] to [`MAX_N_LIMIT`],
/// `_` and `,` allowed as separators.
pub fn parse_max_n(text: &str) -> Result<u64, String> {
    match sumbench_page::units::parse_grouped(text) {
        Some(n) if (MIN_N..=MAX_N_LIMIT).contains(&n) => Ok(n),
        _ => Err(format!(
            "{MAX_N_VAR}={text} is not a whole number from {MIN_N} to {MAX_N_LIMIT}"
        )),
    }
}

fn point(group: Group, strategy: &'static dyn DynStrategy, mode: Mode, n: u64) -> Point {
    Point {
        group,
        strategy,
        mode,
        params: Params::range(n, Params::DEFAULT_CHUNK_SIZE),
    }
}

/// The range workload's strategies.
fn range() -> impl Iterator<Item = &'static dyn DynStrategy> {
    workloads::of(Workload::Range)
}

/// The seed's case: every strategy at [`SEED_N`] in both modes.
pub fn seed_points() -> Vec<Point> {
    Mode::ALL
        .into_iter()
        .flat_map(|mode| range().map(move |s| point(Group::Seed, s, mode, SEED_N)))
        .collect()
}

/// The scaling sweep: every strategy at every size up to `max_n`, both modes.
pub fn scaling_points(max_n: u64) -> Vec<Point> {
    let sizes = scaling_sizes(max_n);
    let mut points = Vec::new();
    for mode in Mode::ALL {
        for strategy in range() {
            for &n in &sizes {
                points.push(point(Group::Scaling, strategy, mode, n));
            }
        }
    }
    points
}

/// The chunk-size sweep: the chunked strategies at [`SEED_N`], in [`CHUNK_SWEEP_MODE`].
pub fn chunk_points() -> Vec<Point> {
    let mut points = Vec::new();
    for strategy in range().filter(|s| s.chunked()) {
        for chunk_size in CHUNK_SIZES {
            let mut p = point(Group::ChunkSize, strategy, CHUNK_SWEEP_MODE, SEED_N);
            p.params.chunk_size = chunk_size;
            points.push(p);
        }
    }
    points
}

/// The file workload's points, on generated files of `0..n` in `data_dir` (planned only:
/// [`DataFile::write_if_stale`] writes a file before it is read): every file strategy on
/// the [`SEED_N`]-line file, every one over [`MIN_N`] … [`FILE_MAX_N`] lines, and the
/// chunked ones over [`FILE_CHUNK_SIZES`].
pub fn file_points(data_dir: &Path) -> Vec<Point> {
    let file = |n: u64| DataFile::planned(data_dir, n).expect("the sum of 0..10^7 fits");
    let strategies = || workloads::of(Workload::File);
    let at = |group: Group, strategy, n: u64, chunk_size: usize| Point {
        group,
        strategy,
        mode: FILE_MODE,
        params: Params::file(file(n), chunk_size),
    };
    let mut points: Vec<Point> = strategies()
        .map(|s| at(Group::FileSeed, s, SEED_N, FILE_CHUNK_SIZE))
        .collect();
    for strategy in strategies() {
        for n in scaling_sizes(FILE_MAX_N) {
            points.push(at(Group::FileScaling, strategy, n, FILE_CHUNK_SIZE));
        }
    }
    for strategy in strategies().filter(|s| s.chunked()) {
        for chunk_size in FILE_CHUNK_SIZES {
            points.push(at(Group::FileChunkSize, strategy, SEED_N, chunk_size));
        }
    }
    points
}

/// Where the bench keeps its generated files: [`DATA_DIR`] in the cargo target directory.
pub fn data_dir() -> std::path::PathBuf {
    sumbench_page::fileset::target_dir().join(DATA_DIR)
}

/// Every point criterion times, group by group (with allocation counting off, see
/// [`sumbench::measure::alloc::uncounted`]).
pub fn counting_points(max_n: u64) -> Vec<Point> {
    let mut points = seed_points();
    points.extend(scaling_points(max_n));
    points.extend(chunk_points());
    points.extend(file_points(&data_dir()));
    points
}

/// Whether `point`'s declared heap bound fits in `available` bytes; points that do not are
/// skipped rather than run into an out-of-memory kill.
pub fn fits(point: &Point, available: Option<u64>) -> bool {
    sumbench::measure::heap_fits(point.strategy.heap_bound(&point.params), available).is_ok()
}

pub mod paired;

#[cfg(test)]
mod tests;
