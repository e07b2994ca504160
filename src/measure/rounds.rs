//! The one sampling protocol: priming, shuffled warm-up and timed rounds with an A/A twin,
//! then pairs of uncounted and counted calls for the memory figures. Every run of any
//! contenders goes through [`run_all`]: the side-by-side run, the bench's paired pass, the
//! Python comparisons and a crate's own comparison.

use std::time::Instant;

use super::CacheState;
use super::case::{Case, Contender};
use super::result::{StrategyResult, Summary, summarise};
use super::{Sample, duration_ns, sample, timer_resolution};
use crate::stats::{NoiseFloor, PairedRatio};

/// How many rounds to run, and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repetitions {
    /// Untimed rounds first, to settle the thread pool, caches and allocator: every
    /// strategy once per round, in a shuffled order.
    pub warmups: u32,
    /// Measured rounds; the median of each strategy's timed calls is reported. At least 1.
    pub runs: u32,
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
            cache: CacheState::Warm,
            seed: 0,
        }
    }
}

/// A seed for [`Repetitions::seed`] that differs from run to run.
pub fn fresh_seed() -> u64 {
    fastrand::u64(..)
}

/// One call in a round of [`run_all`].
#[derive(Debug, Clone, Copy)]
enum Call {
    /// Strategy i, timed with counting off.
    Timed(usize),
    /// The first strategy timed a second time, as if it were another: the A/A pair.
    Twin,
}

/// What [`run_all`] measured: one result per strategy, and their times compared round
/// by round.
#[derive(Debug, Clone, PartialEq)]
pub struct Interleaved {
    /// One result per strategy, in the order given.
    pub results: Vec<StrategyResult>,
    /// The paired ratio of every two strategies' timed calls, the earlier-listed one on top.
    pub ratios: Vec<PairedRatio>,
    /// The first strategy against its twin: the smallest difference the run resolves.
    pub noise: Option<NoiseFloor>,
}

/// Runs `contenders` in interleaved rounds for their times, then call by call for their
/// memory, and summarises them.
///
/// 1. **Priming**: every strategy once ([`prime`]).
/// 2. **Times**: `reps.warmups` untimed rounds, then `reps.runs` timed rounds. In each
///    round every strategy is called once with counting off ([`crate::measure::alloc::uncounted`]),
///    and the first strategy a second time as its own twin, in an order shuffled with
///    `reps.seed`: a slow drift of the machine reaches every strategy alike, and the times
///    of one round can be compared pair by pair ([`crate::stats`]).
/// 3. **Memory**: for each strategy in turn (the parallel ones last), [`memory_pairs`]
///    pairs of an uncounted call and a counted one ([`sample`]), in alternating order. The counted calls give the heap
///    and kernel figures; each pair gives what counting costs, side by side. These calls
///    are not interleaved: rayon's workers can allocate a block of their own just after a
///    parallel call returns, which would land in another strategy's exact heap figure, and
///    the allocator's free pages, which shape the next call's resident memory, should be
///    the ones this strategy left.
///
/// The caller checks memory beforehand. [`Case::before_call`] runs before each measured
/// call (a file is evicted there for `--cold`).
/// `after_each_call` is told of every call (a progress bar ticks on it): [`calls`] of them.
pub fn run_all<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    reps: Repetitions,
    after_each_call: &mut dyn FnMut(),
) -> anyhow::Result<Interleaved> {
    if contenders.is_empty() {
        return Ok(Interleaved {
            results: Vec::new(),
            ratios: Vec::new(),
            noise: None,
        });
    }
    for contender in contenders {
        prime(contender, case)?;
    }
    let mut rng = fastrand::Rng::with_seed(reps.seed);
    warm_up(contenders, case, reps.warmups, &mut rng, after_each_call)?;
    let rounds = timed_rounds(contenders, case, reps, &mut rng, after_each_call)?;
    let memory = memory_pairs_of(contenders, case, reps, after_each_call)?;
    let resolution = timer_resolution();
    let overhead = crate::measure::alloc::uncounted_overhead(OVERHEAD_ROUNDS, OVERHEAD_BATCH);
    let results: Vec<StrategyResult> = contenders
        .iter()
        .enumerate()
        .map(|(i, contender)| {
            summarise(
                contender,
                case,
                Summary {
                    answer: memory.answers[i].as_ref().and_then(case.as_sum),
                    correct: !rounds.wrong[i] && !memory.wrong[i],
                    times: &rounds.timed[i],
                    uncounted: &memory.uncounted[i],
                    samples: &memory.counted[i],
                    overhead,
                },
                resolution,
            )
        })
        .collect();
    let mut ratios = Vec::new();
    for (a, first) in contenders.iter().enumerate() {
        for (b, second) in contenders.iter().enumerate().skip(a + 1) {
            ratios.extend(PairedRatio::of(
                first.name(),
                &rounds.timed[a],
                second.name(),
                &rounds.timed[b],
            ));
        }
    }
    let first = contenders[0].name();
    let noise = PairedRatio::of(first, &rounds.timed[0], first, &rounds.twin).map(NoiseFloor::of);
    Ok(Interleaved {
        results,
        ratios,
        noise,
    })
}

