//! A run as CSV: one serde row per result, its header the row's field names, every figure
//! in base units (ns, bytes), the machine repeated on every row.

use serde::Serialize;
use sumbench_page::csv::{Decimals, joined, write};

use super::RunReport;
use crate::measure::CacheState;
use crate::measure::machine::MachineInfo;
use crate::measure::rss::PeakRssSource;
use crate::measure::{Mode, Workload};

/// The machine's first columns, repeated on every row (CSV has no nesting).
#[derive(Serialize)]
pub struct MachineCells<'a> {
    cpu_model: &'a str,
    cores: usize,
    rustc_version: &'a str,
    date: &'a str,
}

/// The rest of the machine, after every other column: a CSV reader keys columns by place,
/// so new ones go last.
#[derive(Serialize)]
pub struct MachineMore<'a> {
    memory_bytes: u64,
    os: &'a str,
    sumbench_version: &'a str,
}

/// The machine's cells: the first columns and the added ones.
pub fn machine(m: &MachineInfo) -> (MachineCells<'_>, MachineMore<'_>) {
    (
        MachineCells {
            cpu_model: &m.cpu_model,
            cores: m.cores,
            rustc_version: &m.rustc_version,
            date: &m.date,
        },
        MachineMore {
            memory_bytes: m.memory_bytes,
            os: &m.os,
            sumbench_version: &m.sumbench_version,
        },
    )
}

/// What a row says of its input: the built-in workloads' labels and sums, or only what a
/// crate's own comparison gives (its input's size and elements).
#[derive(Serialize)]
#[serde(untagged)]
enum Head<'a> {
    Workload {
        strategy: &'a str,
        workload: Workload,
        input_path: Option<&'a str>,
        input_bytes: Option<u64>,
        cache: Option<CacheState>,
        mode: Option<Mode>,
        n: u64,
        chunk_size: Option<usize>,
        sum: Option<u64>,
        expected_sum: Option<u64>,
    },
    Own {
        strategy: &'a str,
        input_bytes: Option<u64>,
        n: u64,
    },
}

impl<'a> Head<'a> {
    fn of(r: &'a crate::measure::StrategyResult) -> Head<'a> {
        match r.input.workload {
            Some(workload) => Head::Workload {
                strategy: &r.strategy,
                workload,
                input_path: r.input.input_path.as_deref(),
                input_bytes: r.input.input_bytes,
                cache: r.input.cache,
                mode: r.mode,
                n: r.n,
                chunk_size: r.chunk_size,
                sum: r.check.sum,
                expected_sum: r.check.expected_sum,
            },
            None => Head::Own {
                strategy: &r.strategy,
                input_bytes: r.input.input_bytes,
                n: r.n,
            },
        }
    }
}

/// One result's figures: every field of a [`crate::measure::StrategyResult`] after its
/// [`Head`], in its order.
#[derive(Serialize)]
struct ResultRow<'a> {
    correct: bool,
    runs: u32,
    median_ns: u64,
    min_ns: u64,
    max_ns: u64,
    ci_low_ns: u64,
    ci_high_ns: u64,
    ci_coverage: Decimals<6>,
    counting_cost_percent: Decimals<3>,
    counting_cost_low_percent: Decimals<3>,
    counting_cost_high_percent: Decimals<3>,
    counting_off_effect_percent: Decimals<4>,
    ns_per_element: Decimals<6>,
    mb_per_s: Option<Decimals<3>>,
    peak_bytes: u64,
    allocations: u64,
    reallocations: u64,
    bytes_allocated: u64,
    heap_bound_bytes: Option<u64>,
    minor_faults: u64,
    major_faults: u64,
    read_bytes: u64,
    rss_delta_bytes: i64,
    peak_rss_bytes: u64,
    peak_rss_source: PeakRssSource,
    #[serde(serialize_with = "joined")]
    warnings: &'a [String],
}

/// A result's last fields, after the machine's columns.
#[derive(Serialize)]
struct ResultMore {
    parallel: bool,
    calls_per_sample: u64,
    trimmed_heap_ratio: Option<Decimals<4>>,
    trimmed_heap_ratio_low: Option<Decimals<4>>,
    trimmed_heap_ratio_high: Option<Decimals<4>>,
}

/// Renders `report` as CSV with a header row: every figure of a result, then the machine
/// (repeated on every row, since CSV has no nesting); warnings are joined with " | ".
pub fn render(report: &RunReport) -> anyhow::Result<String> {
    let (machine, machine_more) = machine(&report.machine);
    write(report.results.iter().map(|r| {
        let row = ResultRow {
            correct: r.check.correct,
            runs: r.time.runs,
            median_ns: r.time.median_ns,
            min_ns: r.time.min_ns,
            max_ns: r.time.max_ns,
            ci_low_ns: r.time.ci_low_ns,
            ci_high_ns: r.time.ci_high_ns,
            ci_coverage: Decimals(r.time.ci_coverage),
            counting_cost_percent: Decimals(r.counting.counting_cost_percent),
            counting_cost_low_percent: Decimals(r.counting.counting_cost_low_percent),
            counting_cost_high_percent: Decimals(r.counting.counting_cost_high_percent),
            counting_off_effect_percent: Decimals(r.counting.counting_off_effect_percent),
            ns_per_element: Decimals(r.time.ns_per_element),
            mb_per_s: r.time.mb_per_s.map(Decimals),
            peak_bytes: r.memory.peak_bytes,
            allocations: r.memory.allocations,
            reallocations: r.memory.reallocations,
            bytes_allocated: r.memory.bytes_allocated,
            heap_bound_bytes: r.heap_bound_bytes,
            minor_faults: r.memory.minor_faults,
            major_faults: r.memory.major_faults,
            read_bytes: r.memory.read_bytes,
            rss_delta_bytes: r.rss_delta_bytes,
            peak_rss_bytes: r.memory.peak_rss_bytes,
            peak_rss_source: r.memory.peak_rss_source,
            warnings: &r.warnings,
        };
        let more = ResultMore {
            parallel: r.parallel,
            calls_per_sample: r.time.calls_per_sample,
            trimmed_heap_ratio: r.trimmed_heap.trimmed_heap_ratio.map(Decimals),
            trimmed_heap_ratio_low: r.trimmed_heap.trimmed_heap_ratio_low.map(Decimals),
            trimmed_heap_ratio_high: r.trimmed_heap.trimmed_heap_ratio_high.map(Decimals),
        };
        (Head::of(r), row, &machine, &machine_more, more)
    }))
}
