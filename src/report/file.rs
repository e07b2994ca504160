//! The file workload's part of the report: the 10M-line case as a table, the goals
//! checked against the figures, in words computed from them.

use super::{BenchReport, PointRecord};
use crate::strategy::Workload;
use crate::suite::{FILE_CHUNK_SIZE, Group};
use crate::units::{allocations_cell, bytes_human, duration_human, grouped};
use crate::workloads;

/// The columns of [`rows`].
pub(super) const HEADERS: [&str; 9] = [
    "strategy",
    "time",
    "MB/s",
    "ns/line",
    "peak heap",
    "allocs",
    "peak RSS",
    "minor faults",
    "major faults",
];

/// What the section says before its table.
pub(super) const NOTE: &str = "The numbers 0..10,000,000, one per line (78,888,890 B), \
    read by each file strategy with the file in the page cache (warm: the warm-up read it). \
    MB/s is input bytes (10^6) per second at criterion's mean time. Peak heap is the most \
    bytes live at once, all threads; peak RSS is the most memory resident at once above the \
    call's start, whole process, so a mapping shows there and not in the heap. \
    `cargo run --release -- --workload file --cold` shows what a first read from storage \
    costs.";

/// The file seed point of `strategy`.
fn seed<'a>(report: &'a BenchReport, strategy: &str) -> Option<&'a PointRecord> {
    report
        .points
        .iter()
        .find(|p| p.group == Group::FileSeed && p.strategy == strategy)
}

/// Input megabytes per second of a point, at criterion's estimate.
fn megabytes_per_second(point: &PointRecord) -> Option<f64> {
    point.megabytes_per_second_at(point.time.as_ref()?.point_ns)
}

/// One row per file strategy on the 10M-line file, in registry order.
pub(super) fn rows(report: &BenchReport) -> Vec<[String; HEADERS.len()]> {
    const MISSING: &str = "–";
    let text = |value: Option<String>| value.unwrap_or_else(|| MISSING.to_owned());
    workloads::of(Workload::File)
        .filter_map(|strategy| seed(report, strategy.name()))
        .map(|point| {
            let time = point.time.as_ref();
            let memory = point.memory.as_ref();
            [
                point.strategy.clone(),
                text(time.map(|t| duration_human(t.point_ns))),
                text(megabytes_per_second(point).map(|m| format!("{m:.0}"))),
                text(time.map(|t| format!("{:.2}", t.point_ns / point.n as f64))),
                text(memory.map(|m| bytes_human(m.peak_bytes))),
                text(memory.map(|m| allocations_cell(m.allocations, m.reallocations))),
                text(memory.map(|m| {
                    format!(
                        "{}{}",
                        bytes_human(m.peak_rss_bytes),
                        m.peak_rss_source.suffix()
                    )
                })),
                text(memory.map(|m| grouped(m.minor_faults))),
                text(memory.map(|m| grouped(m.major_faults))),
            ]
        })
        .collect()
}

/// The file workload's goals, each checked against the figures: one sentence per goal
/// saying what was reached, and whether that meets it. Empty until the points are measured.
pub(super) fn goals(report: &BenchReport) -> Vec<String> {
    let mut lines = Vec::new();
    let heap = |name: &str| Some(seed(report, name)?.memory?.peak_bytes);
    let time = |name: &str| Some(seed(report, name)?.time.as_ref()?.point_ns);
    let verdict = |met: bool| if met { "met" } else { "not met" };
    let buffer = FILE_CHUNK_SIZE as u64;
    if let (Some(chunked), Some(mmap)) = (heap("chunked"), heap("mmap")) {
        lines.push(format!(
            "Heap at a {} read buffer: chunked holds {}, mmap {} (goal ≤ 64 KiB each: {}).",
            bytes_human(buffer),
            bytes_human(chunked),
            bytes_human(mmap),
            verdict(chunked <= 64 * 1024 && mmap <= 64 * 1024)
        ));
    }
    if let (Some(chunked), Some(read_all)) = (time("chunked"), time("read_all")) {
        let ratio = chunked / read_all;
        lines.push(format!(
            "chunked takes {} against read_all's {}: {ratio:.2}× (goal ≤ 1.3×: {}).",
            duration_human(chunked),
            duration_human(read_all),
            verdict(ratio <= 1.3)
        ));
    }
    if let (Some(parallel), Some(mmap)) = (time("mmap_parallel"), time("mmap")) {
        let speedup = mmap / parallel;
        lines.push(format!(
            "mmap_parallel runs {speedup:.2}× as fast as mmap on {} cores (goal ≥ 1.7×: {}).",
            report.machine.cores,
            verdict(speedup >= 1.7)
        ));
    }
    let best = workloads::of(Workload::File)
        .filter(|s| !s.name().contains("parallel"))
        .filter_map(|s| Some((s.name(), megabytes_per_second(seed(report, s.name())?)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((name, rate)) = best {
        lines.push(format!(
            "The fastest single-thread strategy, {name}, parses {rate:.0} MB/s (goal ≥ 500 \
             MB/s: {}).",
            verdict(rate >= 500.0)
        ));
    }
    lines
}
