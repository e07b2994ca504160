//! The run's tables as data, and the terminal page of `cargo run --release`: the results,
//! one row per strategy, then the verdict, the comparison with a baseline and the warnings.
//! The Markdown page renders the same tables (`results`, `comparison`).

use super::RunReport;
use crate::analysis::baseline::BaselineComparison;
use crate::measure::{MemoryFigures, StrategyResult, Workload};
use sumbench_page::table::Table;
use sumbench_page::units::{allocations_cell, bytes_human, duration_human, grouped};

/// The heap and kernel columns every workload shows, after its time columns; the bench
/// report's summary shows them too.
pub const MEMORY_HEADERS: [&str; 6] = [
    "peak heap (B)",
    "peak heap",
    "allocs",
    "bytes allocated",
    "peak RSS",
    "minor faults",
];

/// What the file workload adds after them: what came from storage.
const STORAGE_HEADERS: [&str; 2] = ["major faults", "read from storage"];

/// Columns before the figures (left-aligned); the rest are right-aligned.
const LABEL_COLUMNS: usize = 2;

/// What a run's table shows beside time and memory: the mode of the range, throughput
/// where the input's size is given, time per element where its elements are, and what
/// came from storage for the file workload.
#[derive(Debug, Clone, Copy)]
struct Columns {
    workload: Option<Workload>,
    throughput: bool,
    per_element: bool,
}

impl Columns {
    fn of(report: &RunReport) -> Self {
        Self {
            workload: report.input.workload,
            throughput: report.input.input_bytes.is_some(),
            per_element: report.n > 0,
        }
    }

    /// The column headers.
    fn headers(self) -> Vec<&'static str> {
        let mut headers = vec!["strategy"];
        if self.workload == Some(Workload::Range) {
            headers.push("mode");
        }
        headers.extend(["check", "median time", "interval"]);
        if self.throughput {
            headers.push("MB/s");
        }
        match (self.workload, self.per_element) {
            (Some(Workload::File), _) => headers.push("ns/line"),
            (_, true) => headers.push("ns/element"),
            (_, false) => {}
        }
        headers.extend(MEMORY_HEADERS);
        if self.workload == Some(Workload::File) {
            headers.extend(STORAGE_HEADERS);
        }
        headers
    }

    /// One result's cells, formatted for people, in [`Columns::headers`] order.
    fn row(self, r: &StrategyResult) -> Vec<String> {
        let mut cells = vec![r.strategy.clone()];
        if self.workload == Some(Workload::Range) {
            cells.push(r.mode.map(|m| m.to_string()).unwrap_or_default());
        }
        cells.extend([
            if r.check.correct { "ok" } else { "WRONG" }.to_owned(),
            duration_human(r.time.median_ns as f64),
            format!(
                "{}–{}",
                duration_human(r.time.ci_low_ns as f64),
                duration_human(r.time.ci_high_ns as f64)
            ),
        ]);
        if self.throughput {
            cells.push(format!("{:.0}", r.time.mb_per_s.unwrap_or(0.0)));
        }
        if self.workload == Some(Workload::File) || self.per_element {
            cells.push(format!("{:.3}", r.time.ns_per_element));
        }
        cells.extend(memory_cells(&r.memory));
        let m = &r.memory;
        if self.workload == Some(Workload::File) {
            cells.extend([grouped(m.major_faults), bytes_human(m.read_bytes)]);
        }
        cells
    }
}

/// One call's heap and kernel figures, formatted for people, in [`MEMORY_HEADERS`] order.
pub fn memory_cells(m: &MemoryFigures) -> [String; 6] {
    [
        grouped(m.peak_bytes),
        bytes_human(m.peak_bytes),
        allocations_cell(m.allocations, m.reallocations),
        grouped(m.bytes_allocated),
        format!(
            "{}{}",
            bytes_human(m.peak_rss_bytes),
            m.peak_rss_source.suffix()
        ),
        grouped(m.minor_faults),
    ]
}

/// The results table: one row per strategy, under its workload's headers.
pub(super) fn results(report: &RunReport) -> Table {
    let columns = Columns::of(report);
    Table::new(columns.headers(), LABEL_COLUMNS)
        .with_rows(report.results.iter().map(|r| columns.row(r)))
}

/// The Δ table of a comparison with a baseline, with `rows` (all of them, or the changed
/// ones); the strategy and its mode are labels.
pub fn comparison(rows: Vec<[String; 7]>) -> Table {
    Table::new(BaselineComparison::HEADERS, 2).with_rows(rows)
}

/// Renders the table, a header line naming the run, and the warnings below it.
pub fn render(report: &RunReport) -> String {
    let mut out = format!("{}\n{}\n", report.headline(), report.machine.summary());
    out.push_str(&results(report).terminal());
    out.push('\n');
    for line in report.method_lines() {
        out.push_str(&line);
        out.push('\n');
    }
    if let Some(verdict) = &report.verdict {
        out.push('\n');
        out.push_str(&verdict.paragraph());
        out.push('\n');
    }
    if let Some(baseline) = &report.baseline {
        out.push('\n');
        out.push_str(&comparison(baseline.rows()).terminal());
        out.push('\n');
        for note in baseline.notes() {
            out.push_str(&note);
            out.push('\n');
        }
    }
    for warning in report.warnings() {
        out.push_str("warning: ");
        out.push_str(&warning);
        out.push('\n');
    }
    out
}
