//! The bench report: criterion's time estimates and sumbench's memory figures joined point
//! by point, fitted for complexity, and written to `reports/` as one HTML page, a Markdown
//! page, SVG charts, JSON and CSV.
//!
//! Data flows one way: [`suite`](crate::suite) plans the points → criterion times them and
//! [`MemoryPass::measure`] measures their memory → [`build`] joins them into a
//! [`BenchReport`] → the writers render it. Every file is written atomically.

pub mod charts;
pub mod estimates;
mod exports;
pub mod fit;
mod html;
mod markdown;

pub(crate) use markdown::figures_table as markdown_table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::export::FileSet;
use crate::machine::MachineInfo;
use crate::measure;
use crate::strategy::{Mode, Workload};
use crate::suite::{self, Allocator, CostThreads, Group, Point};
use crate::workloads;
use estimates::TimeEstimate;
use fit::Complexity;

use crate::timeline::Phase;

/// Where the memory pass keeps its figures between `cargo bench` and the report, relative
/// to the cargo target directory.
pub const MEMORY_FILE: &str = "sumbench/memory.json";

/// One point's memory, measured by the counting allocator and `getrusage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryFigures {
    /// Peak live heap bytes of one call, above the start, all threads.
    pub peak_bytes: u64,
    /// Heap allocations of one call.
    pub allocations: u64,
    /// Reallocations of one call.
    pub reallocations: u64,
    /// Bytes allocated by one call (a growing realloc adds its growth).
    pub bytes_allocated: u64,
    /// Minor page faults of the process during the call.
    pub minor_faults: u64,
    /// The most memory resident at once during the call, above its start (bytes).
    pub peak_rss_bytes: u64,
    /// Whether the kernel's high-water mark or a sampler gave `peak_rss_bytes`.
    pub peak_rss_source: crate::rss::PeakRssSource,
}

/// The memory pass of one `cargo bench` run: every planned point's figures, or why it was
/// skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryPass {
    /// The machine it ran on.
    pub machine: MachineInfo,
    /// The scaling sweep's largest size.
    pub max_n: u64,
    /// Figures by point key (`group/strategy/parameter`).
    pub records: BTreeMap<String, MemoryFigures>,
    /// Points not run, by key, with the reason.
    pub skipped: BTreeMap<String, String>,
}

impl MemoryPass {
    /// Measures every point that fits in `available` bytes: one warm-up call, then one
    /// measured call (heap figures are exact and repeat; the warm-up settles rayon's pool).
    pub fn measure(points: &[Point], max_n: u64, available: Option<u64>) -> anyhow::Result<Self> {
        let mut records = BTreeMap::new();
        let mut skipped = BTreeMap::new();
        for point in points {
            if !suite::fits(point, available) {
                skipped.insert(point.key(), skip_reason(point, available));
                continue;
            }
            measure::prime(point.strategy, &point.params, point.mode)?;
            std::hint::black_box(point.strategy.run(&point.params, point.mode)?);
            let sample = measure::sample(point.strategy, &point.params, point.mode)?;
            records.insert(
                point.key(),
                MemoryFigures {
                    peak_bytes: sample.heap.peak_bytes,
                    allocations: sample.heap.allocations,
                    reallocations: sample.heap.reallocations,
                    bytes_allocated: sample.heap.bytes_allocated,
                    minor_faults: sample.minor_faults,
                    peak_rss_bytes: sample.peak_rss.bytes,
                    peak_rss_source: sample.peak_rss.source,
                },
            );
        }
        Ok(Self {
            machine: MachineInfo::current(),
            max_n,
            records,
            skipped,
        })
    }

    /// A compact terminal table of the pass: one line per point.
    pub fn table(&self) -> String {
        let mut table = comfy_table::Table::new();
        table
            .load_preset(comfy_table::presets::NOTHING)
            .set_header([
                "point",
                "peak heap (B)",
                "allocs",
                "bytes allocated",
                "peak RSS (B)",
                "faults",
            ]);
        for (key, figures) in &self.records {
            table.add_row([
                key.clone(),
                crate::units::grouped(figures.peak_bytes),
                crate::units::grouped(figures.allocations),
                crate::units::grouped(figures.bytes_allocated),
                format!(
                    "{}{}",
                    crate::units::grouped(figures.peak_rss_bytes),
                    figures.peak_rss_source.suffix()
                ),
                crate::units::grouped(figures.minor_faults),
            ]);
        }
        for (key, reason) in &self.skipped {
            table.add_row([key.clone(), format!("skipped: {reason}")]);
        }
        table.to_string()
    }
}

