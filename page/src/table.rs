//! One table model for every output: headers, rows of cells, and which columns are labels
//! (aligned left) and which are figures (aligned right). A table is built once as data and
//! written by the backend its output needs: the terminal (comfy-table), Markdown or HTML.
//! Writing it three times by hand let the three drift apart; here the alignment, the
//! escaping and the separators are decided in one place.

use std::fmt::Write;

use comfy_table::CellAlignment;
use comfy_table::presets::{NOTHING, UTF8_FULL_CONDENSED};

/// Where a column's cells sit: labels on the left, figures on the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// A label: a name, a mode, a word.
    Left,
    /// A figure, so that digits line up.
    Right,
}

/// One row: its cells, and an optional title for its first cell (a tooltip in HTML).
#[derive(Debug, Clone, Default, PartialEq)]
struct Row {
    title: Option<String>,
    cells: Vec<String>,
}

/// A table as data: headers, one alignment per column, and rows of cells already
/// formatted for people. A row may be shorter than the headers (a note in place of
/// figures); the backends write the cells it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Row>,
}

impl Table {
    /// A table under `headers` whose first `labels` columns are labels and the rest figures.
    pub fn new<H: AsRef<str>>(headers: impl IntoIterator<Item = H>, labels: usize) -> Self {
        let headers: Vec<String> = headers.into_iter().map(|h| h.as_ref().to_owned()).collect();
        let align = (0..headers.len())
            .map(|i| {
                if i < labels {
                    Align::Left
                } else {
                    Align::Right
                }
            })
            .collect();
        Self {
            headers,
            align,
            rows: Vec::new(),
        }
    }

    /// Makes the first `labels` columns labels and the rest figures, for a page that has
    /// always shown the same rows aligned otherwise.
    #[must_use]
    pub fn with_labels(self, labels: usize) -> Self {
        let Self { headers, rows, .. } = self;
        Self {
            rows,
            ..Self::new(headers, labels)
        }
    }

    /// Makes `column` a label column too: a trailing word after the figures.
    #[must_use]
    pub fn left(mut self, column: usize) -> Self {
        if let Some(align) = self.align.get_mut(column) {
            *align = Align::Left;
        }
        self
    }

    /// Adds a row of cells.
    pub fn push<C: Into<String>>(&mut self, cells: impl IntoIterator<Item = C>) {
        self.rows.push(Row {
            title: None,
            cells: cells.into_iter().map(Into::into).collect(),
        });
    }

    /// Adds a row whose first cell carries `title`, shown by HTML on hover.
    pub fn push_titled<C: Into<String>>(
        &mut self,
        title: impl Into<String>,
        cells: impl IntoIterator<Item = C>,
    ) {
        self.push(cells);
        if let Some(row) = self.rows.last_mut() {
            row.title = Some(title.into());
        }
    }

    /// The table with `rows` added.
    #[must_use]
    pub fn with_rows<R, C>(mut self, rows: impl IntoIterator<Item = R>) -> Self
    where
        R: IntoIterator<Item = C>,
        C: Into<String>,
    {
        for row in rows {
            self.push(row);
        }
        self
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The terminal table: comfy-table's condensed UTF-8 box, without a final newline.
    pub fn terminal(&self) -> String {
        self.comfy(UTF8_FULL_CONDENSED)
    }

    /// A terminal table without borders, for a compact listing; no final newline.
    pub fn plain(&self) -> String {
        self.comfy(NOTHING)
    }

    fn comfy(&self, preset: &str) -> String {
        let mut table = comfy_table::Table::new();
        table.load_preset(preset).set_header(&self.headers);
        for row in &self.rows {
            table.add_row(&row.cells);
        }
        for (i, align) in self.align.iter().enumerate() {
            if *align == Align::Right
                && let Some(column) = table.column_mut(i)
            {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        table.to_string()
    }

    /// The Markdown table: `| a | b |` rows under a `|---|---:|` line, each line ended.
    pub fn markdown(&self) -> String {
        let cell = |text: &str| markdown_text(text).replace('|', "\\|");
        let headers: Vec<String> = self.headers.iter().map(|h| cell(h)).collect();
        let mut out = format!("| {} |\n|", headers.join(" | "));
        for align in &self.align {
            out.push_str(match align {
                Align::Left => "---|",
                Align::Right => "---:|",
            });
        }
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row.cells.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out
    }

    /// The HTML table, every text escaped; figure cells carry `class="num"`.
    pub fn html(&self) -> String {
        let mut out = String::from("<table><tr>");
        for header in &self.headers {
            let _ = write!(out, "<th>{}</th>", escape(header));
        }
        out.push_str("</tr>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for (i, cell) in row.cells.iter().enumerate() {
                let title = match (&row.title, i) {
                    (Some(title), 0) => format!(" title=\"{}\"", escape(title)),
                    _ => String::new(),
                };
                let class = match self.align.get(i) {
                    Some(Align::Right) => " class=\"num\"",
                    _ => "",
                };
                let _ = write!(out, "<td{title}{class}>{}</td>", escape(cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
        out
    }
}

/// Escapes text for Markdown, so that a name such as `a<b>` or `*x*` reads as written:
/// HTML's three characters as entities, and a backslash before the characters that start
/// code, emphasis or a link. An underscore inside a word (`vec_owned`) is left alone, as it
/// can start nothing there.
pub fn markdown_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(inside_word(i.checked_sub(1).and_then(|j| chars.get(j)))
                && inside_word(chars.get(i + 1))) =>
            {
                out.push_str("\\_");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests;
