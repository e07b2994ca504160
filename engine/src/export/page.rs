//! A run's page (`latest.md` and `index.html`): the verdict first, then the run's header
//! lines, the trade-off chart, the table, why heap and resident memory differ where they
//! do, the paired ratios, what counting costs, the baseline's changes beyond its tolerance,
//! the warnings, and the method last.

use super::RunReport;
use super::table;
use crate::analysis::baseline::BaselineComparison;
use crate::stats::TimeOrder;
use sumbench_page::page::{Block, Page};
use sumbench_page::table::Table;
use sumbench_page::units::bytes_human;

/// The page of `report`, whose trade-off chart is the file `chart` beside it.
pub fn page(report: &RunReport, chart: &str) -> Page {
    // A comparison of one's own is named by its title; a built-in run by its workload.
    let heading = match &report.title {
        Some(title) => format!("{title} (sumbench)"),
        None => match report.input.workload {
            Some(workload) => format!("sumbench ({workload} workload)"),
            None => "sumbench".to_owned(),
        },
    };
    let mut page = Page::new(heading);
    if let Some(verdict) = &report.verdict {
        page.push(Block::Verdict(verdict.short()));
    }
    page.push(Block::Lines(vec![
        format!("{}.", report.headline()),
        format!("Machine: {}", report.machine.summary()),
        format!("Run: {}", report.run_id),
    ]));
    page.push(Block::Chart {
        src: chart.to_owned(),
        alt: format!("Trade-off: {}", report.headline()),
        caption: None,
    });
    page.push(Block::Table(table::results(report)));
    if let Some(verdict) = &report.verdict {
        page.push(Block::Prose(verdict.details()));
    }
    if let Some(line) = heap_and_rss(report) {
        page.push(Block::Prose(line));
    }
    ratios_section(&mut page, report);
    counting_section(&mut page, report);
    if let Some(comparison) = &report.baseline {
        baseline_section(&mut page, comparison);
    }
    timeline_section(&mut page, report);
    let warnings: Vec<String> = report.warnings().collect();
    if !warnings.is_empty() {
        page.push(Block::Section("Warnings".to_owned()));
        page.push(Block::Warnings(warnings));
    }
    page.push(Block::Section("Method".to_owned()));
    for line in report.method_lines() {
        page.push(Block::Prose(line));
    }
    page
}

/// One line on why peak heap and peak RSS differ, naming the strategies where they differ
/// by more than a quarter and 64 KiB; `None` where none does.
fn heap_and_rss(report: &RunReport) -> Option<String> {
    heap_and_rss_line(report.results.iter().map(|r| {
        (
            r.strategy.clone(),
            r.memory.peak_bytes,
            r.memory.peak_rss_bytes,
        )
    }))
}

/// One sentence on why peak heap and peak RSS differ, for each `(strategy, heap, rss)`
/// where they differ by more than 64 KiB and a quarter, grouped by the reason; `None`
/// where none does.
pub fn heap_and_rss_line(rows: impl IntoIterator<Item = (String, u64, u64)>) -> Option<String> {
    let (mut less, mut more) = (Vec::new(), Vec::new());
    for (strategy, heap, rss) in rows {
        if heap.abs_diff(rss) < 64 * 1024 || heap.abs_diff(rss) * 4 < heap.max(rss) {
            continue;
        }
        let figures = format!(
            "{strategy}: {} of heap, {} resident",
            bytes_human(heap),
            bytes_human(rss)
        );
        match rss < heap {
            true => less.push(figures),
            false => more.push(figures),
        }
    }
    let mut reasons = Vec::new();
    if !less.is_empty() {
        reasons.push(format!(
            "less became resident than was allocated ({}), as pages the allocator kept from \
             earlier calls, or memory never written, take no new page",
            less.join("; ")
        ));
    }
    if !more.is_empty() {
        reasons.push(format!(
            "more became resident than the heap holds ({}), as pages outside the heap (a \
             mapped file, the stack, the allocator's own) count too",
            more.join("; ")
        ));
    }
    (!reasons.is_empty()).then(|| format!("Heap and RSS differ: {}.", reasons.join(", and ")))
}