/// Why `point` is not run: its heap bound against the memory available.
pub fn skip_reason(point: &Point, available: Option<u64>) -> String {
    format!(
        "{} needs {} of heap at n = {}, more than the {} available",
        point.strategy.name(),
        crate::units::bytes_human(point.strategy.heap_bound(&point.params)),
        crate::units::grouped(point.params.n),
        crate::units::bytes_human(available.unwrap_or(0))
    )
}

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
    /// Allocator it was timed under.
    pub allocator: Allocator,
    /// Elements summed.
    pub n: u64,
    /// Chunk size.
    pub chunk_size: usize,
    /// criterion's time estimate, if criterion has results for this point.
    pub time: Option<TimeEstimate>,
    /// Memory figures, if measured (not for the system-allocator baseline, which cannot
    /// count).
    pub memory: Option<MemoryFigures>,
    /// Why the point was not run, if it was skipped.
    pub skipped: Option<String>,
}

/// The counting allocator's cost on one strategy: the same code timed under both
/// allocators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overhead {
    /// The strategy.
    pub strategy: String,
    /// Time under the counting allocator, ns.
    pub counting_ns: f64,
    /// Time under the system allocator, ns.
    pub system_ns: f64,
    /// `counting_ns / system_ns`: 1.02 means 2 % slower with counting.
    pub ratio: f64,
    /// The lowest ratio both confidence intervals allow: counting's lower bound over
    /// system's upper bound.
    pub ratio_lower: f64,
    /// The highest ratio both confidence intervals allow.
    pub ratio_upper: f64,
    /// Heap allocations of one call (from the memory pass): what the counting allocator
    /// has to count.
    pub allocations: Option<u64>,
    /// The ratio expected from the measured per-allocation cost: 1 + (allocations +
    /// reallocations) × [`AllocatorCost::extra_ns`] / `system_ns`. Far more precise than
    /// `ratio`, which compares two runs apart in time.
    pub predicted_ratio: Option<f64>,
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
    /// `system`, `stats_alloc`, `counting` or `dhat`.
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
    /// The counting allocator's measured cost per strategy.
    pub overhead: Vec<Overhead>,
    /// Plain-words warnings: folded loops, missing estimates.
    pub warnings: Vec<String>,
}

/// Every point of the suite, both allocators, in plan order.
fn all_points(max_n: u64) -> Vec<Point> {
    let mut points = suite::counting_points(max_n);
    points.extend(suite::overhead_points(Allocator::System));
    points
}

/// Joins the plan, the memory pass and criterion's estimates.
pub fn build(pass: &MemoryPass, estimates: &BTreeMap<String, TimeEstimate>) -> BenchReport {
    let points: Vec<PointRecord> = all_points(pass.max_n)
        .iter()
        .map(|point| {
            let key = point.key();
            PointRecord {
                group: point.group,
                strategy: point.strategy.name().to_owned(),
                mode: point.mode,
                allocator: point.allocator,
                n: point.params.n,
                chunk_size: point.params.chunk_size,
                time: estimates.get(&key).cloned(),
                memory: pass.records.get(&key).copied(),
                skipped: pass.skipped.get(&key).cloned(),
                key,
            }
        })
        .collect();

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

    let allocator_cost = {
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
        match (
            time("system", CostThreads::One),
            time("counting", CostThreads::One),
        ) {
            (Some(system_ns), Some(counting_ns)) => Some(AllocatorCost {
                system_ns,
                counting_ns,
                extra_ns: counting_ns - system_ns,
                all_cores: pass.machine.cores,
                allocators,
            }),
            _ => None,
        }
    };
    let overhead = workloads::of(Workload::Range)
        .filter_map(|strategy| {
            let under = |allocator: Allocator| {
                points.iter().find(|p| {
                    p.group == Group::Overhead
                        && p.allocator == allocator
                        && p.strategy == strategy.name()
                })
            };
            let counting = under(Allocator::Counting)?;
            let counting_time = counting.time.as_ref()?;
            let system_time = under(Allocator::System)?.time.as_ref()?;
            Some(Overhead {
                strategy: strategy.name().to_owned(),
                counting_ns: counting_time.point_ns,
                system_ns: system_time.point_ns,
                ratio: counting_time.point_ns / system_time.point_ns,
                ratio_lower: counting_time.lower_ns / system_time.upper_ns,
                ratio_upper: counting_time.upper_ns / system_time.lower_ns,
                allocations: counting.memory.map(|m| m.allocations),
                predicted_ratio: counting
                    .memory
                    .zip(allocator_cost.as_ref())
                    .map(|(m, cost)| {
                        let calls = (m.allocations + m.reallocations) as f64;
                        1.0 + calls * cost.extra_ns / system_time.point_ns
                    }),
            })
        })
        .collect();

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
    BenchReport {
        machine: pass.machine.clone(),
        max_n: pass.max_n,
        points,
        complexity,
        allocator_cost,
        overhead,
        warnings,
    }
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

/// What the page shows beside the bench data: links to criterion's pages, and the
/// timelines `sumbench timeline` left in `reports/timeline/`.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// criterion's output directory as a link from `reports/` (e.g. `../target/criterion`).
    pub criterion: String,
    /// Timeline SVGs in `reports/timeline/`, relative to `reports/`, overlay first.
    pub timelines: Vec<String>,
    /// Each timed strategy's phase table from `reports/timeline/phases.json`.
    pub phases: PhaseTables,
    /// The seed's Python programs beside ours, from `reports/python.json`.
    pub python: Option<crate::python::PythonReport>,
}

