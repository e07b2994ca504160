//! `reports/index.html`: time and memory on one page, with the charts inline and each
//! strategy linked to its criterion page.

use std::fmt::Write;

use super::charts::Chart;
use super::markdown::{
    COMPLEXITY_NOTE, COST_HEADERS, OVERHEAD_HEADERS, OVERHEAD_NOTE, SummaryRow,
    allocator_cost_line, allocator_cost_rows, overhead_control, overhead_rows, summary_rows,
};
use super::{BenchReport, Extras};

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1500px;\
color:#222}table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #ccc;\
padding:4px 8px}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f3f3f3}\
.warn{background:#fff4e5;border-left:4px solid #f0a020;padding:6px 12px;margin:4px 0}\
figure{margin:1em 0}figcaption{color:#555}img{max-width:100%}";

/// Renders the page.
pub fn render(report: &BenchReport, charts: &[Chart], extras: &Extras) -> String {
    let mut page = String::new();
    let machine = &report.machine;
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>sumbench report</title><style>{STYLE}</style></head><body>\n\
         <h1>sumbench: what summing 0..n costs in time and in memory</h1>\n\
         <p>Measured on {} — {} cores, {}, {}, on {}. Times are criterion's estimates \
         (mean of the samples, with its {:.0}% confidence interval); memory figures are \
         exact, from sumbench's counting allocator in the same <code>cargo bench</code> run.</p>\n",
        escape(&machine.cpu_model),
        machine.cores,
        escape(&machine.rustc_version),
        escape(&machine.os),
        escape(&machine.date),
        report
            .points
            .iter()
            .find_map(|p| p.time.as_ref())
            .map_or(95.0, |t| t.confidence_level * 100.0),
    );
    for warning in &report.warnings {
        let _ = writeln!(page, "<p class=\"warn\">⚠ {}</p>", escape(warning));
    }

    page.push_str("<h2>The seed's case: n = 10,000,000</h2>\n");
    page.push_str(
        "<table><tr><th>strategy</th><th>mode</th><th>time</th><th>95% interval</th>\
         <th>ns/element</th><th>peak heap (B)</th><th>peak heap</th><th>allocs</th>\
         <th>bytes allocated</th><th>peak RSS</th><th>minor faults</th><th>complexity</th></tr>\n",
    );
    for row in summary_rows(report) {
        write_row(&mut page, &row, &extras.criterion);
    }
    page.push_str("</table>\n");
    page.push_str(
        "<p><b>as_written</b> is the code as written, which the compiler may fold into a \
         closed form; <b>opaque</b> passes each element through <code>black_box</code>, so \
         every element is really visited. Peak heap is the most bytes live at once during \
         one call, all threads; a realloc changes it by new − old, as DHAT counts it.</p>\n",
    );
    let _ = writeln!(page, "<p>{COMPLEXITY_NOTE}</p>");

    page.push_str("<h2>Strategies</h2>\n<ul>\n");
    for strategy in crate::workloads::REGISTRY {
        let _ = writeln!(
            page,
            "<li><b>{}</b>: {}</li>",
            escape(strategy.name()),
            escape(strategy.description())
        );
    }
    page.push_str("</ul>\n");

    page.push_str("<h2>Charts</h2>\n");
    for chart in charts {
        let caption = match &chart.note {
            Some(note) => format!("{} — {note}", chart.title),
            None => chart.title.clone(),
        };
        figure(&mut page, &chart.file, &caption);
    }
    let _ = writeln!(
        page,
        "<p>criterion's own line charts per group: {}.</p>",
        group_links(report, &extras.criterion)
    );

    page.push_str("<h2>The counting allocator's cost</h2>\n");
    if report.overhead.is_empty() {
        page.push_str("<p>Not measured yet: run <code>cargo bench</code> in full.</p>\n");
    } else {
        let _ = writeln!(page, "<p>{OVERHEAD_NOTE}</p>");
        figures_table(&mut page, &OVERHEAD_HEADERS, &overhead_rows(report));
        if let Some(control) = overhead_control(report) {
            let _ = writeln!(page, "<p>{}</p>", escape(&control));
        }
        if let Some(cost) = allocator_cost_line(report) {
            let _ = writeln!(
                page,
                "<h3>One allocation and its free</h3>\n<p>{}</p>",
                escape(&cost)
            );
            figures_table(&mut page, &COST_HEADERS, &allocator_cost_rows(report));
        }
    }

    let skipped: Vec<_> = report
        .points
        .iter()
        .filter(|p| p.skipped.is_some())
        .collect();
    if !skipped.is_empty() {
        page.push_str("<h2>Skipped points</h2><ul>\n");
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

    if let Some(python) = &extras.python {
        let _ = writeln!(
            page,
            "<h2 id=\"python\">The seed's Python programs beside ours</h2>\n<p>From \
             <code>cargo run --release -- python</code>, n = {}, {}.</p>",
            crate::units::grouped(python.n),
            escape(&python.python_version)
        );
        figures_table(
            &mut page,
            &crate::python::HEADERS,
            &crate::python::cells(python),
        );
        let _ = writeln!(
            page,
            "<p>{}</p>\n<p>Machine: {}</p>",
            escape(crate::python::render::NOTE),
            escape(&python.machine.summary())
        );
    }
    if !extras.timelines.is_empty() {
        page.push_str(
            "<h2>Memory over time</h2>\n<p>From <code>cargo run --release -- timeline</code>: \
             every change of live heap bytes (exact), the resident set sampled beside it, the \
             peak marked, phases as vertical lines.</p>\n",
        );
        for file in &extras.timelines {
            figure(&mut page, file, file);
        }
    }
    if !extras.phases.is_empty() {
        page.push_str(
            "<h2>Phases</h2>\n<p>memory_profiler's line table, with the peak inside each \
             phase that a table of end-of-line figures hides.</p>\n",
        );
        for (name, phases) in &extras.phases {
            let _ = write!(page, "<h3>{}</h3>\n<table><tr>", escape(name));
            for header in crate::timeline::PHASE_HEADERS {
                let _ = write!(page, "<th>{header}</th>");
            }
            page.push_str("</tr>\n");
            for phase in phases {
                let cells = crate::timeline::phase_cells(phase);
                let _ = write!(page, "<tr><td>{}</td>", escape(&cells[0]));
                for cell in &cells[1..] {
                    let _ = write!(page, "<td class=\"num\">{}</td>", escape(cell));
                }
                page.push_str("</tr>\n");
            }
            page.push_str("</table>\n");
        }
    }
    page.push_str(
        "<p>Exports: <a href=\"bench.json\">bench.json</a>, <a href=\"bench.csv\">bench.csv</a>.</p>\n\
         </body></html>\n",
    );
    page
}

/// An image with its caption (also its alt text).
/// A table whose first column names the row and whose other cells are figures, aligned
/// right.
fn figures_table<const N: usize>(page: &mut String, headers: &[&str; N], rows: &[[String; N]]) {
    page.push_str("<table><tr>");
    for header in headers {
        let _ = write!(page, "<th>{}</th>", escape(header));
    }
    page.push_str("</tr>\n");
    for row in rows {
        let _ = write!(page, "<tr><td>{}</td>", escape(&row[0]));
        for cell in &row[1..] {
            let _ = write!(page, "<td class=\"num\">{}</td>", escape(cell));
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</table>\n");
}

fn figure(page: &mut String, src: &str, caption: &str) {
    let _ = writeln!(
        page,
        "<figure><img src=\"{}\" alt=\"{1}\"><figcaption>{1}</figcaption></figure>",
        escape(src),
        escape(caption)
    );
}

fn write_row(page: &mut String, row: &SummaryRow, criterion: &str) {
    let name = match &row.criterion_directory {
        Some(directory) => format!(
            "<a href=\"{}/{}/report/index.html\">{}</a>",
            escape(criterion),
            escape(directory),
            escape(&row.strategy)
        ),
        None => escape(&row.strategy),
    };
    let _ = writeln!(
        page,
        "<tr><td title=\"{}\">{name}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
        escape(&row.description),
        row.mode,
        row.time,
        row.interval,
        row.ns_per_element,
        row.peak_exact,
        row.peak_human,
        row.allocations,
        row.bytes_allocated,
        row.peak_rss,
        row.minor_faults,
        escape(&row.complexity),
    );
}

fn group_links(report: &BenchReport, criterion: &str) -> String {
    let mut groups: Vec<String> = report
        .points
        .iter()
        .map(|p| p.key.split('/').next().unwrap_or_default().to_owned())
        .collect();
    groups.dedup();
    groups
        .iter()
        .map(|g| {
            format!(
                "<a href=\"{}/{}/report/index.html\">{}</a>",
                escape(criterion),
                escape(g),
                escape(g)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}
