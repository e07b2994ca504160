//! [`Comparison`]: any crate's strategies, on any input and output, measured as sumbench
//! measures its own, from one call in the crate's `main`.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::process::ExitCode;

use clap::Parser;

use super::args::RunOptions;
use super::exit::{self, Failure};
use super::run;

mod bench;
mod names;

use crate::export::RunReport;
use crate::measure::{About, CacheState, Case, Contender, Launch, Workers};
#[cfg(test)]
use bench::checks_only;
pub use bench::only_checking;
pub(crate) use names::list_names;
use names::{list, select, usable_name};

/// The command line of a crate's own comparison: sumbench's run options, a strategy filter
/// and `--list`.
#[derive(Debug, Clone, Parser)]
#[command(about = "Compare strategies in wall time and in memory (sumbench)")]
pub struct ComparisonArgs {
    /// Run only this strategy (repeatable); see --list.
    #[arg(long = "strategy", value_name = "NAME")]
    pub strategies: Vec<String>,
    /// List the strategies and exit.
    #[arg(long)]
    pub list: bool,
    /// Do not record memory over time (one more call of each strategy, after the rounds).
    #[arg(long)]
    pub no_timeline: bool,
    /// Measure only this size of a sweep (repeatable); see its sizes with --list.
    #[arg(long = "size", value_name = "N", value_parser = super::args::parse_count::<u64>)]
    pub sizes: Vec<u64>,
    /// How the comparison is run, reported and gated.
    #[command(flatten)]
    pub options: RunOptions,
}

/// Strategies of one's own, compared in wall time and in memory on one input.
///
/// Every strategy gets what sumbench's built-in ones get: interleaved rounds with a
/// median, its interval and paired ratios; exact peak heap, allocations and bytes from the
/// counting allocator; peak RSS and page faults from the kernel; the verdict and the
/// trade-off chart; `latest.json`, `latest.md` and `tradeoff-latest.svg` in
/// `sumbench/reports/NAME/` in the cargo target directory (the title as a folder name,
/// `target/sumbench/reports/sum-of-squares/` below) or `--reports-dir`; `--save-baseline`, `--baseline` and `--max-memory-growth`. The answer of every
/// call is checked against the expected one, and a wrong answer fails the run.
///
/// The binary must count allocations: declare sumbench's allocator as the global one.
///
/// ```no_run
/// use sumbench::{Comparison, CountingAlloc};
///
/// #[global_allocator]
/// static ALLOCATOR: CountingAlloc = CountingAlloc;
///
/// fn main() -> std::process::ExitCode {
///     let numbers: Vec<u64> = (0..1_000_000).collect();
///     Comparison::new("sum of squares", &numbers)
///         .elements(numbers.len() as u64)
///         .reference(|v| v.iter().map(|x| x * x).sum::<u64>())
///         .strategy("iterator", |v| v.iter().map(|x| x * x).sum())
///         .strategy("collected", |v| {
///             let squares: Vec<u64> = v.iter().map(|x| x * x).collect();
///             squares.iter().sum()
///         })
///         .main()
/// }
/// ```
pub struct Comparison<'a, I: ?Sized, O> {
    title: String,
    input: &'a I,
    expected: Option<O>,
    about: About,
    contenders: Vec<Contender<'a, O>>,
    /// Set by a [`crate::Sweep`] for each of its points: the size, by its name.
    parameters: BTreeMap<String, u64>,
    /// Whether memory over time is recorded (a sweep records it at its largest size only).
    timeline: bool,
}

