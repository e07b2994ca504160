//! One strategy as the rounds drive it: primed, calibrated, sampled in batches, then
//! measured call by call for its memory. [`Local`] runs the calls in this process; a
//! worker process serves the same calls to the parent ([`super::worker`]), so both
//! paths time, batch and check answers with the same code.
//!
//! Between two timed samples a runner allocates and frees nothing of its own: the answers
//! of a batch go into a vector reserved before the clock starts, and are compared and
//! dropped after it stops. What the allocator holds when a sample starts is therefore
//! what the strategy's own previous calls left.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::case::{Case, Contender};
use super::{Sample, duration_ns, sample};

/// Most calls in one sample: a call of a few nanoseconds still gets a sample of tens of
/// microseconds, and the answers of a batch stay small.
pub(crate) const MAX_BATCH: u64 = 1 << 20;

/// The most heap the inputs of one sample hold together: a batch of calls on inputs
/// made beforehand makes them all first, and a short call on a large input would
/// otherwise hold thousands of copies. A batch cut short by it reads fewer steps of the
/// clock, which the intervals account for.
pub(crate) const MAX_BATCH_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// What calibrating a strategy found: how many calls one sample makes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Calibrated {
    /// Calls per timed sample.
    pub batch: u64,
    /// The fastest single call seen while calibrating, ns.
    pub call_ns: f64,
    /// Whether any calibrating call returned a wrong answer.
    pub wrong: bool,
}

/// One timed sample: `batch` calls back to back under one reading of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    /// Wall time of the whole batch, ns.
    pub ns: u64,
    /// Whether any call of the batch returned a wrong answer.
    pub wrong: bool,
}

/// What a strategy's memory step measured ([`Runner::memory`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct MemoryRun {
    /// The uncounted call of each memory pair, ns.
    pub uncounted: Vec<u64>,
    /// The counted call of each memory pair.
    pub counted: Vec<Sample>,
    /// Single calls in the allocator state the strategy leaves, each beside one of
    /// `trimmed` (they take turns at going first), ns. Empty when the strategy's heap is
    /// too small for trimming to give anything back.
    pub kept: Vec<u64>,
    /// Single calls each started right after the allocator gave its free memory back to
    /// the system (`malloc_trim(0)`), ns.
    pub trimmed: Vec<u64>,
    /// The last counted call's answer as a number, where it is one.
    pub answer: Option<u64>,
    /// Whether any call returned a wrong answer.
    pub wrong: bool,
}

/// One strategy, driven by the rounds ([`super::run_all`]).
pub trait Runner {
    /// The strategy's name, for messages.
    fn name(&self) -> &str;
    /// Sets how long one command may take before the strategy is stopped, where it can be
    /// (a worker process); a call in this process cannot be.
    fn limit(&mut self, _deadline: std::time::Duration) {}
    /// The priming call ([`Contender::primed_by`]), untimed.
    fn prime(&mut self) -> anyhow::Result<()>;
    /// Times single calls to choose the calls per sample: enough for a sample to last
    /// `target_ns`, one when each call needs its own preparation ([`Case::before_call`]).
    fn calibrate(&mut self, target_ns: u64) -> anyhow::Result<Calibrated>;
    /// One timed sample of `batch` calls.
    fn sample(&mut self, batch: u64) -> anyhow::Result<Timed>;
    /// `pairs` pairs of an uncounted and a counted call, then as many pairs of a call in
    /// the kept heap and one in a trimmed heap.
    fn memory(&mut self, pairs: usize) -> anyhow::Result<MemoryRun>;
}

/// A strategy called in this process.
pub(crate) struct Local<'r, 'a, O> {
    contender: &'r Contender<'a, O>,
    case: &'r Case<'a, O>,
    /// The answers of the current batch: reserved before a sample, emptied after it.
    answers: Vec<O>,
}

impl<'r, 'a, O: PartialEq> Local<'r, 'a, O> {
    /// `contender` on `case`, called here.
    pub fn new(contender: &'r Contender<'a, O>, case: &'r Case<'a, O>) -> Self {
        Self {
            contender,
            case,
            answers: Vec::with_capacity(1),
        }
    }

    /// `result`, its error naming the strategy: a strategy's error is one line that says
    /// whose it is.
    fn named<T>(&self, result: anyhow::Result<T>) -> anyhow::Result<T> {
        result.map_err(
            |error| match format!("{error:#}").starts_with("strategy '") {
                true => error,
                false => error.context(format!("strategy '{}'", self.contender.name())),
            },
        )
    }

    /// One call with counting off, timed alone, after the case's preparation: its wall
    /// time, and whether it answered right.
    fn single(&mut self) -> anyhow::Result<(u64, bool)> {
        let Timed { ns, wrong } = self.sample(1)?;
        Ok((ns, wrong))
    }
}

