//! The table of `sumbench python --workload file`: for the terminal, Markdown and HTML; its
//! figures as CSV.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::{FileReport, FileRow, baseline_name};
use crate::python::RustCells;
use crate::python::render::markdown_page;
use sumbench_page::table::Table;
use sumbench_page::units::{bytes_human, duration_human, grouped, signed_bytes_human};

/// The columns, shared by every rendering.
pub const HEADERS: [&str; 10] = [
    "program",
    "library",
    "Python time",
    "whole process",
    "Rust",
    "time ratio",
    "Python peak RSS above baseline",
    "Rust peak RSS",
    "RSS ratio",
    "tracemalloc / Rust heap",
];

const NONE: &str = "–";

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| NONE.to_owned(), super::times)
}

/// The library cell: `stdlib`, or the library with its version.
fn library_cell(report: &FileReport, row: &FileRow) -> String {
    match &row.library {
        None => "stdlib".to_owned(),
        Some(library) => {
            let version = report
                .libraries
                .iter()
                .find(|l| &l.library == library)
                .and_then(|l| l.version.as_deref());
            match version {
                Some(version) => format!("{library} {version}"),
                None => library.clone(),
            }
        }
    }
}

/// One row of cells per program, in [`HEADERS`] order. A program that did not run says
/// why in its time cell; its Rust strategy's figures are still shown.
pub fn cells(report: &FileReport) -> Vec<[String; 10]> {
    let check = |ok: bool| if ok { "" } else { " WRONG SUM" };
    report
        .rows
        .iter()
        .map(|row| {
            let python = row.python.as_ref();
            [
                row.approach.clone(),
                library_cell(report, row),
                match (python, &row.not_run) {
                    (Some(p), _) => format!(
                        "{}{}",
                        p.work_median_ns
                            .map_or_else(|| NONE.to_owned(), |ns| duration_human(ns as f64)),
                        check(p.correct)
                    ),
                    (None, Some(why)) => format!("not run: {why}"),
                    (None, None) => NONE.to_owned(),
                },
                python.map_or_else(|| NONE.to_owned(), |p| duration_human(p.median_ns as f64)),
                row.rust.cell(),
                ratio(row.time_ratio),
                row.python_rss_above_baseline_bytes
                    .map_or_else(|| NONE.to_owned(), signed_bytes_human),
                bytes_human(row.rust.peak_rss_bytes),
                ratio(row.rss_ratio),
                format!(
                    "{} / {}",
                    python
                        .and_then(|p| p.tracemalloc_peak_bytes)
                        .map_or_else(|| NONE.to_owned(), bytes_human),
                    bytes_human(row.rust.peak_heap_bytes)
                ),
            ]
        })
        .collect()
}

/// The input, the interpreter and the libraries, in one line.
pub fn setting(report: &FileReport) -> String {
    let libraries: Vec<String> = report
        .libraries
        .iter()
        .map(|l| match &l.version {
            Some(version) => format!("{} {version}", l.library),
            None => format!("{} not importable", l.library),
        })
        .collect();
    format!(
        "{} ({}, {} numbers{}), every sum checked against the reference reader's; median of {} \
         runs; {}; {}",
        report.input,
        bytes_human(report.input_bytes),
        grouped(report.values),
        if report.generated { ", generated" } else { "" },
        report.runs,
        report.python_version,
        libraries.join(", ")
    )
}

/// The baselines' figures, in one line.
pub fn baselines(report: &FileReport) -> String {
    let each: Vec<String> = report
        .baselines
        .iter()
        .map(|b| {
            format!(
                "{} {} in all, peak RSS {}",
                b.library.as_deref().unwrap_or("bare interpreter"),
                duration_human(b.figures.median_ns as f64),
                bytes_human(b.figures.max_rss_bytes)
            )
        })
        .collect();
    format!(
        "Baselines (the interpreter importing the library, reading nothing): {}.",
        each.join("; ")
    )
}

/// The lines above the table.
fn heading(report: &FileReport) -> String {
    format!(
        "Python reading the file beside Rust: {}.\n{}\n{}",
        setting(report),
        baselines(report),
        report.machine.summary()
    )
}

/// What the columns mean, under the table.
pub const NOTE: &str = "Python time is the reading and summing alone, as the program times it \
    around the call (its data's release included), and the time ratio is that over Rust's time \
    for one call; the whole process adds start-up and imports, which vary between runs by more \
    than a library takes to read the file. Both read the file from the page cache: a warm-up \
    run comes first. Peak RSS is the kernel's high-water mark of the child's own memory \
    (VmHWM) minus that of the baseline importing the same library and reading nothing; Rust's \
    is the high-water mark during one call, above the process's start, and a ratio is – where \
    it is 0 B. tracemalloc counts what goes through Python's allocator and numpy's; polars \
    allocates in Rust, out of its sight.";

/// The table as data, for every rendering: the program labels a row.
pub fn figures(report: &FileReport) -> Table {
    Table::new(HEADERS, 1).with_rows(cells(report))
}

