//! The one sampling protocol: priming, calibration, shuffled warm-up and timed rounds with
//! an A/A twin, then pairs of uncounted and counted calls for the memory figures. Every run
//! of any contenders goes through [`run_all`]: the side-by-side run, the bench's paired
//! pass, the Python comparisons and a crate's own comparison.

use super::case::{Case, Contender};
use super::result::StrategyResult;
use super::runner::{Local, Runner};
use super::worker::{self, Remote, Workers};
use super::{duration_ns, timer_resolution};
use crate::stats::{NoiseFloor, PairedRatio};

mod plan;
mod session;

pub(crate) use plan::{DEFAULT_BUDGET, MAX_ROUNDS, MIN_ROUNDS};
use plan::{MIN_SAMPLE_NS, PACE_ROUNDS, decide_rounds, memory_pairs_within};
pub use plan::{Repetitions, calls};
use session::Session;

/// A seed for [`Repetitions::seed`] that differs from run to run.
pub fn fresh_seed() -> u64 {
    fastrand::u64(..)
}

/// Told how many calls a run will make, and of the calls as they are made: a progress
/// bar, or nothing.
pub trait Progress {
    /// The calls the run will make, once the rounds are decided.
    fn planned(&mut self, _calls: u64) {}
    /// `calls` more were made.
    fn done(&mut self, calls: u64);
}

impl Progress for indicatif::ProgressBar {
    fn planned(&mut self, calls: u64) {
        self.set_length(calls);
    }

    fn done(&mut self, calls: u64) {
        self.inc(calls);
    }
}

/// A [`Progress`] that only counts calls: `Ticks(|| bar.inc(1))`.
pub struct Ticks<F>(pub F);

impl<F: FnMut()> Progress for Ticks<F> {
    fn done(&mut self, calls: u64) {
        for _ in 0..calls {
            (self.0)();
        }
    }
}

/// What [`run_all`] measured: one result per strategy, and their times compared round
/// by round.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measured {
    /// One result per strategy, in the order given.
    pub results: Vec<StrategyResult>,
    /// The paired ratio of every two strategies' timed calls, the earlier-listed one on top.
    pub ratios: Vec<PairedRatio>,
    /// The first strategy against its twin: the smallest difference the run resolves.
    pub noise: Option<NoiseFloor>,
    /// The timed rounds that ran.
    pub rounds: u32,
    /// What the user should know about how the rounds were chosen: a budget too short for
    /// the calls, for one.
    pub notes: Vec<String>,
}

/// Runs `contenders` in interleaved rounds for their times, then call by call for their
/// memory, and summarises them.
///
/// 1. **Workers**: with [`Workers::Processes`], every strategy runs in a worker process of
///    its own, and the first strategy's A/A twin in one more ([`worker`]); the parent
///    only coordinates. In a worker, this same call serves its strategy and ends the
///    process.
/// 2. **Priming** every strategy once, then **calibration**: single calls timed to choose
///    how many calls one sample makes, so that a sample lasts at least
///    `MIN_SAMPLE_NS` and 1,000 steps of the clock.
/// 3. **Times**: `reps.warmups` untimed rounds, then the timed rounds: `reps.runs`, or as
///    many as `reps.budget` allows at the warm-up rounds' pace, decided before any timed
///    round. In each round every strategy takes one sample, and the first a second one as
///    its own twin, one process at a time, in an order shuffled with `reps.seed`: a slow
///    drift of the machine reaches every strategy alike, and the times of one round can
///    be compared pair by pair ([`crate::stats`]).
/// 4. **Memory**: for each strategy in turn (the parallel ones last), `memory_pairs`
///    pairs of an uncounted call and a counted one ([`super::sample`]), then as many
///    pairs of a call in the heap as the strategy keeps it and one right after the heap
///    was trimmed (`super::runner::Runner::memory`).
///
/// The caller checks memory beforehand. [`Case::before_call`] runs before each measured
/// call (a file is evicted there for `--cold`), and such calls are never batched.
pub fn run_all<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    reps: Repetitions,
    workers: &Workers,
    progress: &mut dyn Progress,
) -> anyhow::Result<Measured> {
    if worker::active() {
        return match worker::served_index(worker::fingerprint(contenders, case)) {
            Some(index) if index < contenders.len() => worker::serve(&contenders[index], case),
            _ => Ok(Measured::default()),
        };
    }
    if contenders.is_empty() {
        return Ok(Measured::default());
    }
    let resolution = timer_resolution();
    let mut session = Session::prime_and_calibrate(
        start(contenders, case, workers)?,
        reps,
        MIN_SAMPLE_NS.max(duration_ns(resolution).saturating_mul(1_000)),
    )?;
    let round_ns = session.warm_up(reps)?;
    let (rounds, notes) = decide_rounds(reps, &round_ns, &session.batches);
    let pairs: Vec<usize> = session.call_ns[..contenders.len()]
        .iter()
        .map(|&ns| memory_pairs_within(reps, rounds, contenders.len(), ns))
        .collect();
    progress.planned(
        u64::from(rounds) * session.runners.len() as u64 + 2 * pairs.iter().sum::<usize>() as u64,
    );
    let samples = session.timed_rounds(rounds, progress)?;
    let memory = session.memory(contenders, &pairs, progress)?;
    let done = session.finish(samples, memory, reps.threshold, resolution);
    let results = done.results(contenders, case);
    let (ratios, noise) = done.compared(contenders);
    Ok(Measured {
        results,
        ratios,
        noise,
        rounds,
        notes,
    })
}

