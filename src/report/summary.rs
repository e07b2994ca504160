//! The summary table of the seed's case, the file workload's and the allocator's tables as
//! data, and the lines about where each figure comes from:
//! formatted once for people, and shown by both the Markdown and the HTML page. Separate
//! from either page so that neither reaches into the other.

use std::fmt::Write;

use super::BenchReport;
use crate::workloads::REGISTRY;
use crate::workloads::strategy::Mode;
use sumbench::export::table::{MEMORY_HEADERS, memory_cells};
use sumbench_page::table::Table;
use sumbench_page::units::duration_human;

/// The seed-case row of every strategy, as written first, then opaque; a strategy's
/// description is its name's title (a tooltip on the HTML page). The memory columns are
/// the run table's.
pub(super) fn summary_table(report: &BenchReport) -> Table {
    const MISSING: &str = "–";
    let headers = ["strategy", "mode", "time", "95% interval", "ns/element"]
        .into_iter()
        .chain(MEMORY_HEADERS)
        .chain(["complexity"]);
    let mut table = Table::new(headers, 2).left(5 + MEMORY_HEADERS.len());
    for mode in Mode::ALL {
        for strategy in REGISTRY {
            let Some(point) = report.seed(strategy.name(), mode) else {
                continue;
            };
            let time = point.time.as_ref();
            let text = |value: Option<String>| value.unwrap_or_else(|| MISSING.to_owned());
            let cells = [
                strategy.name().to_owned(),
                mode.to_string(),
                text(time.map(|t| duration_human(t.point_ns))),
                text(time.map(|t| {
                    format!(
                        "{} – {}",
                        duration_human(t.lower_ns),
                        duration_human(t.upper_ns)
                    )
                })),
                text(time.map(|t| format!("{:.3}", t.point_ns / point.n as f64))),
            ];
            let memory = match &point.memory {
                Some(m) => memory_cells(m),
                None => [MISSING; 6].map(str::to_owned),
            };
            let complexity = report
                .complexity_of(strategy.name(), mode)
                .map_or_else(|| MISSING.to_owned(), |c| c.summary());
            table.push_titled(
                strategy.description(),
                cells.into_iter().chain(memory).chain([complexity]),
            );
        }
    }
    table
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
                 beyond {}. The range's two modes run in separate rounds, so a strategy in \
                 one mode is compared with one in the other by criterion's intervals. Noise \
                 floors (A/A pairs): {}.",
                crate::suite::paired::RANGE_ROUNDS,
                crate::suite::paired::FILE_ROUNDS,
                pass.seed,
                sumbench_page::units::percent_text(
                    pass.groups.iter().flat_map(|g| &g.ratios).next().map_or(
                        sumbench::stats::DEFAULT_THRESHOLD * 100.0,
                        sumbench::stats::PairedRatio::threshold_percent
                    )
                ),
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

/// The file workload's table, one row per strategy; empty when it was not measured.
pub(super) fn file_table(report: &BenchReport) -> Table {
    Table::new(super::file::HEADERS, 1).with_rows(super::file::rows(report))
}

/// The heading of the seed's case, from its n.
pub(super) fn seed_heading() -> String {
    format!(
        "The seed's case: n = {}",
        sumbench_page::units::grouped(crate::suite::SEED_N)
    )
}
