//! The report as a Markdown page (`reports/latest.md`), readable on a code host.

use std::fmt::Write;

use super::RunReport;
use super::table::{LABEL_COLUMNS, headers, rows};
use crate::baseline::Comparison;

/// Renders a heading, the machine line, the table and the warnings.
pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# sumbench ({} workload)\n\n{}.  \nMachine: {}  \nRun: `{}`\n",
        report.workload,
        report.headline(),
        report.machine.summary(),
        report.run_id,
    );
    let headers = headers(report);
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let alignments: Vec<&str> = (0..headers.len())
        .map(|i| if i < LABEL_COLUMNS { "---" } else { "---:" })
        .collect();
    let _ = writeln!(out, "|{}|", alignments.join("|"));
    for row in rows(report) {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    if let Some(verdict) = &report.verdict {
        let _ = writeln!(out, "\n**Verdict.** {}", verdict.paragraph());
    }
    if let Some(comparison) = &report.baseline {
        let _ = writeln!(out, "\n## Against baseline `{}`\n", comparison.baseline);
        let _ = writeln!(out, "| {} |", Comparison::HEADERS.join(" | "));
        let _ = writeln!(
            out,
            "|---|---|{}",
            "---:|".repeat(Comparison::HEADERS.len() - 2)
        );
        for row in comparison.rows() {
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        out.push('\n');
        for note in comparison.notes() {
            let _ = writeln!(out, "{note}\n");
        }
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