/// `warmups` untimed rounds, every contender once per round in a shuffled order.
fn warm_up<O>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    warmups: u32,
    rng: &mut fastrand::Rng,
    after_each_call: &mut dyn FnMut(),
) -> anyhow::Result<()> {
    for _ in 0..warmups {
        let mut order: Vec<usize> = (0..contenders.len()).collect();
        rng.shuffle(&mut order);
        for i in order {
            let (answer, _) = timed_call(&contenders[i], case)?;
            std::hint::black_box(answer);
            after_each_call();
        }
    }
    Ok(())
}

/// What the timed rounds measured: each contender's times, the twin's, and which
/// contenders answered wrong.
struct Rounds {
    timed: Vec<Vec<u64>>,
    twin: Vec<u64>,
    wrong: Vec<bool>,
}

/// The timed rounds: every contender once with counting off, and the first a second time
/// as its twin, in an order shuffled anew each round.
fn timed_rounds<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    reps: Repetitions,
    rng: &mut fastrand::Rng,
    after_each_call: &mut dyn FnMut(),
) -> anyhow::Result<Rounds> {
    let count = contenders.len();
    let rounds = reps.runs.max(1) as usize;
    let mut measured = Rounds {
        timed: vec![Vec::with_capacity(rounds); count],
        twin: Vec::with_capacity(rounds),
        wrong: vec![false; count],
    };
    for _ in 0..rounds {
        let mut calls: Vec<Call> = (0..count).map(Call::Timed).chain([Call::Twin]).collect();
        rng.shuffle(&mut calls);
        for call in calls {
            let i = match call {
                Call::Timed(i) => i,
                Call::Twin => 0,
            };
            case.prepare()?;
            let (answer, ns) = timed_call(&contenders[i], case)?;
            measured.wrong[i] |= answer != case.expected;
            match call {
                Call::Timed(_) => measured.timed[i].push(ns),
                Call::Twin => measured.twin.push(ns),
            }
            after_each_call();
        }
    }
    Ok(measured)
}

/// What the memory pairs measured, contender by contender.
struct MemoryPairs<O> {
    uncounted: Vec<Vec<u64>>,
    counted: Vec<Vec<Sample>>,
    /// The answer of each contender's last counted call.
    answers: Vec<Option<O>>,
    wrong: Vec<bool>,
}

/// For each contender in turn (the parallel ones last), [`memory_pairs`] pairs of an
/// uncounted call and a counted one, in alternating order.
fn memory_pairs_of<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    reps: Repetitions,
    after_each_call: &mut dyn FnMut(),
) -> anyhow::Result<MemoryPairs<O>> {
    let count = contenders.len();
    let pairs = memory_pairs(reps);
    let mut measured = MemoryPairs {
        uncounted: vec![Vec::with_capacity(pairs); count],
        counted: vec![Vec::with_capacity(pairs); count],
        answers: (0..count).map(|_| None).collect(),
        wrong: vec![false; count],
    };
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| contenders[i].is_parallel());
    for i in order {
        for pair in 0..pairs {
            // The two calls of a pair swap places every other pair, so that what the first
            // call leaves to the second (caches, the allocator's free lists) cancels out.
            for counted_call in [pair % 2 == 1, pair % 2 == 0] {
                case.prepare()?;
                if counted_call {
                    let (answer, sample) = sample(&contenders[i], case)?;
                    measured.wrong[i] |= answer != case.expected;
                    measured.counted[i].push(sample);
                    measured.answers[i] = Some(answer);
                } else {
                    let (answer, ns) = timed_call(&contenders[i], case)?;
                    measured.wrong[i] |= answer != case.expected;
                    measured.uncounted[i].push(ns);
                }
                after_each_call();
            }
        }
    }
    Ok(measured)
}

/// The calls [`run_all`] makes for `strategies` strategies (priming aside): for a
/// progress bar.
pub fn calls(strategies: usize, reps: Repetitions) -> u64 {
    let strategies = strategies as u64;
    let rounds = u64::from(reps.runs.max(1));
    u64::from(reps.warmups)
        .saturating_mul(strategies)
        .saturating_add(rounds.saturating_mul(strategies + 1))
        .saturating_add((memory_pairs(reps) as u64).saturating_mul(2 * strategies))
}

/// The pairs of uncounted and counted calls of each strategy in [`run_all`]'s memory
/// step: as many as the rounds, at most [`MAX_MEMORY_PAIRS`]. Heap figures repeat call
/// after call, and 6 pairs already give the counting cost a 96.9 % interval; more would
/// only lengthen the run.
pub fn memory_pairs(reps: Repetitions) -> usize {
    (reps.runs.max(1) as usize).min(MAX_MEMORY_PAIRS)
}

/// See [`memory_pairs`].
pub const MAX_MEMORY_PAIRS: usize = 6;

/// Rounds and pairs per batch of the counting-off overhead measured in every run: about
/// 4 ms in all.
const OVERHEAD_ROUNDS: usize = 21;
const OVERHEAD_BATCH: u32 = 10_000;

/// One call of `contender` with counting off, timed: its answer and its wall time in ns,
/// with the input checked after it.
fn timed_call<O>(contender: &Contender<'_, O>, case: &Case<'_, O>) -> anyhow::Result<(O, u64)> {
    let (answer, ns) = crate::measure::alloc::uncounted(|| {
        let start = Instant::now();
        let answer = contender.call();
        (answer, duration_ns(start.elapsed()))
    });
    case.input_unchanged()?;
    Ok((answer?, ns))
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
