//! The terminal table of `cargo run --release`: one row per strategy, then the warnings.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};

use super::RunReport;
use crate::units::{allocations_cell, bytes_human, duration_human, grouped};

/// The column headers shared by the table and the Markdown page.
pub(super) const HEADERS: [&str; 11] = [
    "strategy",
    "mode",
    "check",
    "median time",
    "ns/element",
    "peak heap (B)",
    "peak heap",
    "allocs",
    "bytes allocated",
    "peak RSS",
    "minor faults",
];

/// One row of figures per result, formatted for people, in [`HEADERS`] order.
pub(super) fn rows(report: &RunReport) -> Vec<[String; 11]> {
    report
        .results
        .iter()
        .map(|r| {
            [
                r.strategy.clone(),
                r.mode.to_string(),
                if r.correct { "ok" } else { "WRONG" }.to_owned(),
                duration_human(r.median_ns as f64),
                format!("{:.3}", r.ns_per_element),
                grouped(r.peak_bytes),
                bytes_human(r.peak_bytes),
                allocations_cell(r.allocations, r.reallocations),
                grouped(r.bytes_allocated),
                format!(
                    "{}{}",
                    bytes_human(r.peak_rss_bytes),
                    r.peak_rss_source.suffix()
                ),
                grouped(r.minor_faults),
            ]
        })
        .collect()
}

/// Renders the table, a header line naming the run, and the warnings below it.
pub fn render(report: &RunReport) -> String {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header(HEADERS);
    for row in rows(report) {
        table.add_row(row);
    }
    for column in 3..HEADERS.len() {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = format!(
        "sum of 0..{} (n = {}), chunk size {}, mode {}, median of {} runs\n{}\n",
        grouped(report.n),
        grouped(report.n),
        grouped(report.chunk_size as u64),
        report.mode(),
        report.results.first().map_or(0, |r| r.runs),
        report.machine.summary(),
    );
    out.push_str(&table.to_string());
    out.push('\n');
    for warning in report.warnings() {
        out.push_str("warning: ");
        out.push_str(warning);
        out.push('\n');
    }
    out
}
