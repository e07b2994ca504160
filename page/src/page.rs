//! A report as a page: a title, then blocks (the verdict, prose, tables, charts, lists,
//! warnings, sections), written out by one backend per format. Every report that has a
//! page builds a [`Page`], so a format added here is one that every such report has.

use std::fmt::Write as _;

use crate::table::{Table, escape, markdown_text};

/// A report's page: its title and its blocks, in reading order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The page's title: the Markdown `#` heading and the HTML `<title>` and `<h1>`.
    pub title: String,
    /// What the page holds, in order.
    pub blocks: Vec<Block>,
}

/// One block of a page.
#[derive(Debug, Clone)]
pub enum Block {
    /// The answer, first and in larger type: one or two short sentences.
    Verdict(String),
    /// A section heading.
    Section(String),
    /// A heading inside a section.
    Subsection(String),
    /// A paragraph.
    Prose(String),
    /// Short lines kept apart, as the lines of a run's header.
    Lines(Vec<String>),
    /// A table.
    Table(Table),
    /// A chart: an image file beside the page, with what it shows and what it cannot.
    Chart {
        /// Its file, relative to the page.
        src: String,
        /// What it shows, for readers who cannot see it.
        alt: String,
        /// What it cannot draw, in words.
        caption: Option<String>,
    },
    /// A list, each item with a link where it has one.
    Items(Vec<Item>),
    /// Things the reader should know before trusting a figure.
    Warnings(Vec<String>),
}

/// One item of a list: its text, and the file it links to, if any.
#[derive(Debug, Clone)]
pub struct Item {
    /// The link's text, or the whole item without a link.
    pub label: String,
    /// The file the label links to, relative to the page.
    pub link: Option<String>,
    /// Text after the label.
    pub text: String,
}

impl Item {
    /// An item of text alone, with no link.
    pub fn plain(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            link: None,
            text: String::new(),
        }
    }

    /// An item naming the file `name` beside the page, linked, then `text`.
    pub fn file(name: &str, text: impl Into<String>) -> Self {
        Self {
            label: name.to_owned(),
            link: Some(name.to_owned()),
            text: text.into(),
        }
    }
}

impl Page {
    /// A page titled `title`, with no blocks yet.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds `block` at the end.
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// The page in Markdown, every text escaped.
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n\n", markdown_text(&self.title));
        for block in &self.blocks {
            match block {
                Block::Verdict(text) => {
                    let _ = writeln!(out, "**{}**\n", markdown_text(text));
                }
                Block::Section(text) => {
                    let _ = writeln!(out, "## {}\n", markdown_text(text));
                }
                Block::Subsection(text) => {
                    let _ = writeln!(out, "### {}\n", markdown_text(text));
                }
                Block::Prose(text) => {
                    let _ = writeln!(out, "{}\n", markdown_text(text));
                }
                Block::Lines(lines) => {
                    let lines: Vec<String> = lines.iter().map(|l| markdown_text(l)).collect();
                    let _ = writeln!(out, "{}\n", lines.join("  \n"));
                }
                Block::Table(table) => {
                    out.push_str(&table.markdown());
                    out.push('\n');
                }
                Block::Chart { src, alt, caption } => {
                    let _ = writeln!(out, "![{}]({src})\n", markdown_text(alt));
                    if let Some(caption) = caption {
                        let _ = writeln!(out, "Chart: {}.\n", markdown_text(caption));
                    }
                }
                Block::Items(items) => {
                    for item in items {
                        let label = markdown_text(&item.label);
                        let _ = match &item.link {
                            Some(link) => {
                                writeln!(out, "- [{label}]({link}){}", markdown_text(&item.text))
                            }
                            None => writeln!(out, "- {label}{}", markdown_text(&item.text)),
                        };
                    }
                    out.push('\n');
                }
                Block::Warnings(warnings) => {
                    for warning in warnings {
                        let _ = writeln!(out, "- **warning:** {}", markdown_text(warning));
                    }
                    out.push('\n');
                }
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
        out
    }

    /// The page as one HTML file with its style inline, every text escaped; charts are
    /// images beside it, so every link stays inside the page's folder.
    pub fn html(&self) -> String {
        let title = escape(&self.title);
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title>\n<style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
        );
        for block in &self.blocks {
            match block {
                Block::Verdict(text) => {
                    let _ = writeln!(out, "<p class=\"verdict\">{}</p>", escape(text));
                }
                Block::Section(text) => {
                    let _ = writeln!(out, "<h2>{}</h2>", escape(text));
                }
                Block::Subsection(text) => {
                    let _ = writeln!(out, "<h3>{}</h3>", escape(text));
                }
                Block::Prose(text) => {
                    let _ = writeln!(out, "<p>{}</p>", escape(text));
                }
                Block::Lines(lines) => {
                    let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                    let _ = writeln!(out, "<p class=\"lines\">{}</p>", lines.join("<br>"));
                }
                Block::Table(table) => out.push_str(&table.html()),
                Block::Chart { src, alt, caption } => {
                    let caption = caption.as_ref().map_or_else(String::new, |caption| {
                        format!("<figcaption>{}</figcaption>", escape(caption))
                    });
                    let _ = writeln!(
                        out,
                        "<figure><img src=\"{}\" alt=\"{}\">{caption}</figure>",
                        escape(src),
                        escape(alt)
                    );
                }
                Block::Items(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        let label = escape(&item.label);
                        let label = match &item.link {
                            Some(link) => format!("<a href=\"{}\">{label}</a>", escape(link)),
                            None => label,
                        };
                        let _ = writeln!(out, "<li>{label}{}</li>", escape(&item.text));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Warnings(warnings) => {
                    out.push_str("<ul class=\"warnings\">\n");
                    for warning in warnings {
                        let _ = writeln!(out, "<li>{}</li>", escape(warning));
                    }
                    out.push_str("</ul>\n");
                }
            }
        }
        out.push_str("</body></html>\n");
        out
    }
}

/// The pages' style: readable type, tables with figures to the right, charts that fit.
const STYLE: &str = "body{font-family:sans-serif;max-width:72rem;margin:2rem auto;\
     padding:0 1rem;line-height:1.45}.verdict{font-size:1.25rem}.lines{color:#444}\
     table{border-collapse:collapse;margin:1rem 0}td,th{padding:.2rem .6rem;\
     border-bottom:1px solid #ddd}td.num{text-align:right;font-variant-numeric:tabular-nums}\
     img{max-width:100%}figcaption{color:#444}.warnings li{color:#8a4b00}";

#[cfg(test)]
mod tests;
