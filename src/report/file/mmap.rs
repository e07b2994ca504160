//! mmap against read, in words computed from one run's figures: the parse both pay, the
//! copy only read pays, the page faults only the mapping pays, and whether populating or
//! advising the mapping moves its time. Apart from the goals because it is an explanation
//! of one comparison, built from the reference timings, not a check against a target.

use super::{FileReferences, seed, seed_time};
use crate::report::BenchReport;
use crate::suite::Group;
use crate::workloads::file::reference;
use sumbench::stats::TimeOrder;
use sumbench_page::units::{bytes_human, duration_human, grouped};

/// Where mmap's time goes against read's, from the same run: the parse both pay (the parser
/// alone at the `parse` group's rate over the seed file's bytes), the copy only `read`
/// pays, and the page faults only the mapping pays (how many, and how many bytes each
/// maps); then whether populating or advising the mapping moves its time. Empty without
/// the figures.
pub(super) fn mmap_findings(report: &BenchReport) -> Vec<String> {
    let (Some(mmap), Some(chunked), Some(point)) = (
        seed_time(report, "mmap"),
        seed_time(report, "chunked"),
        seed(report, "mmap"),
    ) else {
        return Vec::new();
    };
    let Some(bytes) = point.input_bytes else {
        return Vec::new();
    };
    let references = &report.file_references;
    let faults = point.memory.map(|m| m.minor_faults).filter(|&f| f > 0);
    let mut sentence = mmap_against_chunked(report, mmap, chunked);
    sentence += &parse_share(references, bytes, mmap.min(chunked));
    sentence += &copy_against_faults(references, bytes, faults, chunked);
    let mut lines = vec![sentence];
    lines.extend(prepared_mappings(references, mmap));
    lines
}

/// Which of mmap and chunked is the faster: criterion's means, and the order the paired
/// pass resolves from the two timed in the same rounds (its ratio's interval, or tied).
/// Without a paired pass, no order is given: two means alone cannot decide one.
fn mmap_against_chunked(report: &BenchReport, mmap: f64, chunked: f64) -> String {
    let times = format!(
        "mmap against read: mmap takes {}, chunked (64 KiB reads) {} (criterion's means)",
        duration_human(mmap),
        duration_human(chunked)
    );
    let ratio = report
        .paired
        .iter()
        .flat_map(|pass| &pass.groups)
        .filter(|group| group.group == Group::FileSeed)
        .flat_map(|group| &group.ratios)
        .find(|r| r.numerator == "chunked" && r.denominator == "mmap");
    match ratio {
        Some(ratio) => format!(
            "{times}; timed in the same rounds of the paired pass, chunked over mmap is {:.3} \
             ({}): {}.",
            ratio.median,
            ratio.interval_text(),
            match ratio.order() {
                TimeOrder::Faster => "chunked is the faster",
                TimeOrder::Slower => "mmap is the faster",
                TimeOrder::Tied => "tied, neither resolvably faster",
            }
        ),
        None => format!("{times}; no paired pass has run, so no order is given."),
    }
}

/// The parse both pay, at the parser's own rate over `bytes`, unless faster than `fastest`
/// (then said to be noise); empty without the parser's figure.
fn parse_share(references: &FileReferences, bytes: u64, fastest: f64) -> String {
    let Some(rate) = references.parser_rate("swar") else {
        return String::new();
    };
    let parse = bytes as f64 * 1e9 / rate;
    if parse < fastest {
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
    }
}

/// The copy only read pays against the faults only the mapping pays, and the gap they
/// predict against chunked's time; empty without the reference timings.
fn copy_against_faults(
    references: &FileReferences,
    bytes: u64,
    faults: Option<u64>,
    chunked: f64,
) -> String {
    let (Some(copy), Some(touch)) = (
        references.probe(reference::READ_ONLY),
        references.probe(reference::FAULTS_ONLY),
    ) else {
        return String::new();
    };
    let mut text = format!(
        " Only read pays the copy into its buffer: {} for the file without a parse. Only \
         the mapping pays its page faults: {} to map the file and touch every page",
        duration_human(copy),
        duration_human(touch)
    );
    if let Some(faults) = faults {
        text += &format!(
            ", {} minor faults, one per {} (the kernel maps the pages around a fault, \
             not one page)",
            grouped(faults),
            bytes_human(bytes / faults)
        );
    }
    let gap = copy - touch;
    text += &format!(
        ". So mmap should {} by about {} ({:.0} % of chunked's time), a gap that only a \
         quiet machine resolves: on a loaded one, runs differ by more than that, and one \
         run's order is no finding.",
        if gap >= 0.0 { "win" } else { "lose" },
        duration_human(gap.abs()),
        gap.abs() / chunked * 100.0
    );
    text
}

/// The mapping populated or advised, then the same parse, against the plain mapping (or,
/// without it, the mmap strategy's `mmap` ns); `None` without their figures.
fn prepared_mappings(references: &FileReferences, mmap: f64) -> Option<String> {
    let variants: Vec<(&str, f64)> = [
        ("MAP_POPULATE", reference::POPULATE),
        ("madvise(SEQUENTIAL)", reference::SEQUENTIAL),
        ("madvise(WILLNEED)", reference::WILL_NEED),
    ]
    .into_iter()
    .filter_map(|(label, name)| Some((label, references.probe(name)?)))
    .collect();
    if variants.is_empty() {
        return None;
    }
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
    let verdict = if largest < 0.1 {
        "none moves mmap by 10 % or more, so the plain mapping stays the strategy: \
         SEQUENTIAL and WILLNEED steer reading ahead from storage and dropping pages \
         behind, which a cached file does not need"
    } else {
        "one moves mmap by 10 % or more in this run; run again before taking it as a \
         finding, as the machine's noise can reach that"
    };
    Some(format!(
        "The mapping as an expert might prepare it, then the same parse: {} against {} \
         for {plain_label}; {verdict}.{}",
        listed.join(", "),
        duration_human(plain),
        populate_alone(references)
    ))
}

/// Populating alone against the same pages faulted in one by one; empty without them.
fn populate_alone(references: &FileReferences) -> String {
    references
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
        .unwrap_or_default()
}
