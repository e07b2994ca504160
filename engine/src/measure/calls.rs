//! How the rounds call one contender: once, in a timed batch, and once counted. A plain
//! call ([`Plain`]) answers from nothing; a prepared one ([`Prepared`]) gets an input made
//! for it before the call, outside the time and the memory figures, and its output is
//! turned into the answer after the call, outside them too.

use std::sync::Mutex;
use std::time::Instant;

use super::{Sample, alloc, duration_ns, probed};

/// The three ways the rounds make calls; the engine's one place where a call is timed.
pub(crate) trait Calls<O>: Sync {
    /// One call, outside any figure: priming, a single untimed call.
    fn once(&self) -> anyhow::Result<O>;

    /// `batch` calls back to back with counting off, under one reading of the clock: their
    /// answers pushed onto `answers`, and the batch's wall time in ns. Inputs are made before
    /// the clock starts, and outputs turned into answers after it stops.
    fn timed(&self, batch: usize, answers: &mut Vec<O>) -> anyhow::Result<u64>;

    /// One call with the clock, the heap counters and the kernel's counters around it
    /// ([`probed`]); the outer error is a probe's or the setup's, the inner one the call's.
    fn counted(&self) -> anyhow::Result<(anyhow::Result<O>, Sample)>;

    /// One call with `wrap` around the call alone: the setup runs before `wrap`, the answer
    /// is read after it, and `wrap` is given the call to make once (a recording of memory
    /// over time wraps it so).
    fn wrapped(&self, wrap: &mut dyn FnMut(&mut dyn FnMut())) -> anyhow::Result<O>;

    /// The heap one input holds once made, in bytes: 0 for a call with no input, or when
    /// the counting allocator is not installed to say.
    fn input_bytes(&self) -> anyhow::Result<u64> {
        Ok(0)
    }
}

/// The error of a `wrap` that did not make the call it was given.
fn not_called() -> anyhow::Error {
    anyhow::anyhow!("the call was not made")
}

/// A call that answers from nothing it is given: the answer is its output.
pub(crate) struct Plain<F>(pub F);

impl<O, F: Fn() -> anyhow::Result<O> + Sync> Calls<O> for Plain<F> {
    fn once(&self) -> anyhow::Result<O> {
        (self.0)()
    }

    fn timed(&self, batch: usize, answers: &mut Vec<O>) -> anyhow::Result<u64> {
        let (outcome, ns) = alloc::uncounted(|| {
            let start = Instant::now();
            for _ in 0..batch {
                match (self.0)() {
                    Ok(answer) => answers.push(answer),
                    Err(error) => return (Err(error), 0),
                }
            }
            (Ok(()), duration_ns(start.elapsed()))
        });
        outcome.map(|()| ns)
    }

    fn counted(&self) -> anyhow::Result<(anyhow::Result<O>, Sample)> {
        probed(|| (self.0)())
    }

    fn wrapped(&self, wrap: &mut dyn FnMut(&mut dyn FnMut())) -> anyhow::Result<O> {
        let mut answer = None;
        wrap(&mut || answer = Some((self.0)()));
        answer.ok_or_else(not_called)?
    }
}

/// A call on an input of its own: `setup` makes it, `routine` runs on it (and may change or
/// empty it), and `answer` reads the answer from the input and the output after the call.
/// The input and the output are dropped after the answer is read, outside the figures; the
/// output is in the heap figure while the call holds it.
///
/// A timed batch makes all its inputs first, so a batch of `n` calls holds `n` inputs at
/// once (criterion's `BatchSize::SmallInput` does the same), and calibration bounds `n` by
/// the inputs' size ([`Calls::input_bytes`]); the buffers for them are kept
/// from one batch to the next, so that between two samples the runner allocates nothing.
pub(crate) struct Prepared<S, T, Setup, Routine, Answer> {
    pub setup: Setup,
    pub routine: Routine,
    pub answer: Answer,
    /// The current batch's inputs and outputs, empty between batches.
    pub buffers: Mutex<(Vec<S>, Vec<T>)>,
}

impl<S, T, Setup, Routine, Answer> Prepared<S, T, Setup, Routine, Answer> {
    pub fn new(setup: Setup, routine: Routine, answer: Answer) -> Self {
        Self {
            setup,
            routine,
            answer,
            buffers: Mutex::new((Vec::new(), Vec::new())),
        }
    }
}

impl<O, S, T, Setup, Routine, Answer> Calls<O> for Prepared<S, T, Setup, Routine, Answer>
where
    S: Send,
    T: Send,
    Setup: Fn() -> anyhow::Result<S> + Sync,
    Routine: Fn(&mut S) -> anyhow::Result<T> + Sync,
    Answer: Fn(&S, T) -> O + Sync,
{
    fn once(&self) -> anyhow::Result<O> {
        let mut input = (self.setup)()?;
        let output = (self.routine)(&mut input)?;
        Ok((self.answer)(&input, output))
    }

    fn timed(&self, batch: usize, answers: &mut Vec<O>) -> anyhow::Result<u64> {
        let mut buffers = self
            .buffers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (inputs, outputs) = &mut *buffers;
        inputs.clear();
        outputs.clear();
        let outcome = alloc::uncounted(|| {
            inputs.reserve(batch);
            outputs.reserve(batch);
            for _ in 0..batch {
                inputs.push((self.setup)()?);
            }
            let start = Instant::now();
            for input in inputs.iter_mut() {
                outputs.push((self.routine)(input)?);
            }
            Ok(duration_ns(start.elapsed()))
        });
        // After the clock: answers read, then inputs and outputs dropped, counting off as
        // for the calls themselves.
        alloc::uncounted(|| {
            for (input, output) in inputs.iter().zip(outputs.drain(..)) {
                answers.push((self.answer)(input, output));
            }
            inputs.clear();
        });
        outcome
    }

    fn counted(&self) -> anyhow::Result<(anyhow::Result<O>, Sample)> {
        let mut input = (self.setup)()?;
        let (output, sample) = probed(|| (self.routine)(&mut input))?;
        Ok((output.map(|output| (self.answer)(&input, output)), sample))
    }

    fn wrapped(&self, wrap: &mut dyn FnMut(&mut dyn FnMut())) -> anyhow::Result<O> {
        let mut input = (self.setup)()?;
        let mut output = None;
        wrap(&mut || output = Some((self.routine)(&mut input)));
        let output = output.ok_or_else(not_called)??;
        Ok((self.answer)(&input, output))
    }

    fn input_bytes(&self) -> anyhow::Result<u64> {
        match alloc::measure(&self.setup) {
            Ok((input, heap)) => {
                let input = input?;
                alloc::uncounted(|| drop(input));
                Ok(heap.retained_bytes.max(0) as u64)
            }
            Err(alloc::NotInstalled) => Ok(0),
        }
    }
}
