//! A run's phases in order (priming and calibration, warm-up, timed rounds, memory) over
//! its runners, and what they gave, summarised.

use std::time::Instant;

use super::{OVERHEAD_BATCH, OVERHEAD_ROUNDS, PACE_ROUNDS, Progress};
use crate::measure::case::{Case, Contender};
use crate::measure::result::{Observed, StrategyResult, summarise};
use crate::measure::runner::{MemoryRun, Runner};
use crate::measure::{Repetitions, duration_ns};
use crate::stats::{NoiseFloor, PairedRatio};

/// The runners of one run, and what their calls have shown so far. Its methods are the
/// run's phases, in the order [`run_all`](super::run_all) takes them.
pub(super) struct Session<'r> {
    /// A runner per contender, and the first one's twin last.
    pub(super) runners: Vec<Box<dyn Runner + 'r>>,
    /// Calls per timed sample of each runner.
    pub(super) batches: Vec<u64>,
    /// The fastest single call of each runner while calibrating, ns.
    pub(super) call_ns: Vec<f64>,
    /// Whether any call of each runner gave a wrong answer.
    wrong: Vec<bool>,
    /// The rounds' shuffled order.
    rng: fastrand::Rng,
    order: Vec<usize>,
}

impl<'r> Session<'r> {
    /// Primes every runner, then calibrates each to samples of at least `target_ns`;
    /// the twin is sampled as the first strategy is.
    pub(super) fn prime_and_calibrate(
        mut runners: Vec<Box<dyn Runner + 'r>>,
        reps: Repetitions,
        target_ns: u64,
    ) -> anyhow::Result<Self> {
        for runner in runners.iter_mut() {
            runner.limit(reps.timeout);
        }
        for runner in runners.iter_mut() {
            runner.prime()?;
        }
        let mut wrong = vec![false; runners.len()];
        let mut batches = Vec::with_capacity(runners.len());
        let mut call_ns = Vec::with_capacity(runners.len());
        for (i, runner) in runners.iter_mut().enumerate() {
            let calibrated = runner.calibrate(target_ns)?;
            wrong[i] |= calibrated.wrong;
            batches.push(calibrated.batch);
            call_ns.push(calibrated.call_ns);
        }
        let twin = runners.len() - 1;
        batches[twin] = batches[0];
        Ok(Self {
            order: (0..runners.len()).collect(),
            runners,
            batches,
            call_ns,
            wrong,
            rng: fastrand::Rng::with_seed(reps.seed),
        })
    }

    /// One round: a sample of every runner in a newly shuffled order, each sample's time
    /// given to `seen`. Returns how long the samples took together, ns.
    fn round(&mut self, mut seen: impl FnMut(usize, u64)) -> anyhow::Result<u64> {
        self.rng.shuffle(&mut self.order);
        let start = Instant::now();
        for &i in &self.order {
            let timed = self.runners[i].sample(self.batches[i])?;
            self.wrong[i] |= timed.wrong;
            seen(i, timed.ns);
        }
        Ok(duration_ns(start.elapsed()))
    }

    /// The warm-up rounds; with a budget, then untimed rounds that give the pace of a
    /// settled round, for a twentieth of the budget (at least 3 rounds). Returns the
    /// length of each pacing round, ns.
    pub(super) fn warm_up(&mut self, reps: Repetitions) -> anyhow::Result<Vec<u64>> {
        let pacing = reps.budget.map(|budget| budget / 20);
        let mut round_ns = Vec::with_capacity(64);
        let started = Instant::now();
        let mut round = 0u32;
        while round < reps.warmups
            || pacing.is_some_and(|pacing| {
                round < reps.warmups + PACE_ROUNDS || started.elapsed() < pacing
            })
        {
            let ns = self.round(|_, _| {})?;
            if round >= reps.warmups {
                round_ns.push(ns);
            }
            round += 1;
        }
        Ok(round_ns)
    }

    /// The timed rounds: each runner's sample times, ns, round by round.
    pub(super) fn timed_rounds(
        &mut self,
        rounds: u32,
        progress: &mut dyn Progress,
    ) -> anyhow::Result<Vec<Vec<u64>>> {
        let mut samples: Vec<Vec<u64>> =
            vec![Vec::with_capacity(rounds as usize); self.runners.len()];
        for _ in 0..rounds {
            self.round(|i, ns| {
                samples[i].push(ns.max(1));
                progress.done(1);
            })?;
        }
        // The twin is the first strategy: a wrong answer of its process is the first's.
        let twin = self.runners.len() - 1;
        self.wrong[0] |= self.wrong[twin];
        Ok(samples)
    }

