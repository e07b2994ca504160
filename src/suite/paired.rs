//! The paired pass of `cargo bench`: the seed points again, after criterion, in
//! interleaved rounds ([`measure::run_all`]), so that the report's "faster" and "tied"
//! rest on paired ratios rather than on criterion's estimates of points timed minutes
//! apart, and so that what counting allocations costs each strategy is measured side by
//! side in one process.
//!
//! criterion stays the source of each point's time estimate and interval; this pass gives
//! the order between the points of one workload and mode, the noise floor, and the
//! counting cost. Its rounds go where the noise is: the range's calls are short, so it gets
//! more of them than the file's.

use serde::{Deserialize, Serialize};

use super::{Group, Point};
use crate::workloads::contenders;
use crate::workloads::strategy::{DynStrategy, Mode};
use sumbench::measure::CacheState;
use sumbench::measure::machine::MachineInfo;
use sumbench::measure::{self, Repetitions, StrategyResult};
use sumbench::stats::{NoiseFloor, PairedRatio};

/// Where the pass is saved, relative to the cargo target directory.
pub const PAIRED_FILE: &str = "sumbench/paired.json";

/// Measured rounds of the range seed points: calls of a few ms to ~60 ms.
pub const RANGE_ROUNDS: u32 = 15;
/// Measured rounds of the file seed points: calls of ~80 ms to ~1 s.
pub const FILE_ROUNDS: u32 = 6;

/// The pass over one group's points in one mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedGroup {
    /// The group ([`Group::Seed`] or [`Group::FileSeed`]).
    pub group: Group,
    /// The mode of every point in it.
    pub mode: Mode,
    /// One result per strategy: median time with its interval, counting cost, memory.
    pub results: Vec<StrategyResult>,
    /// Every two strategies' paired ratio, by strategy name.
    pub ratios: Vec<PairedRatio>,
    /// The A/A pair of the group.
    pub noise: Option<NoiseFloor>,
}

/// The whole pass, saved as [`PAIRED_FILE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedPass {
    /// Where and when it ran.
    pub machine: MachineInfo,
    /// The seed of every group's shuffled rounds.
    pub seed: u64,
    /// One entry per group and mode.
    pub groups: Vec<PairedGroup>,
}

/// One run of [`measure::run_all`] in the pass: a group's points in one mode.
struct Batch<'p> {
    group: Group,
    mode: Mode,
    points: Vec<&'p Point>,
    reps: Repetitions,
}

/// The pass's batches over `points`, in the order they run: what [`PairedPass::measure`]
/// runs and [`PairedPass::calls`] counts.
fn batches(points: &[Point], seed: u64) -> Vec<Batch<'_>> {
    let mut batches = Vec::new();
    for (group, rounds) in [(Group::Seed, RANGE_ROUNDS), (Group::FileSeed, FILE_ROUNDS)] {
        for mode in Mode::ALL {
            let members: Vec<&Point> = points
                .iter()
                .filter(|p| p.group == group && p.mode == mode)
                .collect();
            if members.is_empty() {
                continue;
            }
            batches.push(Batch {
                group,
                mode,
                points: members,
                reps: Repetitions {
                    warmups: 1,
                    runs: rounds,
                    cache: CacheState::Warm,
                    seed,
                    ..Repetitions::default()
                },
            });
        }
    }
    batches
}

impl PairedPass {
    /// Runs the seed points of `points` (both groups, every mode) group by group, with
    /// `seed`; `after_each_call` ticks a progress display.
    pub fn measure(
        points: &[Point],
        seed: u64,
        after_each_call: &mut dyn FnMut(),
    ) -> anyhow::Result<Self> {
        let mut groups = Vec::new();
        for batch in batches(points, seed) {
            let strategies: Vec<&dyn DynStrategy> =
                batch.points.iter().map(|p| p.strategy).collect();
            let mode = batch.mode;
            let measured = contenders::run_builtin(
                &strategies,
                &batch.points[0].params,
                mode,
                batch.reps,
                &mut measure::Ticks(&mut *after_each_call),
            )?;
            // A wrong sum fails the bench, as it fails a run.
            if let Some(wrong) = measured.results.iter().find(|r| !r.check.correct) {
                anyhow::bail!("{} ({mode}), in the paired pass", wrong.wrong_answer());
            }
            groups.push(PairedGroup {
                group: batch.group,
                mode,
                results: measured.results,
                ratios: measured.ratios,
                noise: measured.noise,
            });
        }
        Ok(Self {
            machine: MachineInfo::current(),
            seed,
            groups,
        })
    }

    /// The calls [`PairedPass::measure`] makes for `points`, for a progress display.
    pub fn calls(points: &[Point]) -> u64 {
        batches(points, 0)
            .iter()
            .map(|batch| measure::calls(batch.points.len(), batch.reps))
            .sum()
    }
}