impl<'a, I: ?Sized + Sync, O: PartialEq + Debug + 'a> Comparison<'a, I, O> {
    /// A comparison called `title` of strategies that all read `input`.
    pub fn new(title: impl Into<String>, input: &'a I) -> Self {
        Self {
            title: title.into(),
            input,
            expected: None,
            about: About::default(),
            contenders: Vec::new(),
            parameters: BTreeMap::new(),
            timeline: true,
        }
    }

    /// The answer every strategy must return.
    pub fn expect(mut self, answer: O) -> Self {
        self.expected = Some(answer);
        self
    }

    /// Computes the expected answer once with `reference`, before anything is measured.
    pub fn reference(self, reference: impl FnOnce(&I) -> O) -> Self {
        let answer = reference(self.input);
        self.expect(answer)
    }

    /// The number of elements each call visits: the report then gives a time per element.
    pub fn elements(mut self, n: u64) -> Self {
        self.about.n = n;
        self
    }

    /// The input's size in bytes: the report then gives MB/s.
    pub fn input_bytes(mut self, bytes: u64) -> Self {
        self.about.input.input_bytes = Some(bytes);
        self
    }

    /// Adds a strategy: `run` answers from the input. What it builds must be returned or
    /// used, or the optimizer may remove it (pass it through [`std::hint::black_box`]).
    pub fn strategy(self, name: impl Into<String>, run: impl Fn(&I) -> O + Sync + 'a) -> Self {
        let input = self.input;
        self.contender(Contender::new(name, move || Ok(run(input))))
    }

    /// Adds a strategy whose output is of its own type `T` (a `Vec`, a `HashMap`, a
    /// `Vec<&str>` borrowed from the input): `answer` reads what all strategies share from it (a count, a sorted
    /// list, a hash), after the call and outside the figures. The output is in the heap
    /// figure while the call holds it, and is dropped after the call, outside the time and
    /// memory figures. To count the drop in, drop it inside `run` and use
    /// [`Comparison::strategy`].
    ///
    /// ```no_run
    /// # use std::collections::{BTreeSet, HashSet};
    /// # let text = String::new();
    /// # let comparison = sumbench::Comparison::new("distinct words", text.as_str()).expect(0);
    /// comparison
    ///     .strategy_output(
    ///         "hash_set",
    ///         |t| t.split_whitespace().collect::<HashSet<_>>(),
    ///         HashSet::len,
    ///     )
    ///     .strategy_output(
    ///         "btree_set",
    ///         |t| t.split_whitespace().collect::<BTreeSet<_>>(),
    ///         BTreeSet::len,
    ///     );
    /// ```
    pub fn strategy_output<T: Send + 'a>(
        self,
        name: impl Into<String>,
        run: impl Fn(&'a I) -> T + Sync + 'a,
        answer: impl Fn(&T) -> O + Sync + 'a,
    ) -> Self {
        let input = self.input;
        self.contender(Contender::with_setup(
            name,
            || Ok(()),
            move |()| Ok(run(input)),
            move |(), output| answer(&output),
        ))
    }

    /// Adds a strategy that changes its input in place: each call gets its own copy of the
    /// input (`to_owned`), made before the call outside the time and the memory figures,
    /// and `answer` reads the answer from the changed copy after the call. A strategy that
    /// allocates nothing of its own shows 0 B and 0 allocations.
    ///
    /// ```no_run
    /// use sumbench::{Comparison, CountingAlloc};
    ///
    /// #[global_allocator]
    /// static ALLOCATOR: CountingAlloc = CountingAlloc;
    ///
    /// fn main() -> std::process::ExitCode {
    ///     let numbers: Vec<u64> = (0..1_000_000u64).map(|i| i.wrapping_mul(0x9e37_79b9)).collect();
    ///     // The answer: the sorted list's checksum, the same for every sort.
    ///     let checksum = |v: &Vec<u64>| v.iter().enumerate().fold(0u64, |h, (i, x)| h ^ x.rotate_left(i as u32));
    ///     Comparison::new("sorting", &numbers)
    ///         .elements(numbers.len() as u64)
    ///         .reference(|v| checksum(&{ let mut v = v.clone(); v.sort(); v }))
    ///         .strategy_mut("sort", |v| v.sort(), checksum)
    ///         .strategy_mut("sort_unstable", |v| v.sort_unstable(), checksum)
    ///         .main()
    /// }
    /// ```
    pub fn strategy_mut(
        self,
        name: impl Into<String>,
        run: impl Fn(&mut I::Owned) + Sync + 'a,
        answer: impl Fn(&I::Owned) -> O + Sync + 'a,
    ) -> Self
    where
        I: ToOwned,
        I::Owned: Send + 'a,
    {
        let input = self.input;
        self.contender(Contender::with_setup(
            name,
            move || Ok(input.to_owned()),
            move |copy| {
                run(copy);
                Ok(())
            },
            move |copy, ()| answer(copy),
        ))
    }

    /// Adds a strategy that can fail: an error ends the run with its message.
    pub fn try_strategy(
        self,
        name: impl Into<String>,
        run: impl Fn(&I) -> anyhow::Result<O> + Sync + 'a,
    ) -> Self {
        let input = self.input;
        self.contender(Contender::new(name, move || run(input)))
    }

    /// Adds a strategy built in full: with a description, a declared heap bound or the
    /// parallel mark (see [`Contender`]).
    pub fn contender(mut self, contender: Contender<'a, O>) -> Self {
        self.contenders.push(contender);
        self
    }

    /// One point of a sweep: `value` of the parameter `name`, in the report, its headline
    /// and its tracker names.
    pub(crate) fn at(mut self, name: &str, value: u64) -> Self {
        self.parameters.insert(name.to_owned(), value);
        self
    }

    /// Whether to record memory over time after the rounds.
    pub(crate) fn with_timeline(mut self, timeline: bool) -> Self {
        self.timeline = timeline;
        self
    }

    /// Parses the command line ([`ComparisonArgs`]), runs, and gives the exit code: 0, 1
    /// for a failure while running (a wrong answer, a failed memory gate), 2 for bad
    /// input. Errors are one line on stderr.
    pub fn main(self) -> ExitCode {
        main_with(|args| self.run(args))
    }

    /// Runs with `args`, as [`Comparison::main`] does: the report, with every figure, or
    /// why it failed. No report for `--list`, nor in a worker process (below).
    ///
    /// Each strategy is measured in a worker process of its own: this program's binary,
    /// started again with the same arguments. The program must therefore build the same
    /// input and reach the same comparison every time it runs; in a worker, this call
    /// serves one strategy and ends the process, and a comparison the worker does not
    /// serve returns at once.
    pub fn run(self, args: &ComparisonArgs) -> Result<Option<RunReport>, Failure> {
        self.run_with(args, Launch::this_command)
    }

    /// [`Comparison::run`], with workers started by `launch`.
    fn run_with(
        self,
        args: &ComparisonArgs,
        launch: impl FnOnce() -> anyhow::Result<Launch>,
    ) -> Result<Option<RunReport>, Failure> {
        let Self {
            title,
            expected,
            about,
            contenders,
            parameters,
            timeline,
            ..
        } = self;
        let Some(expected) = expected else {
            return Err(Failure::Usage(format!(
                "the comparison '{title}' has no expected answer: give one with .expect() or \
                 .reference()"
            )));
        };
        usable(&title, &contenders, &parameters, args)?;
        let selected = select(contenders, &args.strategies)?;
        if args.list {
            return list(&title, &selected).map(|()| None);
        }
        let identity = {
            use std::hash::{Hash, Hasher};
            #[allow(deprecated)]
            let mut hasher = std::hash::SipHasher::new();
            (&title, &parameters, format!("{expected:?}")).hash(&mut hasher);
            hasher.finish()
        };
        let case = Case::new(about, expected).identified_by(identity);
        let (options, index) = saved_in_own_folder(&title, args)?;
        let reps = run::repetitions(&options, CacheState::Warm);
        let workers = match options.isolation {
            super::args::Isolation::Shared => Workers::Shared,
            super::args::Isolation::Process => options.workers(launch()?),
        };
        // Recorded in this process before the rounds, which run in workers of their own.
        let recordings = match timeline
            && !args.no_timeline
            && !options.no_save
            && !crate::measure::worker::active()
            && matches!(workers, Workers::Processes(_))
        {
            true => super::timelines::record(&selected, &case)?,
            false => Vec::new(),
        };
        let named = run::Named {
            title: Some(&title),
            parameters,
            timelines: &recordings,
        };
        let report = run::run(&selected, &case, &named, &options, reps, &workers)?;
        // A comparison in its default folder is listed in the index beside it.
        if let Some(root) = index.filter(|_| report.is_some() && !options.no_save) {
            run::write_index(&root);
        }
        Ok(report)
    }
}

