//! `reports/index.html`: the verdict and the trade-off first, then time and memory on one
//! page with the charts, as one file whose links all stay inside `reports/`.

use std::fmt::Write;

use super::allocator_cost::{
    OVERHEAD_NOTE, allocator_cost_line, allocator_cost_table, overhead_control, overhead_table,
};
use super::charts::Chart;
use super::summary::{COMPLEXITY_NOTE, changed_table, file_table, sources, summary_table};
use super::{BenchReport, Extras, Tradeoff};
use crate::workloads::strategy::Workload;
use sumbench::analysis::baseline::BaselineComparison;

mod elements;
mod extras;

use elements::{chart_grid, escape, figure};
use extras::{phases_section, python_sections, timeline_section};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1600px;\
padding:0 1em;color:#222;line-height:1.45}table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\
th,td{border:1px solid #ccc;padding:4px 8px}td.num{text-align:right;font-variant-numeric:tabular-nums;\
white-space:nowrap}th{background:#f3f3f3}.warn{background:#fff4e5;border-left:4px solid #f0a020;\
padding:6px 12px;margin:4px 0}.verdict{background:#eef6ee;border-left:4px solid #3a3;padding:8px 14px;\
font-size:1.1em}figure{margin:1em 0}figcaption{color:#555}figure img{width:100%;height:auto}\
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(680px,1fr));gap:1em 2em}\
.quiet{color:#555;font-style:italic}nav ol{columns:2}";

/// Renders the page.
pub fn render(report: &BenchReport, charts: &[Chart], extras: &Extras) -> String {
    let mut page = String::new();
    head(&mut page, report);
    contents(&mut page, report, extras);
    if let Some(tradeoff) = report
        .tradeoffs
        .iter()
        .find(|t| t.workload == Workload::Range)
    {
        tradeoff_section(&mut page, tradeoff, "tradeoff", "The answer at a glance");
    }
    for warning in &report.warnings {
        let _ = writeln!(page, "<p class=\"warn\">⚠ {}</p>", escape(warning));
    }
    if let Some(comparison) = &report.memory_baseline {
        baseline_section(&mut page, comparison);
    }
    seed_section(&mut page, report);
    strategies_section(&mut page);
    charts_section(&mut page, charts, extras);
    allocator_section(&mut page, report);
    skipped_section(&mut page, report);
    file_section(&mut page, report, charts);
    python_sections(&mut page, extras);
    timeline_section(&mut page, extras);
    phases_section(&mut page, extras);
    page.push_str(
        "<p>Exports: <a href=\"bench.json\">bench.json</a>, <a href=\"bench.csv\">bench.csv</a>; \
         for a benchmark tracker, <a href=\"bench.bmf.json\">bench.bmf.json</a> (Bencher Metric \
         Format).</p>\n\
         </body></html>\n",
    );
    page
}

/// The title, the machine, and where each figure comes from.
fn head(page: &mut String, report: &BenchReport) {
    let machine = &report.machine;
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>sumbench report</title><style>{STYLE}</style></head><body>\n\
         <h1>sumbench: what summing 0..n costs in time and in memory</h1>\n\
         <p>Measured on {} — {} cores, {}, {}, on {}. {}</p>\n",
        escape(&machine.cpu_model),
        machine.cores,
        escape(&machine.rustc_version),
        escape(&machine.os),
        escape(&machine.date),
        escape(&sources(report)),
    );
}

/// The summary table of the seed's case, with what its modes and exponents mean.
fn seed_section(page: &mut String, report: &BenchReport) {
    let _ = writeln!(
        page,
        "<h2 id=\"seed\">{}</h2>",
        super::summary::seed_heading()
    );
    page.push_str(&summary_table(report).html());
    page.push_str(
        "<p><b>as_written</b> is the code as written, which the compiler may fold into a \
         closed form; <b>opaque</b> passes each element through <code>black_box</code>, so \
         every element is really visited. Peak heap is the most bytes live at once during \
         one call, all threads; a realloc changes it by new − old, as DHAT counts it.</p>\n",
    );
    let _ = writeln!(page, "<p>{COMPLEXITY_NOTE}</p>");
}

/// Every registered strategy with its description.
fn strategies_section(page: &mut String) {
    page.push_str("<h2 id=\"strategies\">Strategies</h2>\n<ul>\n");
    for strategy in crate::workloads::REGISTRY {
        let _ = writeln!(
            page,
            "<li><b>{}</b>: {}</li>",
            escape(strategy.name()),
            escape(strategy.description())
        );
    }
    page.push_str("</ul>\n");
}

/// The range workload's charts, and where criterion's own pages are.
fn charts_section(page: &mut String, charts: &[Chart], extras: &Extras) {
    page.push_str("<h2 id=\"charts\">Charts</h2>\n");
    chart_grid(page, charts, Workload::Range);
    let _ = writeln!(
        page,
        "<p>criterion's own pages (one per benchmark, with its sample plots) are written by \
         <code>cargo bench</code> under <code>{}</code>, outside <code>reports/</code>; \
         open <code>{0}/report/index.html</code>{}. This page does not link to them, so that \
         it has no broken link where they are absent, as on a fresh clone.</p>",
        escape(&extras.criterion),
        if extras.criterion_present {
            " (present when this page was written)"
        } else {
            " after running <code>cargo bench</code> (absent when this page was written)"
        }
    );
}

