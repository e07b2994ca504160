//! The trade-off of each workload's seed case, from the bench data: one candidate per
//! strategy and mode at n = 10,000,000, timed by criterion and measured by the memory pass.

use serde::{Deserialize, Serialize};

use super::{BenchReport, PointRecord};
use crate::suite::{Group, SEED_N};
use crate::workloads::strategy::Workload;
use sumbench::analysis::tradeoff::{Candidate, Times, Verdict};
use sumbench::measure;
use sumbench::stats::PairedRatio;
use sumbench_page::units::grouped;

/// One workload's trade-off: its chart's file, its candidates and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tradeoff {
    /// The workload.
    pub workload: Workload,
    /// The chart's path relative to `reports/`.
    pub file: String,
    /// The chart's title.
    pub title: String,
    /// Every strategy and mode compared.
    pub candidates: Vec<Candidate>,
    /// Strategies left out, with why.
    pub left_out: Vec<String>,
    /// The paired ratios of the candidates' times from an interleaved pass, by label;
    /// empty when the times are criterion's alone, compared by their intervals.
    #[serde(default)]
    pub ratios: Vec<PairedRatio>,
    /// The verdict in words, when anything could be compared.
    pub verdict: Option<Verdict>,
}

impl Tradeoff {
    /// How the candidates' times are compared: paired where the ratios are known.
    pub fn times(&self) -> Times<'_> {
        Times::Paired(&self.ratios)
    }
}

/// The seed case's trade-off for each workload that has seed points.
pub fn compute(report: &BenchReport) -> Vec<Tradeoff> {
    [
        (
            Workload::Range,
            Group::Seed,
            super::TRADEOFF_FILES[0],
            format!(
                "Trade-off: summing 0..{}, criterion's time against the exact peak",
                grouped(SEED_N)
            ),
        ),
        (
            Workload::File,
            Group::FileSeed,
            super::TRADEOFF_FILES[1],
            format!(
                "Trade-off: summing a file of {} lines (warm), time against peak",
                grouped(SEED_N)
            ),
        ),
    ]
    .into_iter()
    .filter_map(|(workload, group, file, title)| {
        let points: Vec<&PointRecord> = report.points.iter().filter(|p| p.group == group).collect();
        if points.is_empty() {
            return None;
        }
        let (candidates, left_out) = candidates(report, &points, workload);
        // The paired pass's ratios, named as the candidates are.
        let ratios: Vec<PairedRatio> = report
            .paired
            .iter()
            .flat_map(|pass| &pass.groups)
            .filter(|g| g.group == group)
            .flat_map(|g| {
                g.ratios.iter().map(move |r| PairedRatio {
                    numerator: label(workload, &r.numerator, g.mode),
                    denominator: label(workload, &r.denominator, g.mode),
                    ..r.clone()
                })
            })
            .collect();
        let verdict = Verdict::compute(&candidates, left_out.clone(), Times::Paired(&ratios));
        Some(Tradeoff {
            workload,
            file: file.to_owned(),
            title: title.to_owned(),
            candidates,
            left_out,
            ratios,
            verdict,
        })
    })
    .collect()
}

/// The points as candidates, and the ones left out: not timed or not measured yet, or a
/// loop the compiler folded (its time is not a cost).
fn candidates(
    report: &BenchReport,
    points: &[&PointRecord],
    workload: Workload,
) -> (Vec<Candidate>, Vec<String>) {
    let mut candidates = Vec::new();
    let mut left_out = Vec::new();
    for point in points {
        let label = label(workload, &point.strategy, point.mode);
        let (Some(time), Some(memory)) = (&point.time, point.memory) else {
            left_out.push(format!("{label}, not timed or measured yet"));
            continue;
        };
        let folded = report
            .complexity_of(&point.strategy, point.mode)
            .is_some_and(|c| c.folded)
            || measure::folded(
                Some(workload),
                point.n,
                time.point_ns / point.n.max(1) as f64,
            );
        if folded {
            left_out.push(format!(
                "{label}, whose sum the compiler computed without a loop"
            ));
            continue;
        }
        candidates.push(Candidate {
            label,
            strategy: point.strategy.clone(),
            time_ns: time.point_ns,
            time_low_ns: time.lower_ns,
            time_high_ns: time.upper_ns,
            peak_heap: memory.peak_bytes,
            peak_rss: Some(memory.peak_rss_bytes),
        });
    }
    (candidates, left_out)
}

/// A strategy's name as a candidate: with its mode for the range, where both modes are
/// compared (`vec (opaque)`), alone for a file.
pub fn label(workload: Workload, strategy: &str, mode: crate::workloads::strategy::Mode) -> String {
    match workload {
        Workload::Range => format!("{strategy} ({mode})"),
        Workload::File => strategy.to_owned(),
    }
}