/// A runner per contender, and the first one's twin last: worker processes, or calls in
/// this process.
fn start<'r, O: PartialEq>(
    contenders: &'r [Contender<'_, O>],
    case: &'r Case<'_, O>,
    workers: &Workers,
) -> anyhow::Result<Vec<Box<dyn Runner + 'r>>> {
    let with_twin = contenders.iter().enumerate().chain([(0, &contenders[0])]);
    match workers {
        Workers::Shared => Ok(with_twin
            .map(|(_, contender)| Box::new(Local::new(contender, case)) as Box<dyn Runner>)
            .collect()),
        Workers::Processes(launch) => {
            let fingerprint = worker::fingerprint(contenders, case);
            with_twin
                .map(|(index, contender)| {
                    Remote::start(launch, contender.name(), fingerprint, index)
                        .map(|remote| Box::new(remote) as Box<dyn Runner>)
                })
                .collect()
        }
    }
}

/// Rounds and pairs per batch of the counting-off overhead measured in every run: about
/// 4 ms in all.
const OVERHEAD_ROUNDS: usize = 21;
const OVERHEAD_BATCH: u32 = 10_000;

/// One call of `contender` with counting off, timed: its answer and its wall time in ns,
/// with the input checked after it.
fn timed_call<O>(contender: &Contender<'_, O>, case: &Case<'_, O>) -> anyhow::Result<(O, u64)> {
    let mut answers = Vec::with_capacity(1);
    let ns = contender.timed(1, &mut answers);
    case.input_unchanged()?;
    let ns = ns?;
    Ok((answers.pop().expect("one call, one answer"), ns))
}

/// Runs `contender`'s priming call once, untimed (see [`Contender::primed_by`]), so that
/// what a process does only once (starting rayon's pool, a first use of a lazily set-up
/// static) happens before any measured call, whatever the number of warm-ups.
pub fn prime<O>(contender: &Contender<'_, O>, case: &Case<'_, O>) -> anyhow::Result<()> {
    let answer = contender.prime();
    case.input_unchanged()?;
    std::hint::black_box(answer?);
    Ok(())
}

/// The priming call, then one untimed call with counting off: how the calls measured one
/// by one (the bench's memory pass, a timeline's recording) begin, so that rayon's pool,
/// the allocator and the page cache have settled as one warm-up round of [`run_all`]
/// leaves them.
pub fn warm_up_once<O>(contender: &Contender<'_, O>, case: &Case<'_, O>) -> anyhow::Result<()> {
    prime(contender, case)?;
    let (answer, _) = timed_call(contender, case)?;
    std::hint::black_box(answer);
    Ok(())
}
