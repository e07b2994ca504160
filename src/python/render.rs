//! The side-by-side table of `sumbench python`: for the terminal, Markdown and HTML.

use std::fmt::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};

use super::PythonReport;
use crate::units::{bytes_human, duration_human, grouped};

/// The columns, shared by every rendering.
pub const HEADERS: [&str; 9] = [
    "seed strategy",
    "Python time",
    "above baseline",
    "Rust (opaque)",
    "time ratio",
    "Python peak RSS above baseline",
    "Rust peak RSS",
    "RSS ratio",
    "tracemalloc / Rust heap",
];

fn signed_duration(ns: i64) -> String {
    let magnitude = duration_human(ns.unsigned_abs() as f64);
    if ns < 0 {
        format!("-{magnitude}")
    } else {
        format!("+{magnitude}")
    }
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |r| format!("{r:.1}×"))
}

/// One row of cells per seed strategy, in [`HEADERS`] order.
pub fn cells(report: &PythonReport) -> Vec<[String; 9]> {
    report
        .rows
        .iter()
        .map(|row| {
            let check = |ok: bool| if ok { "" } else { " WRONG SUM" };
            [
                row.seed_strategy.clone(),
                format!(
                    "{}{}",
                    duration_human(row.python.median_ns as f64),
                    check(row.python.correct)
                ),
                signed_duration(row.python_above_baseline_ns),
                format!(
                    "{} {}{}",
                    row.rust_strategy,
                    duration_human(row.rust_median_ns as f64),
                    check(row.rust_correct)
                ),
                ratio(row.time_ratio),
                crate::units::signed_bytes_human(row.python_rss_above_baseline_bytes),
                bytes_human(row.rust_peak_rss_bytes),
                ratio(row.rss_ratio),
                format!(
                    "{} / {}",
                    row.python
                        .tracemalloc_peak_bytes
                        .map_or_else(|| "–".to_owned(), bytes_human),
                    bytes_human(row.rust_peak_heap_bytes)
                ),
            ]
        })
        .collect()
}

/// The line naming the run.
fn heading(report: &PythonReport) -> String {
    format!(
        "The seed's programs, sum of 0..{} (chunk size {}), median of {} runs; {}; baseline \
         (interpreter + sum(range(n))): {}, peak RSS {}.\n{}",
        grouped(report.n),
        grouped(report.chunk_size as u64),
        report.runs,
        report.python_version,
        duration_human(report.baseline.median_ns as f64),
        bytes_human(report.baseline.max_rss_bytes),
        report.machine.summary(),
    )
}

/// What the columns mean, under the table.
pub const NOTE: &str = "Python times are whole processes (start-up included); \"above \
    baseline\" subtracts the baseline program's median. Peak RSS is the kernel's \
    high-water mark of the child's own memory (VmHWM) minus the baseline's; Rust's is the kernel's high-water mark \
    during one call. Rust runs with every element through black_box, so that its loops run \
    as Python's do.";

/// The terminal table.
pub fn table(report: &PythonReport) -> String {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header(HEADERS);
    for row in cells(report) {
        table.add_row(row);
    }
    for column in 1..HEADERS.len() {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{}\n{table}\n{NOTE}\n", heading(report))
}

/// The Markdown page `reports/python.md`.
pub fn markdown(report: &PythonReport) -> String {
    let mut out = format!(
        "# The seed's experiment beside ours\n\n{}  \nRun: `{}`\n\n",
        heading(report).replace('\n', "  \n"),
        report.run_id,
    );
    crate::report::markdown_table(&mut out, &HEADERS, &cells(report));
    let _ = writeln!(out, "\n{NOTE}");
    out
}
