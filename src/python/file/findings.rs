//! What the file workload's figures say, in a few sentences computed from its rows, and
//! how its ratios are written. Separate from the rows because it is prose: each sentence
//! is a reading of the table, not a figure of it.

use super::{FileReport, FileRow};
use sumbench_page::units::bytes_human;

/// How close is near: a Python program whose resident memory above its baseline is within
/// 1 MiB of what Rust's streaming strategy holds resident gets near it. 1 MiB is 256 pages,
/// about what two runs of one program differ by in the kernel's high-water mark.
pub const NEAR_BYTES: u64 = 1 << 20;

/// A ratio for people: two significant digits below 10 (`0.05×`, `1.2×`), none after the
/// point from 10 on (`14×`).
pub fn times(ratio: f64) -> String {
    format!("{}×", significant(ratio))
}

/// `value` with two significant digits below 10, none after the point from 10 on.
fn significant(value: f64) -> String {
    if value >= 10.0 || value <= 0.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        let decimals = (1.0 - value.log10().floor()).clamp(1.0, 6.0) as usize;
        format!("{value:.decimals$}")
    }
}

/// `part` against the file's size, in parentheses, when the file is not empty: a multiple
/// of it (`(10× the file)`), or a percentage below it (`(8.8 % of the file)`).
fn of_file(part: u64, file_bytes: u64) -> String {
    if file_bytes == 0 {
        return String::new();
    }
    let ratio = part as f64 / file_bytes as f64;
    if ratio < 1.0 {
        format!(" ({} % of the file)", significant(ratio * 100.0))
    } else {
        format!(" ({} the file)", times(ratio))
    }
}

/// What the figures say: what reading it all costs in Python against Rust, what pandas
/// holds for the file, and whether streaming in Python gets near Rust's memory. Each
/// sentence is computed from the rows; one whose programs did not run says so.
pub fn findings(report: &FileReport) -> Vec<String> {
    [reading_it_all(report), pandas(report), streaming(report)]
        .into_iter()
        .flatten()
        .collect()
}

/// Whether a row has figures: its program ran.
fn measured(row: &&FileRow) -> bool {
    row.python.is_some()
}

/// Reading it all: what the list of every value holds against Rust's, and the library that
/// holds every value in the least memory.
fn reading_it_all(report: &FileReport) -> Option<String> {
    let file = report.input_bytes;
    let list = report.row("read_split").filter(measured)?;
    let above = list.rss_above().unwrap_or(0);
    let mut sentence = format!(
        "Reading it all: {} holds {} above the bare interpreter{}, against {} for Rust's \
         {}",
        list.approach,
        bytes_human(above),
        of_file(above, file),
        bytes_human(list.rust.peak_rss_bytes),
        list.rust.strategy,
    );
    if let Some(ratio) = list.rss_ratio {
        sentence += &format!(" ({} as much)", times(ratio));
    }
    if let Some(ratio) = list.time_ratio {
        sentence += &format!(", and takes {} its time", times(ratio));
    }
    sentence.push('.');
    let libraries: Vec<&FileRow> = report
        .rows
        .iter()
        .filter(|r| !r.streams && r.library.is_some())
        .filter(measured)
        .collect();
    if let Some(leanest) = libraries.iter().min_by_key(|r| r.rss_above()) {
        let held = leanest.rss_above().unwrap_or(0);
        sentence += &format!(
            " Of the libraries that also hold every value, {} holds the least: {} above \
             its import{}{}.",
            leanest.approach,
            bytes_human(held),
            of_file(held, file),
            against_rust(held, leanest),
        );
    }
    Some(sentence)
}

/// pandas: what reading the whole file holds, what importing pandas alone holds, and what
/// reading in chunks holds; or why pandas was not measured.
fn pandas(report: &FileReport) -> Option<String> {
    let file = report.input_bytes;
    let whole = report.row("pandas_read_csv")?;
    if whole.python.is_none() {
        return Some(format!(
            "pandas was not measured: {}.",
            whole.not_run.as_deref().unwrap_or("it did not run")
        ));
    }
    let held = whole.rss_above().unwrap_or(0);
    let mut sentence = format!(
        "pandas: {} holds {} above `import pandas` for this {} file{}, against {} \
         for Rust's {}",
        whole.approach,
        bytes_human(held),
        bytes_human(file),
        of_file(held, file),
        bytes_human(whole.rust.peak_rss_bytes),
        whole.rust.strategy,
    );
    if let (Some(import), Some(bare)) = (report.baseline(Some("pandas")), report.baseline(None)) {
        sentence += &format!(
            "; importing pandas alone holds {} above the bare interpreter",
            bytes_human(
                import
                    .figures
                    .max_rss_bytes
                    .saturating_sub(bare.figures.max_rss_bytes)
            )
        );
    }
    if let Some(chunks) = report.row("pandas_chunks").filter(measured) {
        sentence += &format!(
            "; {} holds {}",
            chunks.approach,
            bytes_human(chunks.rss_above().unwrap_or(0))
        );
    }
    sentence.push('.');
    Some(sentence)
}

/// Streaming: whether the leanest streaming program gets within [`NEAR_BYTES`] of what
/// Rust's chunked strategy holds, and what the other streaming programs hold.
fn streaming(report: &FileReport) -> Option<String> {
    let file = report.input_bytes;
    let streaming: Vec<&FileRow> = report
        .rows
        .iter()
        .filter(|r| r.streams)
        .filter(measured)
        .collect();
    let chunked = report.rows.iter().find(|r| r.rust.strategy == "chunked");
    let (leanest, chunked) = (streaming.iter().min_by_key(|r| r.rss_above())?, chunked?);
    let held = leanest.rss_above().unwrap_or(0);
    let near = held <= chunked.rust.peak_rss_bytes.saturating_add(NEAR_BYTES);
    let mut sentence = format!(
        "Streaming in Python {} near Rust's memory: the leanest, {}, adds {} of resident \
         memory above its baseline, against {} for Rust's chunked ({} of heap), {} 1 MiB \
         of it",
        if near { "gets" } else { "does not get" },
        leanest.approach,
        bytes_human(held),
        bytes_human(chunked.rust.peak_rss_bytes),
        bytes_human(chunked.rust.peak_heap_bytes),
        if near { "within" } else { "more than" },
    );
    if let Some(ratio) = leanest.time_ratio {
        sentence += &format!(
            ", and it takes {} the time of Rust's {}",
            times(ratio),
            leanest.rust.strategy
        );
    }
    let others: Vec<String> = streaming
        .iter()
        .filter(|r| r.program != leanest.program)
        .map(|r| {
            let held = r.rss_above().unwrap_or(0);
            format!(
                "{} {}{}",
                r.approach,
                bytes_human(held),
                of_file(held, file)
            )
        })
        .collect();
    if !others.is_empty() {
        sentence += &format!("; the other streaming programs add {}", others.join(", "));
    }
    sentence.push('.');
    Some(sentence)
}

/// `held` against what `row`'s Rust strategy holds resident: ", 0.6× what Rust's read_all
/// holds"; nothing when Rust's holds nothing.
fn against_rust(held: u64, row: &FileRow) -> String {
    if row.rust.peak_rss_bytes == 0 {
        return String::new();
    }
    format!(
        ", {} what Rust's {} holds",
        times(held as f64 / row.rust.peak_rss_bytes as f64),
        row.rust.strategy
    )
}
