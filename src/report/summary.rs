//! The summary table of the seed's case, and the lines about where each figure comes from:
//! formatted once for people, and shown by both the Markdown and the HTML page. Separate
//! from either page so that neither reaches into the other.

use std::fmt::Write;

use super::BenchReport;
use crate::units::{allocations_cell, bytes_human, duration_human, grouped};
use crate::workloads::REGISTRY;
use crate::workloads::strategy::Mode;

/// One line of the summary table, formatted for people; shared with the HTML page.
pub(super) struct SummaryRow {
    pub strategy: String,
    pub description: String,
    pub mode: Mode,
    pub time: String,
    pub interval: String,
    pub ns_per_element: String,
    pub peak_exact: String,
    pub peak_human: String,
    pub allocations: String,
    pub bytes_allocated: String,
    pub peak_rss: String,
    pub minor_faults: String,
    pub complexity: String,
}

/// The seed-case row of every strategy, as written first, then opaque.
pub(super) fn summary_rows(report: &BenchReport) -> Vec<SummaryRow> {
    const MISSING: &str = "–";
    let mut rows = Vec::new();
    for mode in Mode::ALL {
        for strategy in REGISTRY {
            let Some(point) = report.seed(strategy.name(), mode) else {
                continue;
            };
            let time = point.time.as_ref();
            let memory = point.memory.as_ref();
            let text = |value: Option<String>| value.unwrap_or_else(|| MISSING.to_owned());
            rows.push(SummaryRow {
                strategy: strategy.name().to_owned(),
                description: strategy.description().to_owned(),
                mode,
                time: text(time.map(|t| duration_human(t.point_ns))),
                interval: text(time.map(|t| {
                    format!(
                        "{} – {}",
                        duration_human(t.lower_ns),
                        duration_human(t.upper_ns)
                    )
                })),
                ns_per_element: text(time.map(|t| format!("{:.3}", t.point_ns / point.n as f64))),
                peak_exact: text(memory.map(|m| grouped(m.peak_bytes))),
                peak_human: text(memory.map(|m| bytes_human(m.peak_bytes))),
                allocations: text(memory.map(|m| allocations_cell(m.allocations, m.reallocations))),
                bytes_allocated: text(memory.map(|m| grouped(m.bytes_allocated))),
                peak_rss: text(memory.map(|m| {
                    format!(
                        "{}{}",
                        bytes_human(m.peak_rss_bytes),
                        m.peak_rss_source.suffix()
                    )
                })),
                minor_faults: text(memory.map(|m| grouped(m.minor_faults))),
                complexity: report
                    .complexity_of(strategy.name(), mode)
                    .map_or_else(|| MISSING.to_owned(), |c| c.summary()),
            });
        }
    }
    rows
}

/// What the fitted exponents mean, shared with the HTML page.
pub(super) const COMPLEXITY_NOTE: &str = "Complexity: exponents of time and of peak heap \
    against n, fitted (least squares, log–log) over the scaling sweep. Exponents are over \
    the whole sweep: a chunked strategy whose peak stops growing at the chunk size shows a \
    fractional peak exponent, and a strategy with a fixed start-up cost (rayon's dispatch, \
    the first touch of fresh pages above glibc's reuse threshold) bends its time exponent.";

/// Which figure comes from where, shared with the HTML page.
pub(super) fn sources(report: &BenchReport) -> String {
    let mut line = "Times: criterion's estimates from `cargo bench` (mean, 95 % interval), \
        taken with allocation counting off. Memory: exact, from counted calls in the same run."
        .to_owned();
    match &report.paired {
        Some(pass) => {
            let floors: Vec<String> = pass
                .groups
                .iter()
                .filter_map(|g| {
                    let noise = g.noise.as_ref()?;
                    Some(format!(
                        "{} {} {:.1} %",
                        g.group.workload(),
                        g.mode,
                        noise.resolution_percent
                    ))
                })
                .collect();
            let _ = write!(
                line,
                " Which strategy is faster, or tied, comes from the paired pass run after \
                 criterion: every seed point again in interleaved rounds ({} for the range, {} \
                 for the file, order shuffled with seed {}), compared by the ratio of their \
                 times within each round; a difference counts when its whole interval lies \
                 beyond {:.0} %. The range's two modes run in separate rounds, so a strategy in \
                 one mode is compared with one in the other by criterion's intervals. Noise \
                 floors (A/A pairs): {}.",
                crate::suite::paired::RANGE_ROUNDS,
                crate::suite::paired::FILE_ROUNDS,
                pass.seed,
                crate::stats::PRACTICAL_DIFFERENCE * 100.0,
                floors.join(", ")
            );
        }
        None => line.push_str(
            " No paired pass has run, so which is faster is read off criterion's intervals: \
             faster only where one interval ends more than 3 % below the other's start.",
        ),
    }
    line
}
