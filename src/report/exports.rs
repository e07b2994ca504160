//! `bench.json` (the whole report) and `bench.csv` (one row per point, base units).

use serde::Serialize;

use super::{BenchReport, PointRecord};
use crate::suite::Group;
use crate::workloads::strategy::Mode;
use sumbench::export::csv::machine;
use sumbench::export::trackers::{self, Figure, Kind, Tracked};
use sumbench::measure::rss::PeakRssSource;
use sumbench_page::csv::{Decimals, write};

/// The whole report as pretty JSON.
pub fn json(report: &BenchReport) -> anyhow::Result<String> {
    sumbench_page::json::pretty(report)
}

/// A point's first columns: its identity, criterion's estimate with its interval (ns),
/// the memory figures and the skip reason.
#[derive(Serialize)]
struct PointRow<'a> {
    key: &'a str,
    group: Group,
    strategy: &'a str,
    mode: Mode,
    n: u64,
    chunk_size: usize,
    time_ns: Option<Decimals<1>>,
    time_lower_ns: Option<Decimals<1>>,
    time_upper_ns: Option<Decimals<1>>,
    peak_bytes: Option<u64>,
    allocations: Option<u64>,
    reallocations: Option<u64>,
    bytes_allocated: Option<u64>,
    minor_faults: Option<u64>,
    peak_rss_bytes: Option<u64>,
    peak_rss_source: Option<PeakRssSource>,
    skipped: Option<&'a str>,
}

/// The rest of a point's fields, after the machine's first columns: a CSV reader keys
/// columns by place, so new ones go last.
#[derive(Serialize)]
struct PointMore<'a> {
    input_bytes: Option<u64>,
    time_confidence_level: Option<f64>,
    time_directory: Option<&'a str>,
    major_faults: Option<u64>,
    read_bytes: Option<u64>,
}

/// One CSV row per point: every field of a point in `bench.json` (`time` and `memory`
/// flattened), and the machine (repeated, CSV having no nesting). Figures not available
/// are empty cells.
pub fn csv(report: &BenchReport) -> anyhow::Result<String> {
    let (machine, machine_more) = machine(&report.machine);
    write(report.points.iter().map(|p| {
        let time = p.time.as_ref();
        let memory = p.memory.as_ref();
        let row = PointRow {
            key: &p.key,
            group: p.group,
            strategy: &p.strategy,
            mode: p.mode,
            n: p.n,
            chunk_size: p.chunk_size,
            time_ns: time.map(|t| Decimals(t.point_ns)),
            time_lower_ns: time.map(|t| Decimals(t.lower_ns)),
            time_upper_ns: time.map(|t| Decimals(t.upper_ns)),
            peak_bytes: memory.map(|m| m.peak_bytes),
            allocations: memory.map(|m| m.allocations),
            reallocations: memory.map(|m| m.reallocations),
            bytes_allocated: memory.map(|m| m.bytes_allocated),
            minor_faults: memory.map(|m| m.minor_faults),
            peak_rss_bytes: memory.map(|m| m.peak_rss_bytes),
            peak_rss_source: memory.map(|m| m.peak_rss_source),
            skipped: p.skipped.as_deref(),
        };
        let more = PointMore {
            input_bytes: p.input_bytes,
            time_confidence_level: time.map(|t| t.confidence_level),
            time_directory: time.map(|t| t.directory.as_str()),
            major_faults: memory.map(|m| m.major_faults),
            read_bytes: memory.map(|m| m.read_bytes),
        };
        (row, &machine, more, &machine_more)
    }))
}

/// What a bench point's name starts with, before its criterion id.
pub const BENCH_PREFIX: &str = "bench/";

/// The name a tracker knows a bench point by: `bench/seed-opaque/vec/10000000`.
pub fn bench_name(point: &PointRecord) -> String {
    format!("{BENCH_PREFIX}{}", point.key)
}

/// The bench report as BMF (`reports/bench.bmf.json`): one benchmark per point that has a
/// figure, with criterion's estimate and interval and the memory pass's figures.
pub fn bench_bmf(report: &BenchReport) -> anyhow::Result<String> {
    trackers::bmf_of(report.points.iter().map(|p| (bench_name(p), p)))
}

/// A bench point's figures: criterion's estimate with its confidence interval for time and
/// throughput, the memory pass's exact figures for memory.
impl Tracked for PointRecord {
    fn figure(&self, kind: Kind) -> Option<Figure> {
        let memory = || self.memory;
        match kind {
            Kind::Latency => {
                let t = self.time.as_ref()?;
                Figure::interval(t.point_ns, t.lower_ns, t.upper_ns, t.confidence_level)
            }
            Kind::PeakHeap => Figure::exact(memory()?.peak_bytes),
            Kind::PeakRss => Figure::exact(memory()?.peak_rss_bytes),
            Kind::Allocations => Figure::exact(memory()?.allocations),
            Kind::BytesAllocated => Figure::exact(memory()?.bytes_allocated),
            Kind::Throughput => {
                let t = self.time.as_ref()?;
                Figure::interval(
                    self.megabytes_per_second_at(t.point_ns)?,
                    self.megabytes_per_second_at(t.upper_ns)?,
                    self.megabytes_per_second_at(t.lower_ns)?,
                    t.confidence_level,
                )
            }
        }
    }
}
