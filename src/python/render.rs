//! The side-by-side table of `sumbench python`: for the terminal, Markdown and HTML; and
//! its figures as CSV.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::{ProgramFigures, PythonReport, RustCells, SideBySide};
use sumbench_page::table::Table;
use sumbench_page::units::{bytes_human, duration_human, grouped};

/// The columns, shared by every rendering.
pub const HEADERS: [&str; 9] = [
    "seed strategy",
    "Python time",
    "above baseline",
    "Rust (opaque)",
    "time ratio",
    "Python peak RSS above baseline",
    "Rust peak RSS",
    "RSS ratio",
    "tracemalloc / Rust heap",
];

fn signed_duration(ns: i64) -> String {
    let magnitude = duration_human(ns.unsigned_abs() as f64);
    if ns < 0 {
        format!("-{magnitude}")
    } else {
        format!("+{magnitude}")
    }
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |r| format!("{r:.1}×"))
}

/// One row of cells per seed strategy, in [`HEADERS`] order.
pub fn cells(report: &PythonReport) -> Vec<[String; 9]> {
    report
        .rows
        .iter()
        .map(|row| {
            let check = |ok: bool| if ok { "" } else { " WRONG SUM" };
            [
                row.seed_strategy.clone(),
                format!(
                    "{}{}",
                    duration_human(row.python.median_ns as f64),
                    check(row.python.correct)
                ),
                signed_duration(row.python_above_baseline_ns),
                row.rust.cell(),
                ratio(row.time_ratio),
                sumbench_page::units::signed_bytes_human(row.python_rss_above_baseline_bytes),
                bytes_human(row.rust.peak_rss_bytes),
                ratio(row.rss_ratio),
                format!(
                    "{} / {}",
                    row.python
                        .tracemalloc_peak_bytes
                        .map_or_else(|| "–".to_owned(), bytes_human),
                    bytes_human(row.rust.peak_heap_bytes)
                ),
            ]
        })
        .collect()
}

/// The line naming the run.
fn heading(report: &PythonReport) -> String {
    format!(
        "The seed's programs, sum of 0..{} (chunk size {}), median of {} runs; {}; baseline \
         (interpreter + sum(range(n))): {}, peak RSS {}.\n{}",
        grouped(report.n),
        grouped(report.chunk_size as u64),
        report.runs,
        report.python_version,
        duration_human(report.baseline.median_ns as f64),
        bytes_human(report.baseline.max_rss_bytes),
        report.machine.summary(),
    )
}

/// What the columns mean, under the table.
pub const NOTE: &str = "Python times are whole processes (start-up included); \"above \
    baseline\" subtracts the baseline program's median. Peak RSS is the kernel's \
    high-water mark of the child's own memory (VmHWM) minus the baseline's; Rust's is the kernel's high-water mark \
    during one call. Rust runs with every element through black_box, so that its loops run \
    as Python's do.";

/// The side-by-side table as data, for every rendering: the seed's name labels a row.
pub fn figures(report: &PythonReport) -> Table {
    Table::new(HEADERS, 1).with_rows(cells(report))
}

/// The terminal table.
pub fn table(report: &PythonReport) -> String {
    format!(
        "{}\n{}\n{NOTE}\n",
        heading(report),
        figures(report).terminal()
    )
}

/// The Markdown page `reports/python.md`.
pub fn markdown(report: &PythonReport) -> String {
    let mut out = markdown_page(
        "The seed's experiment beside ours",
        &heading(report),
        &report.run_id,
        &figures(report),
    );
    let _ = writeln!(out, "\n{NOTE}");
    out
}

/// A Markdown page's title, the lines naming the run, its id, then the table: how the pages
/// of both workloads begin.
pub(crate) fn markdown_page(title: &str, heading: &str, run_id: &str, table: &Table) -> String {
    format!(
        "# {title}\n\n{}  \nRun: `{run_id}`\n\n{}",
        heading.replace('\n', "  \n"),
        table.markdown()
    )
}

/// One CSV row's own columns: a program's figures, flat, in base units (ns, bytes), with the
/// run's parameters repeated on every row since CSV has no nesting; its [`RustCells`]
/// follow. The CSV header is these field names, written by serde. The baseline program has
/// a row of its own, with no Rust counterpart and nothing above itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedCsvRow {
    /// The seed's name for the strategy, or `baseline`.
    pub seed_strategy: String,
    /// Numbers summed: `0..n`.
    pub n: u64,
    /// The chunk size of the chunked programs.
    pub chunk_size: usize,
    /// Timed runs behind each median.
    pub runs: u32,
    /// Median wall time of the whole Python process, ns.
    pub python_median_ns: u64,
    /// That minus the baseline program's median, ns (0 for the baseline).
    pub python_above_baseline_ns: i64,
    /// Median peak resident set of the Python process, bytes.
    pub python_max_rss_bytes: u64,
    /// That minus the baseline program's, bytes (0 for the baseline).
    pub python_rss_above_baseline_bytes: i64,
    /// tracemalloc's peak, bytes, when `--tracemalloc` asked for it.
    pub tracemalloc_peak_bytes: Option<u64>,
    /// Whether every Python run printed `n(n−1)/2`.
    pub python_correct: bool,
}

/// The CSV rows of `report`: the baseline, then one per seed strategy.
pub fn csv_rows(report: &PythonReport) -> Vec<(SeedCsvRow, RustCells)> {
    let python_only = |figures: &ProgramFigures| SeedCsvRow {
        seed_strategy: figures.seed_strategy.clone(),
        n: report.n,
        chunk_size: report.chunk_size,
        runs: report.runs,
        python_median_ns: figures.median_ns,
        python_above_baseline_ns: 0,
        python_max_rss_bytes: figures.max_rss_bytes,
        python_rss_above_baseline_bytes: 0,
        tracemalloc_peak_bytes: figures.tracemalloc_peak_bytes,
        python_correct: figures.correct,
    };
    let cells = |rust| RustCells::new(rust, &report.python_version, &report.run_id);
    let ratios = |row: &SideBySide| [row.time_ratio, row.rss_ratio];
    std::iter::once((python_only(&report.baseline), cells(None)))
        .chain(report.rows.iter().map(|row| {
            let own = SeedCsvRow {
                python_above_baseline_ns: row.python_above_baseline_ns,
                python_rss_above_baseline_bytes: row.python_rss_above_baseline_bytes,
                ..python_only(&row.python)
            };
            (own, cells(Some((&row.rust, ratios(row)))))
        }))
        .collect()
}

/// `report` as CSV: a header row from [`SeedCsvRow`]'s and [`RustCells`]' fields, then
/// [`csv_rows`].
pub fn csv(report: &PythonReport) -> anyhow::Result<String> {
    sumbench_page::csv::write(csv_rows(report))
}
