//! The bench report: criterion's time estimates and sumbench's memory figures joined point
//! by point, fitted for complexity, and written to `reports/` as one HTML page, a Markdown
//! page, SVG charts, JSON and CSV.
//!
//! Data flows one way: [`crate::suite`] plans the points → criterion times them and
//! [`MemoryPass::measure`] measures their memory → [`build`] joins them into a
//! [`BenchReport`] → the writers render it. Every file is written atomically.

mod allocator_cost;
pub mod charts;
pub mod estimates;
mod exports;
mod file;
pub mod fit;
mod memory;
pub mod memory_baseline;
mod output;
mod page;
mod summary;
mod tradeoffs;

pub use memory::{MemoryFigures, MemoryPass, skip_reason};
pub use output::{
    BMF_FILE, Extras, FILES, PHASES_FILE, PYTHON_FILE, PYTHON_FILE_WORKLOAD, PhaseTables,
    QuietTimeline, TRADEOFF_FILES, criterion_link, find_timelines, generate, write,
};
pub use tradeoffs::Tradeoff;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::suite::paired::PairedPass;
use crate::suite::{self, CostThreads, Group, Point};
use crate::workloads;
use crate::workloads::strategy::{Mode, Workload};
use estimates::TimeEstimate;
use fit::Complexity;
use sumbench::measure::machine::MachineInfo;

/// Where the memory pass keeps its figures between `cargo bench` and the report, relative
/// to the cargo target directory.
pub const MEMORY_FILE: &str = "sumbench/memory.json";

/// One planned point with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointRecord {
    /// `group/strategy/parameter`, criterion's full id.
    pub key: String,
    /// The suite group.
    pub group: Group,
    /// The strategy.
    pub strategy: String,
    /// Element mode.
    pub mode: Mode,
    /// Elements summed (values, for a file).
    pub n: u64,
    /// Chunk size (elements for the range, bytes of read buffer for a file).
    pub chunk_size: usize,
    /// The file workload's input size in bytes; `None` for the range.
    #[serde(default)]
    pub input_bytes: Option<u64>,
    /// criterion's time estimate, if criterion has results for this point.
    pub time: Option<TimeEstimate>,
    /// Memory figures, if the memory pass measured the point.
    pub memory: Option<MemoryFigures>,
    /// Why the point was not run, if it was skipped.
    pub skipped: Option<String>,
}

impl PointRecord {
    /// Megabytes (10^6 B) of input per second at `ns` per call; `None` for the range.
    pub fn megabytes_per_second_at(&self, ns: f64) -> Option<f64> {
        Some(self.input_bytes? as f64 * 1e3 / ns)
    }
}

/// What counting allocations costs one strategy, from the paired pass: its counted calls
/// against its uncounted ones, side by side in one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overhead {
    /// The strategy, with its mode for the range: `vec (opaque)`.
    pub strategy: String,
    /// Heap allocations of one call: what the counting allocator has to count.
    pub allocations: u64,
    /// Median time of its uncounted calls in the paired pass, ns.
    pub uncounted_ns: f64,
    /// Median over the pairs of counted time over uncounted time, minus one, in percent.
    pub cost_percent: f64,
    /// The low end of that percentage's distribution-free interval.
    pub cost_low_percent: f64,
    /// The high end.
    pub cost_high_percent: f64,
    /// The cost expected from the per-allocation price of the `allocator_cost` group:
    /// (allocations + reallocations) × [`AllocatorCost::extra_ns`] over `uncounted_ns`.
    pub predicted_percent: Option<f64>,
    /// What the counting allocator, switched off, adds at most to the reported time, in
    /// percent (see [`sumbench::measure::StrategyResult::counting_off_effect_percent`]).
    pub off_effect_percent: f64,
}

/// What one allocation and its free cost through each allocator, called directly in one
/// process (criterion group [`suite::ALLOCATOR_COST_GROUP`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocatorCost {
    /// Through the system allocator, one thread, ns.
    pub system_ns: f64,
    /// Through the counting allocator, one thread, ns.
    pub counting_ns: f64,
    /// What counting adds to one allocation and its free on one thread:
    /// `counting_ns − system_ns`.
    pub extra_ns: f64,
    /// Threads allocating at once in the all-cores measurement (the machine's cores).
    pub all_cores: usize,
    /// Every allocator timed, in [`suite::COST_ALLOCATORS`] order.
    pub allocators: Vec<AllocatorCostRow>,
}