/// Calibration times single calls until it has this many, or [`CALIBRATION_NS`] passed.
const CALIBRATION_CALLS: u32 = 5;

/// See [`CALIBRATION_CALLS`]: 20 ms.
const CALIBRATION_NS: u64 = 20_000_000;

impl<O: PartialEq> Runner for Local<'_, '_, O> {
    fn name(&self) -> &str {
        self.contender.name()
    }

    fn prime(&mut self) -> anyhow::Result<()> {
        let answer = self.contender.prime();
        self.case.input_unchanged()?;
        let answer = self.named(answer)?;
        if self.contender.primes_with_its_call() && answer != self.case.expected {
            anyhow::bail!(
                "strategy '{}' returned a wrong answer in its priming call",
                self.contender.name()
            );
        }
        Ok(())
    }

    fn calibrate(&mut self, target_ns: u64) -> anyhow::Result<Calibrated> {
        let started = Instant::now();
        let mut fastest = u64::MAX;
        let mut wrong = false;
        for done in 1.. {
            let (ns, wrong_here) = self.single()?;
            fastest = fastest.min(ns);
            wrong |= wrong_here;
            if done >= CALIBRATION_CALLS || duration_ns(started.elapsed()) >= CALIBRATION_NS {
                break;
            }
        }
        let call_ns = fastest.max(1);
        let batch = match self.case.before_call {
            Some(_) => 1,
            None => {
                let inputs_within = match self.named(self.contender.input_bytes())? {
                    0 => MAX_BATCH,
                    bytes => MAX_BATCH_INPUT_BYTES / bytes,
                };
                target_ns
                    .div_ceil(call_ns)
                    .min(inputs_within)
                    .clamp(1, MAX_BATCH)
            }
        };
        Ok(Calibrated {
            batch,
            call_ns: call_ns as f64,
            wrong,
        })
    }

    fn sample(&mut self, batch: u64) -> anyhow::Result<Timed> {
        let batch = usize::try_from(batch.clamp(1, MAX_BATCH)).unwrap_or(1);
        self.answers.reserve(batch);
        self.case.prepare()?;
        let outcome = self.contender.timed(batch, &mut self.answers);
        self.case.input_unchanged()?;
        let ns = self.named(outcome)?;
        let wrong = self.answers.iter().any(|a| *a != self.case.expected);
        self.answers.clear();
        Ok(Timed { ns, wrong })
    }

    fn memory(&mut self, pairs: usize) -> anyhow::Result<MemoryRun> {
        let mut run = MemoryRun {
            uncounted: Vec::with_capacity(pairs),
            counted: Vec::with_capacity(pairs),
            kept: Vec::with_capacity(pairs),
            trimmed: Vec::with_capacity(pairs),
            ..MemoryRun::default()
        };
        for pair in 0..pairs {
            // The two calls of a pair swap places every other pair, so that what the first
            // call leaves to the second (caches, the allocator's free lists) cancels out.
            for counted_call in [pair % 2 == 1, pair % 2 == 0] {
                if counted_call {
                    self.case.prepare()?;
                    let (answer, sample) = self.named(sample(self.contender, self.case))?;
                    run.wrong |= answer != self.case.expected;
                    run.answer = (self.case.as_sum)(&answer);
                    run.counted.push(sample);
                } else {
                    let (ns, wrong) = self.single()?;
                    run.wrong |= wrong;
                    run.uncounted.push(ns);
                }
            }
        }
        let peak = run.counted.iter().map(|s| s.heap.peak_bytes).max();
        if peak.is_some_and(|bytes| bytes >= TRIM_MATTERS_BYTES) && trim_heap() {
            for pair in 0..pairs {
                for trimmed in [pair % 2 == 1, pair % 2 == 0] {
                    if trimmed {
                        trim_heap();
                    }
                    let (ns, wrong) = self.single()?;
                    run.wrong |= wrong;
                    match trimmed {
                        true => run.trimmed.push(ns),
                        false => run.kept.push(ns),
                    }
                }
            }
        }
        Ok(run)
    }
}

/// Below this peak heap, glibc's allocator keeps what is freed (its default trim
/// threshold is 128 KiB), so a trimmed heap and a kept one are the same state.
pub(crate) const TRIM_MATTERS_BYTES: u64 = 128 * 1024;

/// Asks the allocator to give its free memory back to the system; whether it can
/// (glibc's `malloc_trim`; other allocators have no such call here).
pub(crate) fn trim_heap() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only walks glibc's own arenas, under their locks.
        unsafe { libc::malloc_trim(0) };
        true
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}
