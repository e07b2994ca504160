//! The file workload's part of the report: the 10M-line case as a table, the goals
//! checked against the figures, and where mmap's time goes against read's, in words
//! computed from the figures of one `cargo bench` run: the strategies (`file-seed`), the
//! parser alone (`parse`) and the reference timings (`file-reference`: the read copy and
//! the mapping's faults without a parse, the mapping populated or advised, `wc -l`).

mod mmap;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::estimates::TimeEstimate;
use super::{BenchReport, PointRecord};
use crate::suite::{FILE_CHUNK_SIZE, Group, SEED_N};
use crate::workloads;
use crate::workloads::file::reference;
use crate::workloads::strategy::Workload;
use crate::workloads::{input::generated_bytes, parse};
use mmap::mmap_findings;
use sumbench_page::units::{allocations_cell, bytes_human, duration_human, grouped};

/// The file workload's timings outside the strategy table, from criterion's estimates of
/// the same run: the parser candidates and the reference timings on the seed file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReferences {
    /// Each candidate of the `parse` group that criterion has timed, by name: ns per pass
    /// over the group's text of [`parse::BENCH_LINES`] lines.
    pub parsers: BTreeMap<String, f64>,
    /// The bytes of that text.
    pub parser_bytes: u64,
    /// Each probe of [`reference::PROBES`] timed on the seed file, by name: ns per call.
    pub probes: BTreeMap<String, f64>,
}

/// The parser and reference timings among `estimates`.
pub(super) fn references(estimates: &BTreeMap<String, TimeEstimate>) -> FileReferences {
    let parsers = estimates
        .iter()
        .filter_map(|(key, estimate)| {
            let name = key.strip_prefix(parse::BENCH_GROUP)?.strip_prefix('/')?;
            (!name.contains('/')).then(|| (name.to_owned(), estimate.point_ns))
        })
        .collect();
    let probes = reference::PROBES
        .iter()
        .filter_map(|probe| {
            let key = format!("{}/{}/{SEED_N}", reference::GROUP, probe.name);
            Some((probe.name.to_owned(), estimates.get(&key)?.point_ns))
        })
        .collect();
    FileReferences {
        parsers,
        parser_bytes: generated_bytes(parse::BENCH_LINES),
        probes,
    }
}

impl FileReferences {
    /// A parser candidate's speed, bytes per second.
    fn parser_rate(&self, name: &str) -> Option<f64> {
        Some(self.parser_bytes as f64 * 1e9 / self.parsers.get(name)?)
    }

    /// A probe's time, ns.
    fn probe(&self, name: &str) -> Option<f64> {
        self.probes.get(name).copied()
    }
}

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

/// The section's heading, from the seed file's size.
pub(super) fn heading() -> String {
    format!(
        "File workload: {} numbers read from a file",
        grouped(SEED_N)
    )
}

/// What the section says before its table, from the seed file's size.
pub(super) fn note() -> String {
    format!(
        "The numbers 0..{}, one per line ({} B), {NOTE_REST}",
        grouped(SEED_N),
        grouped(generated_bytes(SEED_N))
    )
}

/// The rest of [`note`], after the file's size.
const NOTE_REST: &str = "\
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

/// The file seed point's time of `strategy`, ns at criterion's estimate.
fn seed_time(report: &BenchReport, strategy: &str) -> Option<f64> {
    Some(seed(report, strategy)?.time.as_ref()?.point_ns)
}

/// The file seed point's peak heap of `strategy`.
fn seed_heap(report: &BenchReport, strategy: &str) -> Option<u64> {
    Some(seed(report, strategy)?.memory?.peak_bytes)
}

/// A goal's verdict, in words.
pub(super) fn met(met: bool) -> &'static str {
    if met { "met" } else { "not met" }
}

/// The file workload's goals, each checked against the figures: one sentence per goal
/// saying what was reached, and whether that meets it; then what the figures say about
/// mmap against read ([`mmap_findings`]). Empty until the points are measured.
pub(super) fn goals(report: &BenchReport) -> Vec<String> {
    let mut lines: Vec<String> = [
        heap_goal(report),
        chunked_goal(report),
        parallel_goal(report),
    ]
    .into_iter()
    .flatten()
    .collect();
    lines.extend(parser_goal(&report.file_references));
    lines.extend(throughput_goals(report));
    if !lines.is_empty() {
        lines.push(
            "These are warm reads: the file is in the page cache. A cold read (`--cold`) \
             comes from storage, and is bound by the storage's speed, well below the \
             parser's; `cargo bench` does not time it."
                .to_owned(),
        );
    }
    lines.extend(mmap_findings(report));
    lines
}

