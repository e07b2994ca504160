//! The report as a Markdown page (`reports/latest.md`), readable on a code host.

use std::fmt::Write;

use super::RunReport;
use super::table::{HEADERS, rows};
use crate::units::grouped;

/// Renders a heading, the machine line, the table and the warnings.
pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# sumbench: sum of 0..{}\n\nChunk size {}, mode `{}`, median of {} runs.  \nMachine: {}  \nRun: `{}`\n",
        grouped(report.n),
        grouped(report.chunk_size as u64),
        report.mode(),
        report.results.first().map_or(0, |r| r.runs),
        report.machine.summary(),
        report.run_id,
    );
    let _ = writeln!(out, "| {} |", HEADERS.join(" | "));
    let alignments: Vec<&str> = (0..HEADERS.len())
        .map(|i| if i < 3 { "---" } else { "---:" })
        .collect();
    let _ = writeln!(out, "|{}|", alignments.join("|"));
    for row in rows(report) {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    let warnings: Vec<&str> = report.warnings().collect();
    if !warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for warning in warnings {
            let _ = writeln!(out, "- {warning}");
        }
    }
    out
}
