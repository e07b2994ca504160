//! The timeline's raw series as CSV, and its phase table for the terminal and Markdown.

use std::fmt::Write;

use super::{Phase, Recording};
use sumbench_page::table::Table;
use sumbench_page::units::{duration_human, grouped, signed_bytes_human};

/// The raw series: `series,t_ns,bytes`, where `series` is `heap` (every change of live
/// bytes, above the start) or `rss` (sampled resident set, above the start).
pub fn series_csv(recording: &Recording) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["series", "t_ns", "bytes"])?;
    for p in &recording.heap {
        writer.write_record(["heap", &p.t_ns.to_string(), &p.bytes.to_string()])?;
    }
    for p in &recording.rss {
        writer.write_record(["rss", &p.t_ns.to_string(), &p.bytes.to_string()])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// The phase table's columns.
pub const PHASE_HEADERS: [&str; 6] = [
    "phase",
    "heap at end",
    "increment",
    "peak inside",
    "allocs",
    "time",
];

/// One phase as table cells, in [`PHASE_HEADERS`] order.
pub fn phase_cells(phase: &Phase) -> [String; 6] {
    [
        phase.name.clone(),
        format!("{} B", grouped_signed(phase.end_bytes)),
        signed_bytes_human(phase.increment_bytes),
        format!("{} B", grouped_signed(phase.peak_bytes)),
        grouped(phase.allocations),
        duration_human(phase.duration_ns as f64),
    ]
}

fn grouped_signed(value: i64) -> String {
    let digits = grouped(value.unsigned_abs());
    if value < 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// The phase table as data, for every rendering: the phase names a row, the rest are
/// figures.
pub fn phases_table(phases: &[Phase]) -> Table {
    Table::new(PHASE_HEADERS, 1).with_rows(phases.iter().map(phase_cells))
}

/// The phase table for the terminal, memory_profiler's columns plus the peak.
pub fn phase_table(name: &str, recording: &Recording) -> String {
    let table = phases_table(&recording.phases).terminal();
    let mut out = format!(
        "{name}: peak heap {} B, peak RSS {} B{}, allocations {}, {}",
        grouped(recording.usage.peak_bytes),
        grouped(recording.peak_rss.bytes),
        recording.peak_rss.source.suffix(),
        grouped(recording.usage.allocations),
        duration_human(recording.duration_ns as f64)
    );
    if recording.dropped_events > 0 {
        let _ = write!(
            out,
            " ({} heap events dropped: the buffer was full; the peaks are exact)",
            grouped(recording.dropped_events)
        );
    }
    let _ = write!(out, "\n{table}\n");
    out
}

/// Every strategy's phase table as Markdown.
pub fn phases_markdown(recordings: &[(String, Recording)]) -> String {
    let mut out = String::from(
        "# Phases\n\nPer strategy, in the spirit of memory_profiler's line table: heap at the \
         end of each phase (above the start of the call), its increment, and the **peak \
         inside the phase**, which a table of end-of-line figures cannot show.\n",
    );
    for (name, recording) in recordings {
        let _ = write!(
            out,
            "\n## {name}\n\nPeak heap {} B; peak RSS {} B{} over the whole call.\n\n{}",
            grouped(recording.usage.peak_bytes),
            grouped(recording.peak_rss.bytes),
            recording.peak_rss.source.suffix(),
            phases_table(&recording.phases).markdown()
        );
        if recording.dropped_events > 0 {
            let _ = writeln!(
                out,
                "\n{} heap events were dropped (buffer full); peaks are exact.",
                grouped(recording.dropped_events)
            );
        }
    }
    out
}
