//! The report as a Markdown page (`reports/latest.md`), readable on a code host.

use std::fmt::Write;

use super::RunReport;
use super::table;
use crate::stats::TimeOrder;
use sumbench_page::table::{Table, markdown_text as text};

/// Renders a heading, the machine line, the table and the warnings.
pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    // A comparison of one's own is named by its title; a built-in run by its workload.
    let heading = match &report.title {
        Some(title) => format!("{title} (sumbench)"),
        None => match report.input.workload {
            Some(workload) => format!("sumbench ({workload} workload)"),
            None => "sumbench".to_owned(),
        },
    };
    let _ = writeln!(
        out,
        "# {}\n\n{}.  \nMachine: {}  \nRun: `{}`\n",
        text(&heading),
        text(&report.headline()),
        text(&report.machine.summary()),
        report.run_id,
    );
    out.push_str(&table::results(report).markdown());
    out.push('\n');
    for line in report.method_lines() {
        let _ = writeln!(out, "{}\n", text(&line));
    }
    if let Some(verdict) = &report.verdict {
        let _ = writeln!(out, "**Verdict.** {}", text(&verdict.paragraph()));
    }
    ratios_section(&mut out, report);
    counting_section(&mut out, report);
    if let Some(comparison) = &report.baseline {
        // A baseline's name is letters, digits, `-`, `_` and `.` only: code, as given.
        let _ = writeln!(out, "\n## Against baseline `{}`\n", comparison.baseline);
        out.push_str(&table::comparison(comparison.rows()).markdown());
        out.push('\n');
        for note in comparison.notes() {
            let _ = writeln!(out, "{}\n", text(&note));
        }
    }
    let warnings: Vec<String> = report.warnings().collect();
    if !warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for warning in warnings {
            let _ = writeln!(out, "- {}", text(&warning));
        }
    }
    out
}

/// The paired ratios of the run's strategies, with what counts as a difference.
fn ratios_section(out: &mut String, report: &RunReport) {
    if report.ratios.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## Paired ratios\n\nEach strategy's time over another's in the same round: \
         the median of the per-round ratios and its interval. Below 1 the first is faster; \
         a difference counts when the whole interval lies beyond {}.\n",
        sumbench_page::units::percent_text(report.ratios[0].threshold_percent())
    );
    let ratios = report.ratios.iter().map(|ratio| {
        [
            format!("{} / {}", ratio.numerator, ratio.denominator),
            format!("{:.3}", ratio.median),
            ratio.interval_text(),
            match ratio.order() {
                TimeOrder::Faster => "faster",
                TimeOrder::Slower => "slower",
                TimeOrder::Tied => "tied",
            }
            .to_owned(),
        ]
    });
    let headers = ["ratio", "median", "interval", "order"];
    out.push_str(&Table::new(headers, 1).left(3).with_rows(ratios).markdown());
}

/// What counting allocations costs each strategy's time, when the paired pass ran.
fn counting_section(out: &mut String, report: &RunReport) {
    if !report.results.iter().any(|r| r.time.runs > 0) {
        return;
    }
    let _ = writeln!(
        out,
        "\n## What counting allocations costs\n\nEach strategy's counted call over its \
         uncounted call beside it (the two take turns at going first), minus one: what the heap figures' counting would \
         add to its time. The times above are of uncounted calls, which pay one relaxed \
         load per allocation over the system allocator; the last column bounds what that \
         adds to each reported time (allocations × the overhead measured in this run).\n"
    );
    let headers = [
        "strategy",
        "counting cost",
        "interval",
        "counting off, at most",
    ];
    let costs = report.results.iter().map(|r| {
        [
            r.strategy.clone(),
            format!("{:+.1} %", r.counting.counting_cost_percent),
            format!(
                "{:+.1} % – {:+.1} %",
                r.counting.counting_cost_low_percent, r.counting.counting_cost_high_percent
            ),
            format!("{:.3} %", r.counting.counting_off_effect_percent),
        ]
    });
    out.push_str(&Table::new(headers, 1).with_rows(costs).markdown());
}