/// The counting allocator's cost: per strategy from the paired pass, then one allocation's.
fn allocator_section(page: &mut String, report: &BenchReport) {
    page.push_str("<h2 id=\"allocator\">The counting allocator's cost</h2>\n");
    if report.overhead.is_empty() {
        page.push_str(
            "<p>Not measured yet: the paired pass runs at the end of a full \
             <code>cargo bench</code>.</p>\n",
        );
    } else {
        let _ = writeln!(page, "<p>{OVERHEAD_NOTE}</p>");
        page.push_str(&overhead_table(report).html());
        if let Some(control) = overhead_control(report) {
            let _ = writeln!(page, "<p>{}</p>", escape(&control));
        }
    }
    if let Some(cost) = allocator_cost_line(report) {
        let _ = writeln!(
            page,
            "<h3>One allocation and its free</h3>\n<p>{}</p>",
            escape(&cost)
        );
        page.push_str(&allocator_cost_table(report).html());
    }
}

/// The points that were not measured, and why.
fn skipped_section(page: &mut String, report: &BenchReport) {
    let skipped: Vec<_> = report
        .points
        .iter()
        .filter(|p| p.skipped.is_some())
        .collect();
    if !skipped.is_empty() {
        page.push_str("<h2 id=\"skipped\">Skipped points</h2><ul>\n");
        for p in skipped {
            let _ = writeln!(
                page,
                "<li>{}: {}</li>",
                escape(&p.key),
                escape(p.skipped.as_deref().unwrap_or(""))
            );
        }
        page.push_str("</ul>\n");
    }
}

/// The file workload, when it was measured: its verdict, table, goals and charts.
fn file_section(page: &mut String, report: &BenchReport, charts: &[Chart]) {
    let file_table = file_table(report);
    if !file_table.is_empty() {
        let _ = writeln!(
            page,
            "<h2 id=\"file\">{}</h2>\n<p>{}</p>",
            escape(&super::file::heading()),
            escape(&super::file::note())
        );
        if let Some(tradeoff) = report
            .tradeoffs
            .iter()
            .find(|t| t.workload == Workload::File)
        {
            tradeoff_section(
                page,
                tradeoff,
                "file-tradeoff",
                "The file workload at a glance",
            );
        }
        page.push_str(&file_table.html());
        page.push_str("<ul>\n");
        for goal in super::file::goals(report) {
            let _ = writeln!(page, "<li>{}</li>", escape(&goal));
        }
        page.push_str("</ul>\n");
        chart_grid(page, charts, Workload::File);
    }
}

/// The contents list: every section the page has, in order.
fn contents(page: &mut String, report: &BenchReport, extras: &Extras) {
    let mut entries = vec![("tradeoff", "The answer at a glance: trade-off and verdict")];
    if report.memory_baseline.is_some() {
        entries.push(("baseline", "Memory against the baseline"));
    }
    let seed = super::summary::seed_heading();
    entries.extend([
        ("seed", seed.as_str()),
        ("strategies", "Strategies"),
        ("charts", "Charts"),
        ("allocator", "The counting allocator's cost"),
    ]);
    if report.points.iter().any(|p| p.skipped.is_some()) {
        entries.push(("skipped", "Skipped points"));
    }
    if !super::file::rows(report).is_empty() {
        entries.push(("file", "File workload"));
    }
    if extras.python.is_some() {
        entries.push(("python", "The seed's Python programs beside ours"));
    }
    if extras.python_file.is_some() {
        entries.push(("python-file", "Python reading the file, beside ours"));
    }
    if !extras.timelines.is_empty() {
        entries.push(("timeline", "Memory over time"));
    }
    if !extras.phases.is_empty() {
        entries.push(("phases", "Phases"));
    }
    page.push_str("<nav><h2>Contents</h2><ol>\n");
    for (id, title) in entries {
        let _ = writeln!(page, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
    }
    page.push_str("</ol></nav>\n");
}

/// A workload's trade-off: its verdict, then its chart at full width.
fn tradeoff_section(page: &mut String, tradeoff: &Tradeoff, id: &str, heading: &str) {
    let _ = writeln!(page, "<h2 id=\"{id}\">{}</h2>", escape(heading));
    if let Some(verdict) = &tradeoff.verdict {
        let _ = writeln!(
            page,
            "<p class=\"verdict\"><b>Verdict.</b> {}</p>",
            escape(&verdict.paragraph())
        );
    }
    figure(
        page,
        &tradeoff.file,
        &format!(
            "{}. Each point is one strategy: its time (criterion's estimate, the bar its \
             confidence interval) against its peak memory; the black line joins the Pareto \
             front, and a dimmed point is beaten by one on it: no better on either count, \
             worse on one.",
            tradeoff.title
        ),
    );
}

/// The memory pass against its baseline: the Δ table and its notes.
fn baseline_section(page: &mut String, comparison: &BaselineComparison) {
    let _ = writeln!(
        page,
        "<h2 id=\"baseline\">Memory against the baseline {}</h2>",
        escape(&comparison.baseline)
    );
    let changed = changed_table(comparison);
    for note in comparison.notes() {
        let _ = writeln!(page, "<p>{}</p>", escape(&note));
    }
    let _ = writeln!(page, "<p>{}</p>", escape(&comparison.summary()));
    if !changed.is_empty() {
        page.push_str(&changed.html());
    }
}
