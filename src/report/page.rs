//! The bench report as one page: the verdict first, then the trade-off, the seed's case,
//! the charts, the counting allocator's cost, the file workload, what other commands saved,
//! and the method last. `README.md` and `index.html` are its two backends, so both say the
//! same thing.

use super::allocator_cost::{
    OVERHEAD_NOTE, allocator_cost_line, allocator_cost_table, overhead_control, overhead_table,
};
use super::charts::Chart;
use super::summary::{COMPLEXITY_NOTE, file_table, sources, summary_table};
use super::{BenchReport, Extras, Tradeoff};
use crate::workloads::strategy::Workload;
use sumbench_page::page::{Block, Item, Page};

mod extras;

/// The bench report's page.
pub fn page(report: &BenchReport, charts: &[Chart], extras: &Extras) -> Page {
    let mut page = Page::new("sumbench: what summing 0..n costs in time and in memory");
    let range = tradeoff(report, Workload::Range);
    if let Some(verdict) = range.and_then(|t| t.verdict.as_ref()) {
        page.push(Block::Verdict(verdict.short()));
    }
    page.push(Block::Lines(vec![
        format!("Machine: {}.", report.machine.summary()),
        "How each figure is taken: the last section, Method. README.md and index.html here \
         are the same page."
            .to_owned(),
    ]));
    if let Some(tradeoff) = range {
        tradeoff_blocks(&mut page, tradeoff);
    }
    if !report.warnings.is_empty() {
        page.push(Block::Warnings(report.warnings.clone()));
    }
    if let Some(comparison) = &report.memory_baseline {
        sumbench::export::page::baseline_section(&mut page, comparison);
    }
    page.push(Block::Section(super::summary::seed_heading()));
    page.push(Block::Table(summary_table(report)));
    if let Some(line) = heap_and_rss(report, &[crate::suite::Group::Seed]) {
        page.push(Block::Prose(line));
    }
    page.push(Block::Prose(COMPLEXITY_NOTE.to_owned()));
    strategies_section(&mut page);
    page.push(Block::Section("Charts".to_owned()));
    chart_blocks(&mut page, charts, Workload::Range);
    allocator_section(&mut page, report);
    skipped_section(&mut page, report);
    file_section(&mut page, report, charts);
    extras::python_sections(&mut page, extras);
    extras::timeline_section(&mut page, extras);
    method_section(&mut page, report, extras);
    page
}

/// Why heap and RSS differ at the seed points of `groups`, where they do.
fn heap_and_rss(report: &BenchReport, groups: &[crate::suite::Group]) -> Option<String> {
    sumbench::export::page::heap_and_rss_line(report.points.iter().filter_map(|p| {
        let memory = p.memory.as_ref().filter(|_| groups.contains(&p.group))?;
        let label = match p.group {
            crate::suite::Group::FileSeed => p.strategy.clone(),
            _ => format!("{} ({})", p.strategy, p.mode),
        };
        Some((label, memory.peak_bytes, memory.peak_rss_bytes))
    }))
}

/// The trade-off of `workload`, when it was measured.
fn tradeoff(report: &BenchReport, workload: Workload) -> Option<&Tradeoff> {
    report.tradeoffs.iter().find(|t| t.workload == workload)
}

/// A workload's trade-off chart, then what the short verdict leaves out.
fn tradeoff_blocks(page: &mut Page, tradeoff: &Tradeoff) {
    page.push(Block::Chart {
        src: tradeoff.file.clone(),
        alt: tradeoff.title.clone(),
        caption: Some(
            "each point is one strategy: its time (criterion's estimate, the bar its \
             interval) against its peak memory; the black line joins the Pareto front, and a \
             dimmed point is beaten by one on it: no better on either count, worse on one"
                .to_owned(),
        ),
    });
    if let Some(verdict) = &tradeoff.verdict {
        page.push(Block::Prose(verdict.details()));
    }
}

