//! The sections of the page that show what other commands saved: the Python comparisons
//! (`sumbench python`) and the timelines with their phases (`sumbench timeline`). Separate
//! because each is there only when its command has run.

use std::fmt::Write;

use super::super::Extras;
use super::elements::{escape, figure};

/// The Python comparisons that were saved: the seed's programs, and reading the file.
pub(super) fn python_sections(page: &mut String, extras: &Extras) {
    if let Some(python) = &extras.python {
        let _ = writeln!(
            page,
            "<h2 id=\"python\">The seed's Python programs beside ours</h2>\n<p>From \
             <code>cargo run --release -- python</code>, n = {}, {}.</p>",
            sumbench_page::units::grouped(python.n),
            escape(&python.python_version)
        );
        page.push_str(&crate::python::figures(python).html());
        let _ = writeln!(
            page,
            "<p>{}</p>\n<p>Machine: {}</p>",
            escape(crate::python::render::NOTE),
            escape(&python.machine.summary())
        );
    }
    if let Some(python) = &extras.python_file {
        use crate::python::file;
        let _ = writeln!(
            page,
            "<h2 id=\"python-file\">Python reading the file, beside ours</h2>\n<p>From \
             <code>cargo run --release -- python --workload file</code>: {}.</p>\n<p>{}</p>",
            escape(&file::render::setting(python)),
            escape(&file::render::baselines(python)),
        );
        page.push_str(&file::figures(python).html());
        let _ = writeln!(page, "<p>{}</p>\n<ul>", escape(file::render::NOTE));
        for finding in &python.findings {
            let _ = writeln!(page, "<li>{}</li>", escape(finding));
        }
        let _ = writeln!(
            page,
            "</ul>\n<p>Machine: {}</p>",
            escape(&python.machine.summary())
        );
    }
}

/// The timelines of live heap and resident memory, when any was recorded.
pub(super) fn timeline_section(page: &mut String, extras: &Extras) {
    if !extras.timelines.is_empty() {
        page.push_str(
            "<h2 id=\"timeline\">Memory over time</h2>\n<p>From <code>cargo run --release -- timeline</code>: \
             every change of live heap bytes (exact), the resident set sampled beside it, the \
             peak marked, phases as vertical lines.</p>\n<div class=\"charts\">\n",
        );
        for file in &extras.timelines {
            figure(page, file, file);
        }
        page.push_str("</div>\n");
        for quiet in &extras.quiet {
            let _ = writeln!(page, "<p class=\"quiet\">{}.</p>", escape(&quiet.line()));
        }
    }
}

/// Each timeline's phase table, when any was recorded.
pub(super) fn phases_section(page: &mut String, extras: &Extras) {
    if !extras.phases.is_empty() {
        page.push_str(
            "<h2 id=\"phases\">Phases</h2>\n<p>memory_profiler's line table, with the peak inside each \
             phase that a table of end-of-line figures hides.</p>\n",
        );
        for (name, phases) in &extras.phases {
            let _ = writeln!(page, "<h3>{}</h3>", escape(name));
            page.push_str(&sumbench::timeline::phases_table(phases).html());
        }
    }
}