/// The terminal table, with the findings under it.
pub fn table(report: &FileReport) -> String {
    let table = figures(report).terminal();
    let mut out = format!("{}\n{table}\n{NOTE}\n", heading(report));
    for finding in &report.findings {
        let _ = writeln!(out, "\n{finding}");
    }
    out
}

/// The Markdown page `reports/python-file.md`.
pub fn markdown(report: &FileReport) -> String {
    let mut out = markdown_page(
        "Python reading the file, beside Rust",
        &heading(report),
        &report.run_id,
        &figures(report),
    );
    let _ = writeln!(out, "\n{NOTE}\n");
    for finding in &report.findings {
        let _ = writeln!(out, "- {finding}");
    }
    out
}

/// One CSV row's own columns: a program's figures, or a baseline's, flat, in base units
/// (ns, bytes), with the run's parameters repeated on every row since CSV has no nesting;
/// its [`RustCells`] follow. The CSV header is these field names, written by serde.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileCsvRow {
    /// The program's short name, or `baseline` / `baseline+LIBRARY`.
    pub program: String,
    /// The library it imports; empty for the standard library.
    pub library: Option<String>,
    /// That library's version, when it imports.
    pub library_version: Option<String>,
    /// The file, as given.
    pub input: String,
    /// Its size, bytes.
    pub input_bytes: u64,
    /// Its values.
    pub values: u64,
    /// Bytes per read of the programs that read blocks.
    pub chunk_size: usize,
    /// Timed runs behind each median.
    pub runs: u32,
    /// Why the program did not run; empty when it did.
    pub not_run: Option<String>,
    /// Median wall time of the whole Python process, ns.
    pub python_median_ns: Option<u64>,
    /// Median time of the reading and summing alone, as the program timed it, ns.
    pub python_work_median_ns: Option<u64>,
    /// Median peak resident set of the Python process, bytes.
    pub python_max_rss_bytes: Option<u64>,
    /// That minus its baseline's, bytes (empty for a baseline).
    pub python_rss_above_baseline_bytes: Option<i64>,
    /// tracemalloc's peak, bytes, when `--tracemalloc` asked for it.
    pub tracemalloc_peak_bytes: Option<u64>,
    /// Whether every run printed the expected sum (0 for a baseline).
    pub python_correct: Option<bool>,
}

/// The CSV rows of `report`: the baselines, then one per program.
pub fn csv_rows(report: &FileReport) -> Vec<(FileCsvRow, RustCells)> {
    let version = |library: Option<&str>| {
        report
            .libraries
            .iter()
            .find(|l| Some(l.library.as_str()) == library)
            .and_then(|l| l.version.clone())
    };
    let empty = |program: String, library: Option<&str>| FileCsvRow {
        program,
        library: library.map(str::to_owned),
        library_version: version(library),
        input: report.input.clone(),
        input_bytes: report.input_bytes,
        values: report.values,
        chunk_size: report.chunk_size,
        runs: report.runs,
        not_run: None,
        python_median_ns: None,
        python_work_median_ns: None,
        python_max_rss_bytes: None,
        python_rss_above_baseline_bytes: None,
        tracemalloc_peak_bytes: None,
        python_correct: None,
    };
    let cells = |rust| RustCells::new(rust, &report.python_version, &report.run_id);
    let baselines = report.baselines.iter().map(|b| {
        let library = b.library.as_deref();
        let own = FileCsvRow {
            python_median_ns: Some(b.figures.median_ns),
            python_work_median_ns: b.figures.work_median_ns,
            python_max_rss_bytes: Some(b.figures.max_rss_bytes),
            tracemalloc_peak_bytes: b.figures.tracemalloc_peak_bytes,
            python_correct: Some(b.figures.correct),
            ..empty(baseline_name(library), library)
        };
        (own, cells(None))
    });
    let programs = report.rows.iter().map(|row| {
        let python = row.python.as_ref();
        let own = FileCsvRow {
            not_run: row.not_run.clone(),
            python_median_ns: python.map(|p| p.median_ns),
            python_work_median_ns: python.and_then(|p| p.work_median_ns),
            python_max_rss_bytes: python.map(|p| p.max_rss_bytes),
            python_rss_above_baseline_bytes: row.python_rss_above_baseline_bytes,
            tracemalloc_peak_bytes: python.and_then(|p| p.tracemalloc_peak_bytes),
            python_correct: python.map(|p| p.correct),
            ..empty(row.program.clone(), row.library.as_deref())
        };
        let ratios = [row.time_ratio, row.rss_ratio];
        (own, cells(Some((&row.rust, ratios))))
    });
    baselines.chain(programs).collect()
}

/// `report` as CSV: a header row from [`FileCsvRow`]'s and [`RustCells`]' fields, then
/// [`csv_rows`].
pub fn csv(report: &FileReport) -> anyhow::Result<String> {
    sumbench_page::csv::write(csv_rows(report))
}
