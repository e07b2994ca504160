//! What the engine measures, for any code: a [`Contender`] is one strategy as a named call
//! that returns an answer; a [`Case`] is what every contender of one run must answer, and
//! what each result row says about the input.
//!
//! The engine knows nothing of summing: the built-in workloads turn each registered
//! strategy into a `Contender<u64>`, and a crate of
//! its own turns closures over its own input into `Contender<O>` through
//! [`crate::Comparison`]. Both are then measured by the same rounds
//! ([`crate::measure::run_all`]).

use serde::{Deserialize, Serialize};

use super::CacheState;
use super::calls::{Calls, Plain, Prepared};
use super::{Mode, Sample, Workload};

/// A call that returns an answer of type `O`, or why it could not.
pub type Call<'a, O> = Box<dyn Fn() -> anyhow::Result<O> + Sync + 'a>;

/// One strategy as the engine sees it: a name, a call, and what the memory check and the
/// baseline need to know about it.
pub struct Contender<'a, O> {
    name: String,
    description: String,
    parallel: bool,
    heap_bound: Option<u64>,
    calls: Box<dyn Calls<O> + 'a>,
    prime: Option<Call<'a, O>>,
}

impl<'a, O> Contender<'a, O> {
    /// A strategy called `name` that runs `call`. Anything the call builds must be used
    /// (returned, or passed through [`std::hint::black_box`]), or the optimizer may remove
    /// the allocation and the memory figures would show memory never used.
    pub fn new(name: impl Into<String>, call: impl Fn() -> anyhow::Result<O> + Sync + 'a) -> Self {
        Self::from_calls(name, Box::new(Plain(call)))
    }

    /// A strategy called `name` that runs `routine` on an input `setup` makes for each call,
    /// and whose answer `answer` reads from that input and the routine's output.
    ///
    /// `setup` runs before the call, outside the time and the memory figures; `routine`
    /// may change the input or take it (`std::mem::take`). The output may be of any type:
    /// it is in the heap figure while the call holds it, and it is dropped after `answer`
    /// has read it, outside the figures, with the input. A routine that should pay for the
    /// drop drops the output itself and returns what `answer` needs.
    ///
    /// A timed sample of `n` calls makes its `n` inputs first and holds them at once;
    /// short calls are batched so that a sample lasts at least 50 µs, with at most 64 MiB
    /// of inputs held. Calibration runs `setup` once more, alone, to weigh an input.
    pub fn with_setup<S: Send + 'a, T: Send + 'a>(
        name: impl Into<String>,
        setup: impl Fn() -> anyhow::Result<S> + Sync + 'a,
        routine: impl Fn(&mut S) -> anyhow::Result<T> + Sync + 'a,
        answer: impl Fn(&S, T) -> O + Sync + 'a,
    ) -> Self
    where
        O: 'a,
    {
        Self::from_calls(name, Box::new(Prepared::new(setup, routine, answer)))
    }

    fn from_calls(name: impl Into<String>, calls: Box<dyn Calls<O> + 'a>) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            parallel: false,
            heap_bound: None,
            calls,
            prime: None,
        }
    }

    /// One line saying what the strategy does, for `--list`.
    pub fn describe(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Marks a strategy that runs on rayon's pool: its memory is measured after the
    /// others', and a memory baseline allows it the scheduler's few KiB of queue blocks.
    pub fn parallel(mut self, parallel: bool) -> Self {
        self.parallel = parallel;
        self
    }

    /// Declares the most heap bytes the strategy may hold at once: a run refuses it when
    /// the bound exceeds the available memory, and warns when a call exceeds it.
    pub fn heap_bound(mut self, bytes: u64) -> Self {
        self.heap_bound = Some(bytes);
        self
    }

    /// The call that primes the strategy before anything is measured (a smaller input, for
    /// one-time set-up such as rayon's pool); the strategy's own call by default.
    pub fn primed_by(mut self, call: impl Fn() -> anyhow::Result<O> + Sync + 'a) -> Self {
        self.prime = Some(Box::new(call));
        self
    }

    /// The strategy's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the strategy does, in one line (empty when not given).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Whether it runs on rayon's pool.
    pub fn is_parallel(&self) -> bool {
        self.parallel
    }

    /// Its declared heap bound, if any.
    pub fn declared_heap_bound(&self) -> Option<u64> {
        self.heap_bound
    }

    /// Runs the strategy once, its setup included, outside any figure.
    pub fn call(&self) -> anyhow::Result<O> {
        self.calls.once()
    }

    /// `batch` calls with counting off, timed together (see `Calls::timed`).
    pub(crate) fn timed(&self, batch: usize, answers: &mut Vec<O>) -> anyhow::Result<u64> {
        self.calls.timed(batch, answers)
    }

    /// One call with `wrap` around the call alone (see `Calls::wrapped`).
    pub(crate) fn wrapped(&self, wrap: &mut dyn FnMut(&mut dyn FnMut())) -> anyhow::Result<O> {
        self.calls.wrapped(wrap)
    }

    /// The heap one of its inputs holds (see `Calls::input_bytes`).
    pub(crate) fn input_bytes(&self) -> anyhow::Result<u64> {
        self.calls.input_bytes()
    }

    /// One call measured by the probes (see `Calls::counted`).
    pub(crate) fn counted(&self) -> anyhow::Result<(anyhow::Result<O>, Sample)> {
        self.calls.counted()
    }

    /// Whether the priming call is the strategy's own call, so that its answer must be the
    /// expected one.
    pub(crate) fn primes_with_its_call(&self) -> bool {
        self.prime.is_none()
    }

    /// Runs the priming call once.
    pub(crate) fn prime(&self) -> anyhow::Result<O> {
        match &self.prime {
            Some(prime) => prime(),
            None => self.call(),
        }
    }
}

