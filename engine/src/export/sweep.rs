//! A sweep's report: one run per size, the growth of each strategy's time and peak heap,
//! and where the faster one changes, as a terminal summary, a Markdown page, an HTML page,
//! CSV rows, JSON, and two log–log charts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sumbench_page::page::{Block, Item, Page};
use sumbench_page::table::Table;
use sumbench_page::units::{bytes_human, duration_human, grouped};

use super::{Format, RunReport};
use crate::analysis::growth::{AtSize, Growth, OrderChange, exponent_text, order_changes};
use crate::measure::StrategyResult;

mod charts;
mod verdict;

use charts::CHARTS;

/// The files a sweep writes into its folder, beside one folder per size.
pub(crate) const SWEEP_FILES: [&str; 5] = [
    "sweep.json",
    "sweep.md",
    "index.html",
    TIME_CHART,
    PEAK_CHART,
];
const TIME_CHART: &str = "time.svg";
const PEAK_CHART: &str = "peak.svg";

/// What a [`crate::Sweep`] measured: a comparison at each size, and what they say together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepReport {
    /// The sweep's title.
    pub title: String,
    /// What the sizes are (`n`, `lines`).
    pub parameter: String,
    /// The sizes, increasing.
    pub sizes: Vec<u64>,
    /// The comparison at each size, in the order of `sizes`; each has every figure of a
    /// single comparison, and its `parameters` name the size.
    pub runs: Vec<RunReport>,
    /// How each strategy's time and peak heap grow with the size, fitted over `runs`.
    pub growth: Vec<Growth>,
    /// Every change of the faster of two strategies between two sizes.
    pub order_changes: Vec<OrderChange>,
}

impl SweepReport {
    /// The report as printed in `format`: the terminal's tables, the whole report as
    /// JSON, its Markdown page or CSV rows, or a tracker's document merged from the
    /// sizes' own.
    pub fn render(&self, format: Format) -> anyhow::Result<String> {
        match format {
            Format::Table => Ok(self.terminal()),
            Format::Json => sumbench_page::json::pretty(self),
            Format::Markdown => Ok(self.markdown()),
            Format::Csv => self.csv(),
            Format::Bmf | Format::BenchmarkAction => {
                let documents = self
                    .runs
                    .iter()
                    .map(|run| super::render(run, format))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                merged(&documents)
            }
        }
    }

    /// The report of `runs`, one per size of `sizes`.
    pub fn new(title: &str, parameter: &str, sizes: Vec<u64>, runs: Vec<RunReport>) -> Self {
        let strategies: Vec<String> = runs
            .first()
            .map(|run| run.results.iter().map(|r| r.strategy.clone()).collect())
            .unwrap_or_default();
        let growth = strategies
            .iter()
            .map(|strategy| {
                let points: Vec<AtSize> = sizes
                    .iter()
                    .zip(&runs)
                    .filter_map(|(&size, run)| Some(at_size(size, result(run, strategy)?)))
                    .collect();
                Growth::fit(strategy, &points)
            })
            .collect();
        let ratios: Vec<_> = runs.iter().map(|run| run.ratios.clone()).collect();
        let order_changes = order_changes(&sizes, &ratios);
        Self {
            title: title.to_owned(),
            parameter: parameter.to_owned(),
            sizes,
            runs,
            growth,
            order_changes,
        }
    }

    /// The strategies, in the order of the first run.
    fn strategies(&self) -> impl Iterator<Item = &str> {
        self.growth.iter().map(|g| g.strategy.as_str())
    }

    /// The growth table: each strategy's fitted exponents, and its time and peak at each
    /// size.
    fn growth_table(&self) -> Table {
        let mut headers = vec![
            "strategy".to_owned(),
            "time grows as".to_owned(),
            "range".to_owned(),
            "peak heap grows as".to_owned(),
        ];
        for &size in &self.sizes {
            headers.push(format!("{} = {}", self.parameter, grouped(size)));
        }
        let mut table = Table::new(headers, 1);
        for growth in &self.growth {
            let mut row = vec![
                growth.strategy.clone(),
                exponent_text(growth.time_exponent),
                growth
                    .time_exponent_range
                    .map_or_else(String::new, |(low, high)| format!("{low:.2}–{high:.2}")),
                exponent_text(growth.peak_exponent),
            ];
            for run in &self.runs {
                row.push(match result(run, &growth.strategy) {
                    Some(r) => format!(
                        "{}, {}",
                        duration_human(r.time.median_ns as f64),
                        bytes_human(r.memory.peak_bytes)
                    ),
                    None => String::new(),
                });
            }
            table.push(row);
        }
        table
    }

    /// The summary printed after the sizes' own tables.
    pub fn terminal(&self) -> String {
        format!(
            "{}: how time and peak heap grow with {}\n{}\n{}\n",
            self.title,
            self.parameter,
            self.growth_table().terminal(),
            self.verdict()
        )
    }