/// One allocator's cost per allocation and free, ns, as criterion estimated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocatorCostRow {
    /// `system`, `stats_alloc`, `counting`, `counting_off` or `dhat`.
    pub allocator: String,
    /// One thread allocating.
    pub one_thread_ns: Option<f64>,
    /// Every core allocating at once: the time of one pair on each thread.
    pub all_cores_ns: Option<f64>,
}

impl AllocatorCost {
    /// The row of `allocator`, if it was timed.
    pub fn row(&self, allocator: &str) -> Option<&AllocatorCostRow> {
        self.allocators.iter().find(|r| r.allocator == allocator)
    }
}

/// Everything `reports/` shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Where and when the memory pass ran (criterion's times come from the same run).
    pub machine: MachineInfo,
    /// The scaling sweep's largest size.
    pub max_n: u64,
    /// Every planned point, in plan order.
    pub points: Vec<PointRecord>,
    /// Fitted exponents per strategy and mode, from the scaling sweep.
    pub complexity: Vec<Complexity>,
    /// The counting allocator's cost per allocation, if criterion has timed it.
    pub allocator_cost: Option<AllocatorCost>,
    /// What counting allocations costs each seed strategy, from the paired pass.
    pub overhead: Vec<Overhead>,
    /// The paired pass over the seed points, if it ran: the source of "faster" and "tied".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired: Option<crate::suite::paired::PairedPass>,
    /// Plain-words warnings: folded loops, missing estimates.
    pub warnings: Vec<String>,
    /// Each workload's seed-case trade-off and verdict, computed from the points.
    #[serde(default)]
    pub tradeoffs: Vec<Tradeoff>,
    /// The memory pass compared with a memory baseline, when one was asked for and exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_baseline: Option<sumbench::analysis::baseline::BaselineComparison>,
    /// The file workload's parser and reference timings from the same run.
    #[serde(default)]
    pub file_references: file::FileReferences,
}

/// Every point of the suite, in plan order.
fn all_points(max_n: u64) -> Vec<Point> {
    suite::counting_points(max_n)
}

/// Joins the plan, the memory pass, criterion's estimates and the paired pass.
pub fn build(
    pass: &MemoryPass,
    estimates: &BTreeMap<String, TimeEstimate>,
    paired: Option<&PairedPass>,
) -> BenchReport {
    let points = point_records(pass, estimates);
    let complexity = complexities(&points);
    let allocator_cost = allocator_cost(pass, estimates);
    let overhead = overheads(paired, allocator_cost.as_ref());
    let mut warnings: Vec<String> = complexity.iter().filter_map(Complexity::warning).collect();
    let untimed = points
        .iter()
        .filter(|p| p.time.is_none() && p.skipped.is_none())
        .count();
    if untimed > 0 {
        warnings.push(format!(
            "{untimed} of {} points have no criterion estimate yet: run `cargo bench` in full \
             (a filtered run times only some points)",
            points.len()
        ));
    }
    let mut report = BenchReport {
        machine: pass.machine.clone(),
        max_n: pass.max_n,
        points,
        complexity,
        allocator_cost,
        overhead,
        paired: paired.cloned(),
        warnings,
        tradeoffs: Vec::new(),
        memory_baseline: None,
        file_references: file::references(estimates),
    };
    report.tradeoffs = tradeoffs::compute(&report);
    report
}

/// Every planned point with its criterion estimate (or its seed twin's, for the scaling
/// points at the seed's n) and its memory figures or the reason it was skipped.
fn point_records(
    pass: &MemoryPass,
    estimates: &BTreeMap<String, TimeEstimate>,
) -> Vec<PointRecord> {
    all_points(pass.max_n)
        .iter()
        .map(|point| {
            let key = point.key();
            PointRecord {
                group: point.group,
                strategy: point.strategy.name().to_owned(),
                mode: point.mode,
                n: point.params.n,
                chunk_size: point.params.chunk_size,
                input_bytes: point.params.file.as_ref().map(|f| f.bytes),
                time: estimates
                    .get(&key)
                    .or_else(|| estimates.get(&point.seed_twin()?))
                    .cloned(),
                memory: pass.records.get(&key).copied(),
                skipped: pass.skipped.get(&key).cloned(),
                key,
            }
        })
        .collect()
}