impl<O> std::fmt::Debug for Contender<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// A check or preparation run outside any timing, around each call.
pub type Hook<'a> = Box<dyn Fn() -> anyhow::Result<()> + Sync + 'a>;

/// What every contender of one run must answer, and what their result rows say about the
/// input.
pub struct Case<'a, O> {
    /// Written into every result row.
    pub about: About,
    /// The correct answer: a call that returns anything else makes its result incorrect
    /// and fails the run.
    pub expected: O,
    /// The answer as a number for the rows' `sum` field, where it is one.
    pub(crate) as_sum: fn(&O) -> Option<u64>,
    /// Fails when the input is no longer what was checked; run before and after each call.
    pub(crate) check_input: Option<Hook<'a>>,
    /// Runs before each measured call (evicting a file from the page cache, for `--cold`).
    pub(crate) before_call: Option<Hook<'a>>,
    /// More that tells this run from another of the same program with the same strategy
    /// names (a comparison's title and expected answer), for its workers to find it.
    pub(crate) identity: u64,
}

impl<'a, O> Case<'a, O> {
    /// A case whose contenders must all return `expected`.
    pub fn new(about: About, expected: O) -> Self {
        Self {
            about,
            expected,
            as_sum: |_| None,
            check_input: None,
            before_call: None,
            identity: 0,
        }
    }

    /// Tells this case from another of the same program whose strategies have the same
    /// names (see `crate::measure::worker::fingerprint`).
    pub fn identified_by(mut self, identity: u64) -> Self {
        self.identity = identity;
        self
    }

    /// Reports each answer as a number (the rows' `sum` and `expected_sum`).
    pub fn with_sum(mut self, as_sum: fn(&O) -> Option<u64>) -> Self {
        self.as_sum = as_sum;
        self
    }

    /// Checks the input is unchanged before and after every call, outside the timing.
    pub fn check_input(mut self, check: impl Fn() -> anyhow::Result<()> + Sync + 'a) -> Self {
        self.check_input = Some(Box::new(check));
        self
    }

    /// Runs `prepare` before each measured call, outside the timing.
    pub fn before_call(mut self, prepare: impl Fn() -> anyhow::Result<()> + Sync + 'a) -> Self {
        self.before_call = Some(Box::new(prepare));
        self
    }

    /// Runs the input check, if any.
    pub fn input_unchanged(&self) -> anyhow::Result<()> {
        self.check_input.as_ref().map_or(Ok(()), |check| check())
    }

    /// Runs the preparation, if any.
    pub fn prepare(&self) -> anyhow::Result<()> {
        self.before_call
            .as_ref()
            .map_or(Ok(()), |prepare| prepare())
    }
}

/// What a result row says about its input, the same for every contender of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct About {
    /// The workload and its input file.
    pub input: InputInfo,
    /// Elements as written or passed through `black_box`; `None` for a crate's own
    /// comparison, which says nothing of it.
    pub mode: Option<Mode>,
    /// Elements each call visits (0 when not said): gives the time per element.
    pub n: u64,
    /// The chunk size given to chunked strategies; `None` where there is none.
    pub chunk_size: Option<usize>,
}

/// The workload and its input file, where there is one: the same fields in a run's report
/// and in each of its rows, flattened into both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InputInfo {
    /// Which built-in workload was measured, the range `0..n` or a file's values; `None`
    /// for a crate's own comparison, whose report has its title instead.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "saved_workload"
    )]
    pub workload: Option<Workload>,
    /// The input file, as given; `None` where there is none.
    #[serde(default)]
    pub input_path: Option<String>,
    /// The input's size in bytes, where it is read (it gives MB/s).
    #[serde(default)]
    pub input_bytes: Option<u64>,
    /// The input file's page-cache state at the start of each timed call; `None` where
    /// there is no file.
    #[serde(default)]
    pub cache: Option<CacheState>,
}

/// A saved workload; `"custom"` (see CHANGELOG.md) reads as none.
fn saved_workload<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Workload>, D::Error> {
    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Saved {
        Range,
        File,
        Custom,
    }
    Ok(match Option::<Saved>::deserialize(deserializer)? {
        Some(Saved::Range) => Some(Workload::Range),
        Some(Saved::File) => Some(Workload::File),
        Some(Saved::Custom) | None => None,
    })
}
