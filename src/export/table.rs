//! The terminal table of `cargo run --release`: one row per strategy, then the warnings.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};

use super::RunReport;
use crate::analysis::baseline::Comparison;
use crate::measure::Workload;
use crate::units::{allocations_cell, bytes_human, duration_human, grouped};

/// The column headers of the range workload, shared by the table and the Markdown page.
const RANGE_HEADERS: [&str; 12] = [
    "strategy",
    "mode",
    "check",
    "median time",
    "interval",
    "ns/element",
    "peak heap (B)",
    "peak heap",
    "allocs",
    "bytes allocated",
    "peak RSS",
    "minor faults",
];

/// The column headers of a comparison of one's own: the range's, without the mode.
const CUSTOM_HEADERS: [&str; 11] = [
    "strategy",
    "check",
    "median time",
    "interval",
    "ns/element",
    "peak heap (B)",
    "peak heap",
    "allocs",
    "bytes allocated",
    "peak RSS",
    "minor faults",
];

/// The column headers of the file workload: the mode, which changes nothing there, gives
/// way to throughput and what came from storage.
const FILE_HEADERS: [&str; 14] = [
    "strategy",
    "check",
    "median time",
    "interval",
    "MB/s",
    "ns/line",
    "peak heap (B)",
    "peak heap",
    "allocs",
    "bytes allocated",
    "peak RSS",
    "minor faults",
    "major faults",
    "read from storage",
];

/// Columns before the figures (left-aligned); the rest are right-aligned.
pub(super) const LABEL_COLUMNS: usize = 2;

/// The column headers of `report`'s workload.
pub(super) fn headers(report: &RunReport) -> &'static [&'static str] {
    match report.workload {
        Workload::Range => &RANGE_HEADERS,
        Workload::File => &FILE_HEADERS,
        Workload::Custom => &CUSTOM_HEADERS,
    }
}

/// One row of figures per result, formatted for people, in [`headers`] order.
pub(super) fn rows(report: &RunReport) -> Vec<Vec<String>> {
    report
        .results
        .iter()
        .map(|r| {
            let check = if r.correct { "ok" } else { "WRONG" }.to_owned();
            let heap = [
                grouped(r.memory.peak_bytes),
                bytes_human(r.memory.peak_bytes),
                allocations_cell(r.memory.allocations, r.memory.reallocations),
                grouped(r.memory.bytes_allocated),
                format!(
                    "{}{}",
                    bytes_human(r.memory.peak_rss_bytes),
                    r.memory.peak_rss_source.suffix()
                ),
                grouped(r.memory.minor_faults),
            ];
            let time = duration_human(r.median_ns as f64);
            let interval = format!(
                "{}–{}",
                duration_human(r.ci_low_ns as f64),
                duration_human(r.ci_high_ns as f64)
            );
            let per_item = format!("{:.3}", r.ns_per_element);
            match report.workload {
                Workload::Range => [
                    r.strategy.clone(),
                    r.mode.to_string(),
                    check,
                    time,
                    interval,
                    per_item,
                ]
                .into_iter()
                .chain(heap)
                .collect(),
                Workload::File => [
                    r.strategy.clone(),
                    check,
                    time,
                    interval,
                    format!("{:.0}", r.mb_per_s.unwrap_or(0.0)),
                    per_item,
                ]
                .into_iter()
                .chain(heap)
                .chain([
                    grouped(r.memory.major_faults),
                    bytes_human(r.memory.read_bytes),
                ])
                .collect(),
                Workload::Custom => [r.strategy.clone(), check, time, interval, per_item]
                    .into_iter()
                    .chain(heap)
                    .collect(),
            }
        })
        .collect()
}

/// Renders the table, a header line naming the run, and the warnings below it.
pub fn render(report: &RunReport) -> String {
    let mut table = Table::new();
    let headers = headers(report);
    table.load_preset(UTF8_FULL_CONDENSED).set_header(headers);
    for row in rows(report) {
        table.add_row(row);
    }
    for column in LABEL_COLUMNS..headers.len() {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = format!("{}\n{}\n", report.headline(), report.machine.summary());
    out.push_str(&table.to_string());
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
    if let Some(comparison) = &report.baseline {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_header(Comparison::HEADERS);
        for row in comparison.rows() {
            table.add_row(row);
        }
        for column in 2..Comparison::HEADERS.len() {
            if let Some(column) = table.column_mut(column) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        out.push('\n');
        out.push_str(&table.to_string());
        out.push('\n');
        for note in comparison.notes() {
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