    /// Each strategy's memory step of `pairs[i]` pairs, the parallel ones last; then the
    /// runners end.
    pub(super) fn memory<O>(
        &mut self,
        contenders: &[Contender<'_, O>],
        pairs: &[usize],
        progress: &mut dyn Progress,
    ) -> anyhow::Result<Vec<MemoryRun>> {
        let mut memory: Vec<MemoryRun> = (0..contenders.len())
            .map(|_| MemoryRun::default())
            .collect();
        let mut by_parallel: Vec<usize> = (0..contenders.len()).collect();
        by_parallel.sort_by_key(|&i| contenders[i].is_parallel());
        for i in by_parallel {
            memory[i] = self.runners[i].memory(pairs[i])?;
            progress.done(2 * pairs[i] as u64);
        }
        self.runners.clear();
        Ok(memory)
    }

    /// The run's figures from its `samples` and `memory`, once the runners have ended.
    pub(super) fn finish(
        self,
        samples: Vec<Vec<u64>>,
        memory: Vec<MemoryRun>,
        threshold: f64,
        resolution: std::time::Duration,
    ) -> Done {
        let overhead = crate::measure::alloc::uncounted_overhead(OVERHEAD_ROUNDS, OVERHEAD_BATCH);
        Done {
            per_call: samples
                .iter()
                .zip(&self.batches)
                .map(|(times, &batch)| times.iter().map(|&t| t as f64 / batch as f64).collect())
                .collect(),
            step: samples
                .iter()
                .map(|times| {
                    let shortest = times.iter().copied().min().unwrap_or(1).max(1);
                    resolution.as_nanos() as f64 / shortest as f64
                })
                .collect(),
            batches: self.batches,
            wrong: self.wrong,
            memory,
            threshold,
            overhead,
            resolution,
        }
    }
}

/// What a run's phases gave, ready to be summarised.
pub(super) struct Done {
    /// Each strategy's time per call in every round (a sample's time over its calls),
    /// and the twin's last.
    per_call: Vec<Vec<f64>>,
    /// The relative step of the clock in each strategy's shortest sample.
    step: Vec<f64>,
    batches: Vec<u64>,
    wrong: Vec<bool>,
    memory: Vec<MemoryRun>,
    threshold: f64,
    /// The timer's cost with allocation counting off, measured once the runners ended.
    overhead: crate::measure::alloc::UncountedOverhead,
    resolution: std::time::Duration,
}

impl Done {
    /// One result per strategy.
    pub(super) fn results<O>(
        &self,
        contenders: &[Contender<'_, O>],
        case: &Case<'_, O>,
    ) -> Vec<StrategyResult> {
        contenders
            .iter()
            .enumerate()
            .map(|(i, contender)| {
                let run = &self.memory[i];
                summarise(
                    contender,
                    case,
                    Observed {
                        answer: run.answer,
                        correct: !self.wrong[i] && !run.wrong,
                        times: &self.per_call[i],
                        calls_per_sample: self.batches[i],
                        uncounted: &run.uncounted,
                        samples: &run.counted,
                        kept: &run.kept,
                        trimmed: &run.trimmed,
                        threshold: self.threshold,
                        overhead: self.overhead,
                    },
                    self.resolution,
                )
            })
            .collect()
    }

    /// The paired ratio of every two strategies, the earlier-listed one on top, and the
    /// first against its twin as the noise floor.
    pub(super) fn compared<O>(
        &self,
        contenders: &[Contender<'_, O>],
    ) -> (Vec<PairedRatio>, Option<NoiseFloor>) {
        let ratio = |a: usize, b: usize, first: &str, second: &str| {
            PairedRatio::of(first, &self.per_call[a], second, &self.per_call[b]).map(|r| {
                r.judged_at(self.threshold)
                    .widened(self.step[a] + self.step[b])
            })
        };
        let mut ratios = Vec::new();
        for (a, first) in contenders.iter().enumerate() {
            for (b, second) in contenders.iter().enumerate().skip(a + 1) {
                ratios.extend(ratio(a, b, first.name(), second.name()));
            }
        }
        let first = contenders[0].name();
        let twin = self.per_call.len() - 1;
        (ratios, ratio(0, twin, first, first).map(NoiseFloor::of))
    }
}