/// Checks what a comparison was given before anything runs: strategies with usable names,
/// none twice (results, ratios and baselines are matched by name), and sizes only for a
/// sweep.
fn usable<O>(
    title: &str,
    contenders: &[Contender<'_, O>],
    parameters: &std::collections::BTreeMap<String, u64>,
    args: &ComparisonArgs,
) -> Result<(), Failure> {
    if contenders.is_empty() {
        return Err(Failure::Usage(format!(
            "the comparison '{title}' has no strategy"
        )));
    }
    usable_name("comparison title", title)?;
    for contender in contenders {
        usable_name("strategy name", contender.name())?;
    }
    let names: Vec<&str> = contenders.iter().map(Contender::name).collect();
    if let Some(twice) = names
        .iter()
        .enumerate()
        .find_map(|(i, name)| names[..i].contains(name).then_some(name))
    {
        return Err(Failure::Usage(format!(
            "the comparison '{title}' names two strategies '{twice}': give each its own name"
        )));
    }
    if parameters.is_empty() && !args.sizes.is_empty() {
        return Err(Failure::Usage(format!(
            "the comparison '{title}' has no sizes: --size is for a sweep"
        )));
    }
    Ok(())
}

/// The run's options with its reports in a folder of the comparison's own name, where no
/// folder was given, so that several comparisons, or sumbench's own run, never overwrite
/// each other; and then the folder whose index lists it. The folders from `sumbench`
/// down are sumbench's, so none may be a link.
fn saved_in_own_folder(
    title: &str,
    args: &ComparisonArgs,
) -> Result<(RunOptions, Option<std::path::PathBuf>), Failure> {
    let mut options = args.options.clone();
    let index = options.reports_dir.is_none().then(|| options.reports_dir());
    if options.reports_dir.is_none() {
        let dir = options
            .reports_dir()
            .join(sumbench_page::fileset::folder_name(title));
        if !options.no_save && !crate::measure::worker::active() {
            sumbench_page::fileset::ensure_real_dir_tail(&dir, 3)
                .map_err(|e| Failure::Usage(format!("{e:#}")))?;
        }
        options.reports_dir = Some(dir);
    }
    Ok((options, index))
}

/// Parses the command line ([`ComparisonArgs`]), runs `run` with it, and gives the exit
/// code: a comparison's and a sweep's `main`.
pub(crate) fn main_with<T>(run: impl FnOnce(&ComparisonArgs) -> Result<T, Failure>) -> ExitCode {
    match exit::parse_args::<ComparisonArgs>() {
        Ok(args) => run(&args).map_or_else(Failure::exit_code, |_| ExitCode::SUCCESS),
        Err(code) => code,
    }
}

#[cfg(test)]
mod tests;