/// Memory over time, where it was recorded: all strategies on one chart, then each alone.
fn timeline_section(page: &mut Page, report: &RunReport) {
    if report.timelines.is_empty() {
        return;
    }
    page.push(Block::Section("Memory over time".to_owned()));
    page.push(Block::Prose(
        "One call of each strategy, recorded after the measured rounds and a warm-up call: \
         every change of live heap, exactly, and the resident set sampled beside it. A fresh \
         input made for the call is made before the recording starts."
            .to_owned(),
    ));
    page.push(Block::Chart {
        src: TIMELINE_OVERLAY.to_owned(),
        alt: "heap and resident memory over time, every strategy".to_owned(),
        caption: None,
    });
    for (index, strategy) in report.timelines.iter().enumerate() {
        page.push(Block::Chart {
            src: timeline_file(index, strategy),
            alt: format!("heap and resident memory over time, {strategy}"),
            caption: None,
        });
    }
}

/// The overlay of every timeline, beside the page.
pub const TIMELINE_OVERLAY: &str = "timeline/overlay.svg";

/// The file of the `index`-th strategy's timeline, beside the page: its place keeps two
/// names that read alike as one file name apart.
pub fn timeline_file(index: usize, strategy: &str) -> String {
    format!(
        "timeline/{}-{}.svg",
        index + 1,
        sumbench_page::fileset::folder_name(strategy)
    )
}

/// The paired ratios of the run's strategies, with what counts as a difference.
fn ratios_section(page: &mut Page, report: &RunReport) {
    if report.ratios.is_empty() {
        return;
    }
    page.push(Block::Section("Paired ratios".to_owned()));
    page.push(Block::Prose(format!(
        "Each strategy's time over another's in the same round: the median of the \
         per-round ratios and its interval. Below 1 the first is faster; a difference \
         counts when the whole interval lies beyond {}.",
        sumbench_page::units::percent_text(report.ratios[0].threshold_percent())
    )));
    let ratios = report.ratios.iter().map(|ratio| {
        [
            format!("{} / {}", ratio.numerator, ratio.denominator),
            format!("{:.3}", ratio.median),
            ratio.interval_text(),
            match ratio.order() {
                TimeOrder::Faster => "faster",
                TimeOrder::Slower => "slower",
                TimeOrder::Tied => "tied",
            }
            .to_owned(),
        ]
    });
    let headers = ["ratio", "median", "interval", "order"];
    page.push(Block::Table(
        Table::new(headers, 1).left(3).with_rows(ratios),
    ));
}

/// What counting allocations costs each strategy's time, when the paired pass ran.
fn counting_section(page: &mut Page, report: &RunReport) {
    if !report.results.iter().any(|r| r.time.runs > 0) {
        return;
    }
    page.push(Block::Section("What counting allocations costs".to_owned()));
    page.push(Block::Prose(
        "Each strategy's counted call over its uncounted call beside it (the two take turns \
         at going first), minus one: what the heap figures' counting would add to its time. \
         The times above are of uncounted calls, which pay one relaxed load per allocation \
         over the system allocator; the last column bounds what that adds to each reported \
         time (allocations × the overhead measured in this run)."
            .to_owned(),
    ));
    let headers = [
        "strategy",
        "counting cost",
        "interval",
        "counting off, at most",
    ];
    let costs = report.results.iter().map(|r| {
        [
            r.strategy.clone(),
            format!("{:+.1} %", r.counting.counting_cost_percent),
            format!(
                "{:+.1} % – {:+.1} %",
                r.counting.counting_cost_low_percent, r.counting.counting_cost_high_percent
            ),
            format!("{:.3} %", r.counting.counting_off_effect_percent),
        ]
    });
    page.push(Block::Table(Table::new(headers, 1).with_rows(costs)));
}

/// The changes against the baseline beyond its tolerance, and how many were within it.
pub fn baseline_section(page: &mut Page, comparison: &BaselineComparison) {
    page.push(Block::Section(format!(
        "Against baseline {}",
        comparison.baseline
    )));
    let (beyond, within) = comparison.beyond_tolerance();
    page.push(Block::Prose(format!(
        "{} of {} strategies changed beyond the tolerance ({}); {within} changed within it or \
         not at all.",
        beyond.len(),
        beyond.len() + within,
        comparison.tolerance_text()
    )));
    if !beyond.is_empty() {
        page.push(Block::Table(table::comparison(beyond)));
    }
    for note in comparison.notes() {
        page.push(Block::Prose(note));
    }
}

#[cfg(test)]
mod tests;