    /// The sweep's page: the verdict first, the charts of time and peak heap against the
    /// size, the growth table, each size's verdict with a link to its own page, and the
    /// method. Each size's item links to `size_page` in that size's folder.
    pub fn page(&self, size_page: &str) -> Page {
        let mut page = Page::new(self.title.clone());
        page.push(Block::Verdict(self.verdict()));
        for (chart, caption) in CHARTS.iter().zip(self.chart_notes()) {
            page.push(Block::Chart {
                src: chart.file.to_owned(),
                alt: format!("{} against {}", chart.what, self.parameter),
                caption,
            });
        }
        page.push(Block::Section("Growth".to_owned()));
        page.push(Block::Table(self.growth_table()));
        page.push(Block::Prose(format!(
            "Each cell: the median time of one call, and its peak heap. {GROWTH_METHOD}"
        )));
        if let (Some(&size), Some(run)) = (self.sizes.last(), self.runs.last())
            && !run.timelines.is_empty()
        {
            page.push(Block::Section(format!(
                "Memory over time at {} = {}",
                self.parameter,
                grouped(size)
            )));
            page.push(Block::Chart {
                src: format!(
                    "{}/{}",
                    point_folder(&self.parameter, size),
                    super::page::TIMELINE_OVERLAY
                ),
                alt: "heap and resident memory over time, every strategy".to_owned(),
                caption: None,
            });
        }
        page.push(Block::Section("At each size".to_owned()));
        page.push(Block::Items(
            self.sizes
                .iter()
                .zip(&self.runs)
                .map(|(&size, run)| Item {
                    label: format!("{} = {}", self.parameter, grouped(size)),
                    link: Some(format!(
                        "{}/{size_page}",
                        point_folder(&self.parameter, size)
                    )),
                    text: format!(": {}", short_verdict(run)),
                })
                .collect(),
        ));
        page.push(Block::Section("Method".to_owned()));
        page.push(Block::Prose(METHOD.to_owned()));
        page
    }

    /// Writes `sweep.json`, `sweep.md`, `index.html` and the charts into `root`, as one
    /// set: all of them or none.
    pub fn save(&self, root: &std::path::Path) -> anyhow::Result<()> {
        let mut set = sumbench_page::fileset::FileSet::new();
        set.add(SWEEP_FILES[0], sumbench_page::json::pretty(self)?);
        set.add(SWEEP_FILES[1], self.markdown());
        set.add(SWEEP_FILES[2], self.html());
        for (file, svg) in self.charts()? {
            set.add(file, svg);
        }
        set.commit(root)?;
        Ok(())
    }

    /// The page in Markdown, linking each size's Markdown page.
    pub fn markdown(&self) -> String {
        self.page("latest.md").markdown()
    }

    /// The page as one HTML file, linking each size's HTML page.
    pub fn html(&self) -> String {
        self.page("latest.html").html()
    }

    /// One CSV row per strategy and size.
    pub fn csv(&self) -> anyhow::Result<String> {
        let rows = self.sizes.iter().zip(&self.runs).flat_map(|(&size, run)| {
            run.results.iter().map(move |r| SweepRow {
                strategy: &r.strategy,
                size,
                median_ns: r.time.median_ns,
                ci_low_ns: r.time.ci_low_ns,
                ci_high_ns: r.time.ci_high_ns,
                peak_bytes: r.memory.peak_bytes,
                allocations: r.memory.allocations,
                bytes_allocated: r.memory.bytes_allocated,
                peak_rss_bytes: r.memory.peak_rss_bytes,
                correct: r.check.correct,
            })
        });
        sumbench_page::csv::write(rows)
    }
}

/// One row of the sweep's CSV.
#[derive(Serialize)]
struct SweepRow<'a> {
    strategy: &'a str,
    size: u64,
    median_ns: u64,
    ci_low_ns: u64,
    ci_high_ns: u64,
    peak_bytes: u64,
    allocations: u64,
    bytes_allocated: u64,
    peak_rss_bytes: u64,
    correct: bool,
}

/// How the exponents are fitted, in one sentence.
const GROWTH_METHOD: &str = "An exponent k says the figure grows as size^k: a least-squares \
     line through the logarithms of the medians; its range runs between the slopes that the \
     intervals of the smallest and the largest size allow.";

/// How every size was measured, in short.
const METHOD: &str = "Each size is a comparison of its own, with the input made for it: \
     interleaved rounds in worker processes of their own, a median with its interval, \
     ratios paired round by round (a difference within the threshold, or not resolved, is a \
     tie), then counted calls for the exact heap figures and the kernel's peak resident \
     memory and faults. A change of order is a size where one strategy is resolved faster, \
     followed by a larger size where the other one is.";

/// The folder of one size's files inside the sweep's: `n-1000`.
pub fn point_folder(parameter: &str, size: u64) -> String {
    sumbench_page::fileset::folder_name(&format!("{parameter} {size}"))
}

/// `strategy`'s result in `run`.
fn result<'r>(run: &'r RunReport, strategy: &str) -> Option<&'r StrategyResult> {
    run.results.iter().find(|r| r.strategy == strategy)
}

/// A result's time and peak for the fit.
fn at_size(size: u64, result: &StrategyResult) -> AtSize {
    AtSize {
        size,
        median_ns: result.time.median_ns as f64,
        interval_ns: (result.time.ci_low_ns as f64, result.time.ci_high_ns as f64),
        peak_bytes: result.memory.peak_bytes,
    }
}

/// One size's verdict in a line.
fn short_verdict(run: &RunReport) -> String {
    run.verdict
        .as_ref()
        .map_or_else(|| "no verdict".to_owned(), |verdict| verdict.short())
}

/// The sizes' reports merged for a tracker: BMF objects into one object, and
/// github-action-benchmark lists into one list. Their names carry the size.
pub(crate) fn merged(documents: &[String]) -> anyhow::Result<String> {
    let mut object = BTreeMap::new();
    let mut list = Vec::new();
    for document in documents {
        match serde_json::from_str::<serde_json::Value>(document)? {
            serde_json::Value::Object(map) => object.extend(map),
            serde_json::Value::Array(items) => list.extend(items),
            _ => anyhow::bail!("a tracker document that is neither an object nor a list"),
        }
    }
    match list.is_empty() {
        true => sumbench_page::json::pretty(&object),
        false => sumbench_page::json::pretty(&list),
    }
}

#[cfg(test)]
mod tests;