/// Every registered strategy with its description.
fn strategies_section(page: &mut Page) {
    page.push(Block::Section("Strategies".to_owned()));
    page.push(Block::Prose(
        "as_written is the code as written, which the compiler may fold into a closed form; \
         opaque passes each element through black_box, so every element is really visited. \
         Peak heap is the most bytes live at once during one call, all threads; a realloc \
         changes it by new − old, as DHAT counts it."
            .to_owned(),
    ));
    page.push(Block::Items(
        crate::workloads::REGISTRY
            .iter()
            .map(|strategy| Item {
                label: strategy.name().to_owned(),
                link: None,
                text: format!(": {}", strategy.description()),
            })
            .collect(),
    ));
}

/// The charts of `workload`, each with what it could not draw.
fn chart_blocks(page: &mut Page, charts: &[Chart], workload: Workload) {
    for chart in charts.iter().filter(|c| c.workload == workload) {
        page.push(Block::Chart {
            src: chart.file.clone(),
            alt: chart.title.clone(),
            caption: chart.note.clone(),
        });
    }
}

/// The counting allocator's cost: per strategy from the paired pass, then one allocation's.
fn allocator_section(page: &mut Page, report: &BenchReport) {
    page.push(Block::Section("The counting allocator's cost".to_owned()));
    if report.overhead.is_empty() {
        page.push(Block::Prose(
            "Not measured yet: the paired pass runs at the end of a full cargo bench.".to_owned(),
        ));
    } else {
        page.push(Block::Prose(OVERHEAD_NOTE.to_owned()));
        page.push(Block::Table(overhead_table(report)));
        if let Some(control) = overhead_control(report) {
            page.push(Block::Prose(control));
        }
    }
    if let Some(cost) = allocator_cost_line(report) {
        page.push(Block::Subsection("One allocation and its free".to_owned()));
        page.push(Block::Prose(cost));
        page.push(Block::Table(allocator_cost_table(report)));
    }
}

/// The points that were not measured, and why.
fn skipped_section(page: &mut Page, report: &BenchReport) {
    let skipped: Vec<Item> = report
        .points
        .iter()
        .filter_map(|p| {
            Some(Item {
                label: p.key.clone(),
                link: None,
                text: format!(": {}", p.skipped.as_deref()?),
            })
        })
        .collect();
    if !skipped.is_empty() {
        page.push(Block::Section("Skipped points".to_owned()));
        page.push(Block::Items(skipped));
    }
}

/// The file workload, when it was measured: its verdict, chart, table, goals and charts.
fn file_section(page: &mut Page, report: &BenchReport, charts: &[Chart]) {
    let file_table = file_table(report);
    if file_table.is_empty() {
        return;
    }
    page.push(Block::Section(super::file::heading()));
    let tradeoff = tradeoff(report, Workload::File);
    if let Some(verdict) = tradeoff.and_then(|t| t.verdict.as_ref()) {
        page.push(Block::Verdict(verdict.short()));
    }
    page.push(Block::Prose(super::file::note()));
    if let Some(tradeoff) = tradeoff {
        tradeoff_blocks(page, tradeoff);
    }
    page.push(Block::Table(file_table));
    if let Some(line) = heap_and_rss(report, &[crate::suite::Group::FileSeed]) {
        page.push(Block::Prose(line));
    }
    page.push(Block::Items(
        super::file::goals(report)
            .into_iter()
            .map(Item::plain)
            .collect(),
    ));
    chart_blocks(page, charts, Workload::File);
}

/// Where each figure comes from, where criterion's own pages are, and the exports.
fn method_section(page: &mut Page, report: &BenchReport, extras: &Extras) {
    page.push(Block::Section("Method".to_owned()));
    page.push(Block::Prose(sources(report)));
    page.push(Block::Prose(format!(
        "criterion's own pages (one per benchmark, with its sample plots) are written by cargo \
         bench under {}, outside this folder; open its report/index.html{}. This page does not \
         link to them, so that it has no broken link where they are absent, as on a fresh \
         clone.",
        extras.criterion,
        if extras.criterion_present {
            " (present when this page was written)"
        } else {
            " after running cargo bench (absent when this page was written)"
        }
    )));
    page.push(Block::Items(vec![
        Item::file("bench.json", ": every figure"),
        Item::file("bench.csv", ": every point, one row each"),
        Item::file(
            super::BMF_FILE,
            ": every point for a benchmark tracker (Bencher Metric Format)",
        ),
    ]));
}
