//! The building blocks of the HTML page: escaping text (the table model's), a figure with
//! its caption, and a grid of charts. Separate from the sections, which say what the page
//! shows, not how an element is written.

use std::fmt::Write;

use super::super::charts::Chart;
use crate::workloads::strategy::Workload;

pub(super) use sumbench_page::table::escape;

/// An image with its caption (also its alt text).
pub(super) fn figure(page: &mut String, src: &str, caption: &str) {
    let _ = writeln!(
        page,
        "<figure><img src=\"{}\" alt=\"{1}\"><figcaption>{1}</figcaption></figure>",
        escape(src),
        escape(caption)
    );
}

/// A workload's charts, two per row on a wide screen; a chart with nothing to draw is a
/// line of text instead.
pub(super) fn chart_grid(page: &mut String, charts: &[Chart], workload: Workload) {
    page.push_str("<div class=\"charts\">\n");
    for chart in charts.iter().filter(|c| c.workload == workload) {
        let caption = match &chart.note {
            Some(note) => format!("{} — {note}", chart.title),
            None => chart.title.clone(),
        };
        figure(page, &chart.file, &caption);
    }
    page.push_str("</div>\n");
}