/// The fitted growth of time and peak heap with n, per range strategy and mode.
fn complexities(points: &[PointRecord]) -> Vec<Complexity> {
    let mut complexity = Vec::new();
    for mode in Mode::ALL {
        for strategy in workloads::of(Workload::Range) {
            let scaling = points.iter().filter(|p| {
                p.group == Group::Scaling && p.mode == mode && p.strategy == strategy.name()
            });
            let times: Vec<_> = scaling
                .clone()
                .filter_map(|p| Some((p.n as f64, p.time.as_ref()?.point_ns)))
                .collect();
            let peaks: Vec<_> = scaling
                .filter_map(|p| Some((p.n as f64, p.memory?.peak_bytes as f64)))
                .collect();
            complexity.push(Complexity::fit(strategy.name(), mode, &times, &peaks));
        }
    }
    complexity
}

/// What an allocation and its free cost through each allocator, from the `allocator`
/// group's estimates; `None` before that group has run.
fn allocator_cost(
    pass: &MemoryPass,
    estimates: &BTreeMap<String, TimeEstimate>,
) -> Option<AllocatorCost> {
    let time = |allocator: &str, threads: CostThreads| {
        Some(estimates.get(&threads.key(allocator))?.point_ns)
    };
    let allocators = suite::COST_ALLOCATORS
        .iter()
        .map(|&allocator| AllocatorCostRow {
            allocator: allocator.to_owned(),
            one_thread_ns: time(allocator, CostThreads::One),
            all_cores_ns: time(allocator, CostThreads::AllCores),
        })
        .collect();
    let system_ns = time("system", CostThreads::One)?;
    let counting_ns = time("counting", CostThreads::One)?;
    Some(AllocatorCost {
        system_ns,
        counting_ns,
        extra_ns: counting_ns - system_ns,
        all_cores: pass.machine.cores,
        allocators,
    })
}

/// What counting cost each strategy of the paired pass, measured and predicted from the
/// allocator's cost.
fn overheads(paired: Option<&PairedPass>, cost: Option<&AllocatorCost>) -> Vec<Overhead> {
    paired
        .into_iter()
        .flat_map(|pass| &pass.groups)
        .flat_map(|group| {
            group.results.iter().map(|r| Overhead {
                strategy: tradeoffs::label(
                    group.group.workload(),
                    &r.strategy,
                    r.mode.unwrap_or_default(),
                ),
                allocations: r.memory.allocations,
                uncounted_ns: r.time.median_ns as f64,
                cost_percent: r.counting.counting_cost_percent,
                cost_low_percent: r.counting.counting_cost_low_percent,
                cost_high_percent: r.counting.counting_cost_high_percent,
                predicted_percent: cost.map(|cost| {
                    (r.memory.allocations + r.memory.reallocations) as f64 * cost.extra_ns
                        / r.time.median_ns.max(1) as f64
                        * 100.0
                }),
                off_effect_percent: r.counting.counting_off_effect_percent,
            })
        })
        .collect()
}

impl BenchReport {
    /// The points of `group` in `mode`.
    pub fn group(&self, group: Group, mode: Mode) -> impl Iterator<Item = &PointRecord> + Clone {
        self.points
            .iter()
            .filter(move |p| p.group == group && p.mode == mode)
    }

    /// The seed point of `strategy` in `mode`.
    pub fn seed(&self, strategy: &str, mode: Mode) -> Option<&PointRecord> {
        self.group(Group::Seed, mode)
            .find(|p| p.strategy == strategy)
    }

    /// The fitted complexity of `strategy` in `mode`.
    pub fn complexity_of(&self, strategy: &str, mode: Mode) -> Option<&Complexity> {
        self.complexity
            .iter()
            .find(|c| c.strategy == strategy && c.mode == mode)
    }
}

#[cfg(test)]
pub(crate) mod tests;
