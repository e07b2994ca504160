//! How many timed rounds and memory pairs a run takes: given by the user, or what the time
//! budget allows at the pace the warm-up measured.

use std::time::Duration;

use crate::measure::CacheState;
use crate::stats::DEFAULT_THRESHOLD;

/// How many rounds to run, and in what order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repetitions {
    /// Untimed rounds first, to settle the thread pool, caches and allocator: every
    /// strategy once per round, in a shuffled order.
    pub warmups: u32,
    /// Measured rounds when there is no `budget`. At least 1.
    pub runs: u32,
    /// How long the timed rounds should take: their number is then chosen from the
    /// warm-up rounds' length, before any timed round runs, between `MIN_ROUNDS` and
    /// `MAX_ROUNDS`.
    pub budget: Option<Duration>,
    /// The practical difference (a fraction of 1) below which two times are tied.
    pub threshold: f64,
    /// How long a strategy in a worker may take to answer one command (priming, a
    /// sample, its memory step) before it is stopped and the run fails naming it.
    pub timeout: Duration,
    /// For the file workload: whether the file's pages are evicted from the page cache
    /// before each measured call. The range workload ignores it.
    pub cache: CacheState,
    /// Seeds the shuffling of every round's order, so that a run can be repeated call for
    /// call.
    pub seed: u64,
}

impl Default for Repetitions {
    fn default() -> Self {
        Self {
            warmups: 2,
            runs: 10,
            budget: None,
            threshold: DEFAULT_THRESHOLD,
            timeout: super::worker::DEFAULT_DEADLINE,
            cache: CacheState::Warm,
            seed: 0,
        }
    }
}

/// The default time budget of the timed rounds: 3 s.
pub(crate) const DEFAULT_BUDGET: Duration = Duration::from_secs(3);

/// The fewest untimed rounds that give a budget its pace, after the warm-ups.
pub(super) const PACE_ROUNDS: u32 = 3;

/// The fewest rounds a budget gives: 6 are the fewest whose interval reaches 95 %, and a
/// few more let a real difference show through a noisy round.
pub(crate) const MIN_ROUNDS: u32 = 8;

/// The most rounds a budget gives: beyond this the intervals no longer narrow usefully,
/// and the times held would grow without bound.
pub(crate) const MAX_ROUNDS: u32 = 200_000;

/// A sample lasts at least this long, or 1,000 of the clock's steps if that is longer:
/// a reading is then exact to a fraction of a per cent. Longer samples would amortise
/// what a strategy's first call pays after another worker's sample (caches, TLB), but
/// give fewer rounds, each more often spanning a preemption: at 1 ms the noise floor of
/// a 56 ns–0.3 ms call widened from about ±0.5 % to ±5 %.
pub(crate) const MIN_SAMPLE_NS: u64 = 50_000;

/// The timed rounds: `reps.runs`, or what the budget allows at the pace of the warm-up
/// rounds (`round_ns`; the calibrated batches where there were none), with a note when
/// the budget is too short for [`MIN_ROUNDS`].
pub(super) fn decide_rounds(
    reps: Repetitions,
    round_ns: &[u64],
    batches: &[u64],
) -> (u32, Vec<String>) {
    let Some(budget) = reps.budget else {
        return (reps.runs.max(1), Vec::new());
    };
    let pace = match round_ns {
        // Without warm-ups, each sample is taken to last its target.
        [] => batches.len() as f64 * MIN_SAMPLE_NS as f64,
        measured => {
            let mut sorted = measured.to_vec();
            sorted.sort_unstable();
            sorted[sorted.len() / 2].max(1) as f64
        }
    };
    let allowed = budget.as_nanos() as f64 / pace;
    let mut notes = Vec::new();
    if allowed < f64::from(MIN_ROUNDS) {
        notes.push(format!(
            "one round of every strategy takes {}, so the budget of {} allows {} rounds; \
             running {MIN_ROUNDS}, the fewest that resolve a difference ({} in all; \
             --time sets the budget, --runs the rounds)",
            sumbench_page::units::duration_human(pace),
            sumbench_page::units::duration_human(budget.as_nanos() as f64),
            allowed.floor(),
            sumbench_page::units::duration_human(pace * f64::from(MIN_ROUNDS)),
        ));
    }
    ((allowed as u32).clamp(MIN_ROUNDS, MAX_ROUNDS), notes)
}

/// The calls [`run_all`](super::run_all) makes for `strategies` strategies with a fixed number of rounds
/// (`reps.runs`), priming, calibration and warm-ups aside: for a progress bar.
pub fn calls(strategies: usize, reps: Repetitions) -> u64 {
    let strategies = strategies as u64;
    u64::from(reps.runs.max(1))
        .saturating_mul(strategies + 1)
        .saturating_add((memory_pairs(reps) as u64).saturating_mul(2 * strategies))
}

/// The pairs of uncounted and counted calls of each strategy in [`run_all`]'s memory
/// step: as many as the rounds, at most [`MAX_MEMORY_PAIRS`]. Heap figures repeat call
/// after call, and 6 pairs already give the counting cost a 96.9 % interval; more would
/// only lengthen the run.
pub(crate) fn memory_pairs(reps: Repetitions) -> usize {
    (reps.runs.max(1) as usize).min(MAX_MEMORY_PAIRS)
}

/// See [`memory_pairs`].
pub(crate) const MAX_MEMORY_PAIRS: usize = 6;

/// The fewest memory pairs a budget gives a long call: the heap figures are exact from
/// one counted call; the counting cost and the trimmed heap's ratio then have only a 75 %
/// interval, and a trimmed heap's effect is not asserted.
pub(crate) const MIN_MEMORY_PAIRS: usize = 3;

/// The memory pairs of one strategy whose call takes `call_ns`: with a budget, as many as
/// its share of the budget allows for the four calls of a pair and its trimmed pair,
/// between [`MIN_MEMORY_PAIRS`] and [`MAX_MEMORY_PAIRS`]; else [`memory_pairs`] of the
/// fixed rounds.
pub(super) fn memory_pairs_within(
    reps: Repetitions,
    rounds: u32,
    strategies: usize,
    call_ns: f64,
) -> usize {
    match reps.budget {
        None => memory_pairs(Repetitions {
            runs: rounds,
            ..reps
        }),
        Some(budget) => {
            let share = budget.as_nanos() as f64 / strategies.max(1) as f64;
            ((share / (4.0 * call_ns.max(1.0))) as usize)
                .clamp(MIN_MEMORY_PAIRS, MAX_MEMORY_PAIRS)
                .min(memory_pairs(Repetitions {
                    runs: rounds,
                    ..reps
                }))
        }
    }
}
