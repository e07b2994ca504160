//! `reports/README.md`: the summary table and the charts, for reading on a code host.

use std::fmt::Write;

use super::allocator_cost::{
    OVERHEAD_NOTE, allocator_cost_line, allocator_cost_table, overhead_control, overhead_table,
};
use super::charts::Chart;
use super::summary::{COMPLEXITY_NOTE, changed_table, file_table, sources, summary_table};
use super::{BenchReport, Extras};
use crate::workloads::strategy::Workload;
use sumbench::analysis::baseline::BaselineComparison;
use sumbench_page::units::grouped;

/// Renders the page.
pub fn render(report: &BenchReport, charts: &[Chart], extras: &Extras) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# sumbench report\n\nMachine: {}.  \n{} Open `index.html` here for the same page \
         in a browser.\n",
        report.machine.summary(),
        sources(report)
    );
    if let Some(tradeoff) = report
        .tradeoffs
        .iter()
        .find(|t| t.workload == Workload::Range)
    {
        tradeoff_section(&mut out, tradeoff);
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "> **Warning:** {warning}\n");
    }
    if let Some(comparison) = &report.memory_baseline {
        baseline_section(&mut out, comparison);
    }
    seed_section(&mut out, report);
    allocator_section(&mut out, report);
    out.push_str("\n## Charts\n\n");
    chart_images(&mut out, charts, Workload::Range);
    file_section(&mut out, report, charts);
    python_sections(&mut out, extras);
    if !extras.timelines.is_empty() {
        out.push_str("## Memory over time\n\n");
        for file in &extras.timelines {
            let _ = writeln!(out, "![{file}]({file})\n");
        }
        for quiet in &extras.quiet {
            let _ = writeln!(out, "*{}.*\n", quiet.line());
        }
        out.push_str("Phase tables: [timeline/phases.md](timeline/phases.md).\n\n");
    }
    out.push_str(
        "Every figure: [bench.json](bench.json), [bench.csv](bench.csv); for a benchmark \
         tracker, [bench.bmf.json](bench.bmf.json) (Bencher Metric Format).\n",
    );
    out
}

/// The memory pass against its baseline: its notes, then the rows that changed.
fn baseline_section(out: &mut String, comparison: &BaselineComparison) {
    let _ = writeln!(
        out,
        "## Memory against the baseline {}\n",
        comparison.baseline
    );
    for note in comparison.notes() {
        let _ = writeln!(out, "{note}\n");
    }
    let _ = writeln!(out, "{}\n", comparison.summary());
    let changed = changed_table(comparison);
    if !changed.is_empty() {
        out.push_str(&changed.markdown());
        out.push('\n');
    }
}

/// The summary table of the seed's case, with what its exponents mean.
fn seed_section(out: &mut String, report: &BenchReport) {
    let _ = writeln!(out, "## {}\n", super::summary::seed_heading());
    out.push_str(&summary_table(report).markdown());
    let _ = writeln!(out, "\n{COMPLEXITY_NOTE}");
}

/// The counting allocator's cost: per strategy from the paired pass, then one allocation's.
fn allocator_section(out: &mut String, report: &BenchReport) {
    let _ = writeln!(out, "\n## The counting allocator's cost\n");
    if report.overhead.is_empty() {
        let _ = writeln!(
            out,
            "Not measured yet: the paired pass runs at the end of a full `cargo bench`."
        );
    } else {
        let _ = writeln!(out, "{OVERHEAD_NOTE}\n");
        out.push_str(&overhead_table(report).markdown());
        if let Some(control) = overhead_control(report) {
            let _ = writeln!(out, "\n{control}");
        }
    }
    if let Some(cost) = allocator_cost_line(report) {
        let _ = writeln!(out, "\n### One allocation and its free\n\n{cost}\n");
        out.push_str(&allocator_cost_table(report).markdown());
    }
}

/// The charts of `workload`, each with its note.
fn chart_images(out: &mut String, charts: &[Chart], workload: Workload) {
    for chart in charts.iter().filter(|c| c.workload == workload) {
        let _ = writeln!(out, "![{}]({})\n", chart.title, chart.file);
        if let Some(note) = &chart.note {
            let _ = writeln!(out, "*{note}*\n");
        }
    }
}

/// The file workload, when it was measured: its verdict, table, goals and charts.
fn file_section(out: &mut String, report: &BenchReport, charts: &[Chart]) {
    let file_table = file_table(report);
    if file_table.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## {}\n\n{}\n",
        super::file::heading(),
        super::file::note()
    );
    if let Some(tradeoff) = report
        .tradeoffs
        .iter()
        .find(|t| t.workload == Workload::File)
    {
        tradeoff_section(out, tradeoff);
    }
    out.push_str(&file_table.markdown());
    out.push('\n');
    for goal in super::file::goals(report) {
        let _ = writeln!(out, "- {goal}");
    }
    out.push('\n');
    chart_images(out, charts, Workload::File);
}

/// The Python comparisons that were saved: the seed's programs, and reading the file.
fn python_sections(out: &mut String, extras: &Extras) {
    if let Some(python) = &extras.python {
        out.push_str("## The seed's Python programs beside ours\n\n");
        let _ = writeln!(
            out,
            "From `cargo run --release -- python` ([python.md](python.md)), n = {}, {}.\n",
            grouped(python.n),
            python.python_version,
        );
        out.push_str(&crate::python::figures(python).markdown());
        let _ = writeln!(out, "\n{}\n", crate::python::render::NOTE);
    }
    if let Some(python) = &extras.python_file {
        use crate::python::file;
        out.push_str("## Python reading the file, beside ours\n\n");
        let _ = writeln!(
            out,
            "From `cargo run --release -- python --workload file` \
             ([python-file.md](python-file.md)): {}.\n\n{}\n",
            file::render::setting(python),
            file::render::baselines(python),
        );
        out.push_str(&file::figures(python).markdown());
        let _ = writeln!(out, "\n{}\n", file::render::NOTE);
        for finding in &python.findings {
            let _ = writeln!(out, "- {finding}");
        }
        out.push('\n');
    }
}

/// A workload's verdict and its trade-off chart.
fn tradeoff_section(out: &mut String, tradeoff: &super::Tradeoff) {
    if let Some(verdict) = &tradeoff.verdict {
        let _ = writeln!(out, "**Verdict.** {}\n", verdict.paragraph());
    }
    let _ = writeln!(
        out,
        "![{}]({})\n\n*Time (criterion's estimate, the bar its interval) against peak memory; \
         the black line joins the Pareto front; a dimmed point is beaten by one on it, no better on either count and worse on one.*\n",
        tradeoff.title, tradeoff.file
    );
}