/// Phase tables by strategy name, as `sumbench timeline` saves them.
pub type PhaseTables = Vec<(String, Vec<Phase>)>;

/// The side-by-side comparison `sumbench python` saves in `reports/`.
pub const PYTHON_FILE: &str = "python.json";

/// The phase tables' file in `reports/timeline/`, written by `sumbench timeline`.
pub const PHASES_FILE: &str = "phases.json";

/// The files of the report at the top of its directory (the charts go in [`charts::DIR`]).
pub const FILES: [&str; 4] = ["index.html", "README.md", "bench.json", "bench.csv"];

/// Writes `index.html`, `README.md`, `bench.json`, `bench.csv` and the charts under `dir`,
/// each atomically. Returns the files written.
pub fn write(report: &BenchReport, dir: &Path, extras: &Extras) -> anyhow::Result<Vec<PathBuf>> {
    let mut set = FileSet::new();
    let charts = charts::render_all(report)?;
    for chart in &charts {
        set.add(&chart.file, chart.svg.as_bytes());
    }
    set.prune(charts::DIR);
    set.add("bench.json", exports::json(report)?);
    set.add("bench.csv", exports::csv(report)?);
    set.add("README.md", markdown::render(report, &charts, extras));
    set.add("index.html", html::render(report, &charts, extras));
    set.commit(dir)
}

/// The timelines present in `reports_dir/timeline`: SVGs relative to `reports_dir`
/// (the overlay first) and the phase tables. A phase file that does not parse is an error.
pub fn find_timelines(reports_dir: &Path) -> anyhow::Result<(Vec<String>, PhaseTables)> {
    let dir = reports_dir.join("timeline");
    let mut svgs: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".svg"))
        .map(|name| format!("timeline/{name}"))
        .collect();
    svgs.sort_by_key(|name| (!name.ends_with("/overlay.svg"), name.clone()));
    let phases_path = dir.join(PHASES_FILE);
    let phases = if phases_path.is_file() {
        let text = std::fs::read_to_string(&phases_path)?;
        serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a phase file: {e}", phases_path.display()))?
    } else {
        Vec::new()
    };
    Ok((svgs, phases))
}

/// The link from `reports_dir` to `criterion_dir`: relative when both sit in one project
/// (`../target/criterion`), else absolute.
pub fn criterion_link(reports_dir: &Path, criterion_dir: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let reports = absolute(reports_dir);
    let criterion = absolute(criterion_dir);
    match reports
        .parent()
        .and_then(|root| criterion.strip_prefix(root).ok())
    {
        Some(inside) => format!("../{}", inside.display()),
        None => criterion.display().to_string(),
    }
}

/// Reads the memory pass from `target_dir` and criterion's estimates, and writes the report
/// into `reports_dir`. What `cargo bench` does at its end, and `sumbench report` on demand.
pub fn generate(target_dir: &Path, reports_dir: &Path) -> anyhow::Result<BenchReport> {
    let memory_path = target_dir.join(MEMORY_FILE);
    let text = std::fs::read_to_string(&memory_path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read {} ({e}): run `cargo bench` first",
            memory_path.display()
        )
    })?;
    let pass: MemoryPass = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a memory pass: {e}", memory_path.display()))?;
    let criterion_dir = target_dir.join("criterion");
    let estimates = estimates::read_all(&criterion_dir)?;
    let report = build(&pass, &estimates);
    let (timelines, phases) = find_timelines(reports_dir)?;
    let python_path = reports_dir.join(PYTHON_FILE);
    let python = if python_path.is_file() {
        let text = std::fs::read_to_string(&python_path)?;
        Some(serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!("{} is not a Python comparison: {e}", python_path.display())
        })?)
    } else {
        None
    };
    let extras = Extras {
        criterion: criterion_link(reports_dir, &criterion_dir),
        timelines,
        phases,
        python,
    };
    write(&report, reports_dir, &extras)?;
    Ok(report)
}

/// The cargo target directory: `CARGO_TARGET_DIR` if set, else `target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

#[cfg(test)]
pub(crate) mod tests;
