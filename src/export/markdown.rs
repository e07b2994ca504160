//! The report as a Markdown page (`reports/latest.md`), readable on a code host.

use std::fmt::Write;

use super::RunReport;
use super::table::{LABEL_COLUMNS, headers, rows};
use crate::analysis::baseline::Comparison;

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
    out.push('\n');
    for line in report.method_lines() {
        let _ = writeln!(out, "{line}\n");
    }
    if let Some(verdict) = &report.verdict {
        let _ = writeln!(out, "**Verdict.** {}", verdict.paragraph());
    }
    if !report.ratios.is_empty() {
        let _ = writeln!(
            out,
            "\n## Paired ratios\n\nEach strategy's time over another's in the same round: \
             the median of the per-round ratios and its interval. Below 1 the first is faster; \
             a difference counts when the whole interval lies beyond {:.0} %.\n",
            crate::stats::PRACTICAL_DIFFERENCE * 100.0
        );
        let _ = writeln!(
            out,
            "| ratio | median | interval | order |\n|---|---:|---:|---|"
        );
        for ratio in &report.ratios {
            let _ = writeln!(
                out,
                "| {} / {} | {:.3} | {} | {} |",
                ratio.numerator,
                ratio.denominator,
                ratio.median,
                ratio.interval_text(),
                match ratio.order() {
                    crate::stats::TimeOrder::Faster => "faster",
                    crate::stats::TimeOrder::Slower => "slower",
                    crate::stats::TimeOrder::Tied => "tied",
                }
            );
        }
    }
    if report.results.iter().any(|r| r.runs > 0) {
        let _ = writeln!(
            out,
            "\n## What counting allocations costs\n\nEach strategy's counted call over its \
             uncounted call beside it (the two take turns at going first), minus one: what the heap figures' counting would \
             add to its time. The times above are of uncounted calls, which pay one relaxed \
             load per allocation over the system allocator; the last column bounds what that \
             adds to each reported time (allocations × the overhead measured in this run).\n\n\
             | strategy | counting cost | interval | counting off, at most |\n|---|---:|---:|---:|"
        );
        for r in &report.results {
            let _ = writeln!(
                out,
                "| {} | {:+.1} % | {:+.1} % – {:+.1} % | {:.3} % |",
                r.strategy,
                r.counting_cost_percent,
                r.counting_cost_low_percent,
                r.counting_cost_high_percent,
                r.counting_off_effect_percent
            );
        }
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
    let warnings: Vec<String> = report.warnings().collect();
    if !warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for warning in warnings {
            let _ = writeln!(out, "- {warning}");
        }
    }
    out
}

/// A Markdown table whose first column names the row and whose other cells are figures,
/// aligned right.
pub fn table<const N: usize>(out: &mut String, headers: &[&str; N], rows: &[[String; N]]) {
    let _ = writeln!(
        out,
        "| {} |\n|---|{}",
        headers.join(" | "),
        "---:|".repeat(N.saturating_sub(1))
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}
