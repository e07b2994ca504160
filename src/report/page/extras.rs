//! The sections that show what other commands saved: the Python comparisons
//! (`sumbench python`) and the timelines with their phases (`sumbench timeline`). Each is
//! there only when its command has run.

use super::super::Extras;
use sumbench_page::page::{Block, Item, Page};
use sumbench_page::units::grouped;

/// The Python comparisons that were saved: the seed's programs, and reading the file.
pub(super) fn python_sections(page: &mut Page, extras: &Extras) {
    if let Some(python) = &extras.python {
        page.push(Block::Section(
            "The seed's Python programs beside ours".to_owned(),
        ));
        page.push(Block::Items(vec![Item::file(
            "python.md",
            format!(
                ", from cargo run --release -- python: n = {}, {}, on {}.",
                grouped(python.n),
                python.python_version,
                python.machine.summary()
            ),
        )]));
        page.push(Block::Table(crate::python::figures(python)));
        page.push(Block::Prose(crate::python::render::NOTE.to_owned()));
    }
    if let Some(python) = &extras.python_file {
        use crate::python::file;
        page.push(Block::Section(
            "Python reading the file, beside ours".to_owned(),
        ));
        page.push(Block::Items(vec![Item::file(
            "python-file.md",
            format!(
                ", from cargo run --release -- python --workload file: {}, on {}.",
                file::render::setting(python),
                python.machine.summary()
            ),
        )]));
        page.push(Block::Prose(file::render::baselines(python)));
        page.push(Block::Table(file::figures(python)));
        page.push(Block::Prose(file::render::NOTE.to_owned()));
        page.push(Block::Items(
            python
                .findings
                .iter()
                .map(|finding| Item::plain(finding.as_str()))
                .collect(),
        ));
    }
}

/// The timelines of live heap and resident memory, and each one's phase table, when
/// `sumbench timeline` recorded any.
pub(super) fn timeline_section(page: &mut Page, extras: &Extras) {
    if extras.timelines.is_empty() && extras.phases.is_empty() {
        return;
    }
    page.push(Block::Section("Memory over time".to_owned()));
    page.push(Block::Prose(
        "From cargo run --release -- timeline: every change of live heap bytes (exact), the \
         resident set sampled beside it, the peak marked, phases as vertical lines."
            .to_owned(),
    ));
    for file in &extras.timelines {
        page.push(Block::Chart {
            src: file.clone(),
            alt: format!("Memory over time: {file}"),
            caption: None,
        });
    }
    if !extras.quiet.is_empty() {
        page.push(Block::Lines(
            extras
                .quiet
                .iter()
                .map(|q| format!("{}.", q.line()))
                .collect(),
        ));
    }
    if extras.phases.is_empty() {
        return;
    }
    page.push(Block::Prose(
        "Each strategy's phases: memory_profiler's line table, with the peak inside each \
         phase that a table of end-of-line figures hides."
            .to_owned(),
    ));
    for (name, phases) in &extras.phases {
        page.push(Block::Subsection(name.clone()));
        page.push(Block::Table(sumbench::timeline::phases_table(phases)));
    }
}
