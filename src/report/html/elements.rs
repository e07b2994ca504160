//! The building blocks of the HTML page: escaping text, a table of figures, a figure with
//! its caption, and a grid of charts. Separate from the sections, which say what the page
//! shows, not how an element is written.

use std::fmt::Write;

use super::super::charts::Chart;
use crate::workloads::strategy::Workload;

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A table whose first column names the row and whose other cells are figures, aligned
/// right.
pub(super) fn figures_table<const N: usize>(
    page: &mut String,
    headers: &[&str; N],
    rows: &[[String; N]],
) {
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
