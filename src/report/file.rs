//! The file workload's part of the report: the 10M-line case as a table, the goals
//! checked against the figures, and where mmap's time goes against read's, in words
//! computed from the figures of one `cargo bench` run: the strategies (`file-seed`), the
//! parser alone (`parse`) and the reference timings (`file-reference`: the read copy and
//! the mapping's faults without a parse, the mapping populated or advised, `wc -l`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::estimates::TimeEstimate;
use super::{BenchReport, PointRecord};
use crate::suite::{FILE_CHUNK_SIZE, Group, SEED_N};
use crate::units::{allocations_cell, bytes_human, duration_human, grouped};
use crate::workloads;
use crate::workloads::file::reference;
use crate::workloads::strategy::Workload;
use crate::workloads::{input::generated_bytes, parse};

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
/// saying what was reached, and whether that meets it; then what the figures say about
/// mmap against read ([`mmap_findings`]). Empty until the points are measured.
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
    let references = &report.file_references;
    if let Some(swar) = references.parser_rate("swar") {
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
        lines.push(format!(
            "The parser alone (`parse` group: {} short lines in memory, no file) reads {:.2} \
             GB/s{before} (goal ≥ 2 GB/s: {}).",
            grouped(parse::BENCH_LINES),
            swar / 1e9,
            verdict(swar >= 2e9)
        ));
    }
    if let Some((name, rate)) = best {
        lines.push(format!(
            "The fastest single-thread strategy, {name}, parses {rate:.0} MB/s (goal ≥ 1,000 \
             MB/s: {}).",
            verdict(rate >= 1_000.0)
        ));
        let bytes = seed(report, name).and_then(|p| p.input_bytes);
        if let (Some(wc), Some(bytes)) = (references.probe(reference::WC), bytes) {
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
            lines.push(format!(
                "`wc -l` on the same file in the same run takes {} as a whole process \
                 (start-up, reading the cached file, counting newlines): {wc_rate:.0} MB/s, so \
                 {name} runs at {:.0} % of wc's speed (goal ≥ 30 %: {}){start_up}.",
                duration_human(wc),
                share * 100.0,
                verdict(share >= 0.3)
            ));
        }
    }
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

/// Where mmap's time goes against read's, from the same run: the parse both pay (the parser
/// alone at the `parse` group's rate over the seed file's bytes), the copy only `read`
/// pays, and the page faults only the mapping pays (how many, and how many bytes each
/// maps); then whether populating or advising the mapping moves its time. Empty without
/// the figures.
pub(super) fn mmap_findings(report: &BenchReport) -> Vec<String> {
    let mut lines = Vec::new();
    let references = &report.file_references;
    let time = |name: &str| Some(seed(report, name)?.time.as_ref()?.point_ns);
    let (Some(mmap), Some(chunked), Some(point)) =
        (time("mmap"), time("chunked"), seed(report, "mmap"))
    else {
        return lines;
    };
    let Some(bytes) = point.input_bytes else {
        return lines;
    };
    let faults = point.memory.map(|m| m.minor_faults).filter(|&f| f > 0);
    let order = if mmap < chunked {
        format!("mmap is the faster, {:.2}× chunked's speed", chunked / mmap)
    } else if mmap > chunked {
        format!("chunked is the faster, {:.2}× mmap's speed", mmap / chunked)
    } else {
        "the same time".to_owned()
    };
    let mut sentence = format!(
        "mmap against read: mmap takes {}, chunked (64 KiB reads) {}: {order}.",
        duration_human(mmap),
        duration_human(chunked)
    );
    if let Some(rate) = references.parser_rate("swar") {
        let parse = bytes as f64 * 1e9 / rate;
        sentence += &if parse < mmap.min(chunked) {
            format!(
                " Both pay the parse, about {} at the parser's rate alone.",
                duration_human(parse)
            )
        } else {
            // The parse group ran at another moment of the run than the strategies.
            format!(
                " Both pay the parse; at the `parse` group's rate it would take {}, more than \
                 either strategy, so the machine was slower while that group ran: its figure \
                 is noise here.",
                duration_human(parse)
            )
        };
    }
    if let (Some(copy), Some(touch)) = (
        references.probe(reference::READ_ONLY),
        references.probe(reference::FAULTS_ONLY),
    ) {
        sentence += &format!(
            " Only read pays the copy into its buffer: {} for the file without a parse. Only \
             the mapping pays its page faults: {} to map the file and touch every page",
            duration_human(copy),
            duration_human(touch)
        );
        if let Some(faults) = faults {
            sentence += &format!(
                ", {} minor faults, one per {} (the kernel maps the pages around a fault, \
                 not one page)",
                grouped(faults),
                bytes_human(bytes / faults)
            );
        }
        let gap = copy - touch;
        sentence += &format!(
            ". So mmap should {} by about {} ({:.0} % of chunked's time), a gap that only a \
             quiet machine resolves: on a loaded one, runs differ by more than that, and one \
             run's order is no finding.",
            if gap >= 0.0 { "win" } else { "lose" },
            duration_human(gap.abs()),
            gap.abs() / chunked * 100.0
        );
    }
    lines.push(sentence);
    let variants: Vec<(&str, f64)> = [
        ("MAP_POPULATE", reference::POPULATE),
        ("madvise(SEQUENTIAL)", reference::SEQUENTIAL),
        ("madvise(WILLNEED)", reference::WILL_NEED),
    ]
    .into_iter()
    .filter_map(|(label, name)| Some((label, references.probe(name)?)))
    .collect();
    if !variants.is_empty() {
        // Beside the plain mapping timed in the same group, moments apart; the strategy's
        // own figure, from another group, if that one is missing.
        let (plain, plain_label) = match references.probe(reference::PLAIN) {
            Some(plain) => (plain, "the plain lazy mapping timed beside them"),
            None => (mmap, "the mmap strategy"),
        };
        let listed: Vec<String> = variants
            .iter()
            .map(|(label, ns)| {
                format!(
                    "{label} {} ({:+.0} %)",
                    duration_human(*ns),
                    (ns / plain - 1.0) * 100.0
                )
            })
            .collect();
        let largest = variants
            .iter()
            .map(|(_, ns)| (ns / plain - 1.0).abs())
            .fold(0.0, f64::max);
        let populate_only = references
            .probe(reference::POPULATE_ONLY)
            .zip(references.probe(reference::FAULTS_ONLY))
            .map(|(populate, lazy)| {
                format!(
                    " Populating alone takes {} against {} for the same pages faulted in one \
                     by one: it moves the faults before the parse and spares their traps, so \
                     it can gain at most that difference.",
                    duration_human(populate),
                    duration_human(lazy)
                )
            })
            .unwrap_or_default();
        let verdict = if largest < 0.1 {
            "none moves mmap by 10 % or more, so the plain mapping stays the strategy: \
             SEQUENTIAL and WILLNEED steer reading ahead from storage and dropping pages \
             behind, which a cached file does not need"
        } else {
            "one moves mmap by 10 % or more in this run; run again before taking it as a \
             finding, as the machine's noise can reach that"
        };
        lines.push(format!(
            "The mapping as an expert might prepare it, then the same parse: {} against {} \
             for {plain_label}; {verdict}.{populate_only}",
            listed.join(", "),
            duration_human(plain)
        ));
    }
    lines
}