/// The heap of chunked and mmap at the default read buffer.
fn heap_goal(report: &BenchReport) -> Option<String> {
    let (chunked, mmap) = (seed_heap(report, "chunked")?, seed_heap(report, "mmap")?);
    Some(format!(
        "Heap at a {} read buffer: chunked holds {}, mmap {} (goal ≤ 64 KiB each: {}).",
        bytes_human(FILE_CHUNK_SIZE as u64),
        bytes_human(chunked),
        bytes_human(mmap),
        met(chunked <= 64 * 1024 && mmap <= 64 * 1024)
    ))
}

/// chunked's time against read_all's.
fn chunked_goal(report: &BenchReport) -> Option<String> {
    let (chunked, read_all) = (
        seed_time(report, "chunked")?,
        seed_time(report, "read_all")?,
    );
    let ratio = chunked / read_all;
    Some(format!(
        "chunked takes {} against read_all's {}: {ratio:.2}× (goal ≤ 1.3×: {}).",
        duration_human(chunked),
        duration_human(read_all),
        met(ratio <= 1.3)
    ))
}

/// mmap_parallel's speed-up over mmap.
fn parallel_goal(report: &BenchReport) -> Option<String> {
    let (parallel, mmap) = (
        seed_time(report, "mmap_parallel")?,
        seed_time(report, "mmap")?,
    );
    let speedup = mmap / parallel;
    Some(format!(
        "mmap_parallel runs {speedup:.2}× as fast as mmap on {} cores (goal ≥ 1.7×: {}).",
        report.machine.cores,
        met(speedup >= 1.7)
    ))
}

/// The parser's own speed, beside the byte-by-byte parser it replaced.
fn parser_goal(references: &FileReferences) -> Option<String> {
    let swar = references.parser_rate("swar")?;
    let before = references
        .parser_rate("fused")
        .map(|fused| {
            format!(
                ", {:.1}× the byte-by-byte parser it replaced ({:.2} GB/s)",
                swar / fused,
                fused / 1e9
            )
        })
        .unwrap_or_default();
    Some(format!(
        "The parser alone (`parse` group: {} short lines in memory, no file) reads {:.2} \
         GB/s{before} (goal ≥ 2 GB/s: {}).",
        grouped(parse::BENCH_LINES),
        swar / 1e9,
        met(swar >= 2e9)
    ))
}

/// The fastest single-thread strategy's speed, and that against `wc -l` on the same file.
fn throughput_goals(report: &BenchReport) -> Vec<String> {
    let best = workloads::of(Workload::File)
        .filter(|s| !s.name().contains("parallel"))
        .filter_map(|s| Some((s.name(), megabytes_per_second(seed(report, s.name())?)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let Some((name, rate)) = best else {
        return Vec::new();
    };
    let mut lines = vec![format!(
        "The fastest single-thread strategy, {name}, parses {rate:.0} MB/s (goal ≥ 1,000 \
         MB/s: {}).",
        met(rate >= 1_000.0)
    )];
    let bytes = seed(report, name).and_then(|p| p.input_bytes);
    lines.extend(bytes.and_then(|bytes| wc_goal(&report.file_references, name, rate, bytes)));
    lines
}

/// `name`, at `rate` MB/s over `bytes`, against `wc -l` on the same file, with and without
/// wc's start-up.
fn wc_goal(references: &FileReferences, name: &str, rate: f64, bytes: u64) -> Option<String> {
    let wc = references.probe(reference::WC)?;
    let wc_rate = bytes as f64 * 1e3 / wc;
    let share = rate / wc_rate;
    let start_up = references
        .probe(reference::WC_EMPTY)
        .filter(|&empty| empty < wc)
        .map(|empty| {
            let reading = bytes as f64 * 1e3 / (wc - empty);
            format!(
                "; without its start-up ({} for `wc -l /dev/null`) wc reads {reading:.0} \
                 MB/s and {name} reaches {:.0} % of that",
                duration_human(empty),
                rate / reading * 100.0
            )
        })
        .unwrap_or_default();
    Some(format!(
        "`wc -l` on the same file in the same run takes {} as a whole process \
         (start-up, reading the cached file, counting newlines): {wc_rate:.0} MB/s, so \
         {name} runs at {:.0} % of wc's speed (goal ≥ 30 %: {}){start_up}.",
        duration_human(wc),
        share * 100.0,
        met(share >= 0.3)
    ))
}
