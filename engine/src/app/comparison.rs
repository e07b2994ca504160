//! [`Comparison`]: any crate's strategies, on any input and output, measured as sumbench
//! measures its own, from one call in the crate's `main`.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::process::ExitCode;

use clap::Parser;

use super::args::RunOptions;
use super::exit::{self, Failure, print_out};
use super::run;
use crate::export::RunReport;
use crate::measure::{About, CacheState, Case, Contender, Launch, Workers};

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

    /// Parses the command line ([`ComparisonArgs`]), runs, and gives the exit code: 0, 1
    /// for a failure while running (a wrong answer, a failed memory gate), 2 for bad
    /// input. Errors are one line on stderr.
    pub fn main(self) -> ExitCode {
        match exit::parse_args::<ComparisonArgs>() {
            Ok(args) => self
                .run(&args)
                .map_or_else(Failure::exit_code, |_| ExitCode::SUCCESS),
            Err(code) => code,
        }
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
            ..
        } = self;
        let Some(expected) = expected else {
            return Err(Failure::Usage(format!(
                "the comparison '{title}' has no expected answer: give one with .expect() or \
                 .reference()"
            )));
        };
        if contenders.is_empty() {
            return Err(Failure::Usage(format!(
                "the comparison '{title}' has no strategy"
            )));
        }
        usable_name("comparison title", &title)?;
        for contender in &contenders {
            usable_name("strategy name", contender.name())?;
        }
        // Results, ratios and baselines are matched by name.
        let names: Vec<&str> = contenders.iter().map(Contender::name).collect();
        if let Some(twice) = names
            .iter()
            .enumerate()
            .find_map(|(i, name)| names[..i].contains(name).then_some(name))
        {
            return Err(Failure::Usage(format!(
                "the comparison '{title}' names two strategies '{twice}': give each its own \
                 name"
            )));
        }
        if parameters.is_empty() && !args.sizes.is_empty() {
            return Err(Failure::Usage(format!(
                "the comparison '{title}' has no sizes: --size is for a sweep"
            )));
        }
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
        let mut options = args.options.clone();
        let index = options.reports_dir.is_none().then(|| options.reports_dir());
        if options.reports_dir.is_none() {
            // A comparison's report goes in a folder of its own name, so that several
            // comparisons, or sumbench's own run, never overwrite each other. The
            // folders from `sumbench` down are sumbench's, so none may be a link.
            let dir = options
                .reports_dir()
                .join(sumbench_page::fileset::folder_name(&title));
            if !options.no_save && !crate::measure::worker::active() {
                sumbench_page::fileset::ensure_real_dir_tail(&dir, 3)
                    .map_err(|e| Failure::Usage(format!("{e:#}")))?;
            }
            options.reports_dir = Some(dir);
        }
        let reps = run::repetitions(&options, CacheState::Warm);
        let workers = match options.isolation {
            super::args::Isolation::Shared => Workers::Shared,
            super::args::Isolation::Process => options.workers(launch()?),
        };
        let report = run::run(
            &selected,
            &case,
            Some(&title),
            &parameters,
            &options,
            reps,
            &workers,
        )?;
        // A comparison in its default folder is listed in the index beside it.
        if let Some(root) = index.filter(|_| report.is_some() && !options.no_save) {
            run::write_index(&root);
        }
        Ok(report)
    }
}

/// Refuses what can never be a name in a report: an empty or blank one, one with a
/// control character (it would rewrite a terminal, split a table row, or make an SVG
/// invalid), and `.` or `..` (criterion makes folders of names). Everything else is
/// escaped where it is written.
fn usable_name(what: &str, name: &str) -> Result<(), Failure> {
    let problem = if name.trim().is_empty() {
        "is empty"
    } else if name.chars().any(char::is_control) {
        "holds a control character"
    } else if name == "." || name == ".." {
        "names a folder"
    } else {
        return Ok(());
    };
    Err(Failure::Usage(format!(
        "the {what} {name:?} {problem}: give one of visible characters"
    )))
}

/// The contenders named in `names` (all when none), each once; an unknown name is bad
/// input.
fn select<'a, O>(
    contenders: Vec<Contender<'a, O>>,
    names: &[String],
) -> Result<Vec<Contender<'a, O>>, Failure> {
    if let Some(unknown) = names
        .iter()
        .find(|name| !contenders.iter().any(|c| c.name() == name.as_str()))
    {
        let known: Vec<&str> = contenders.iter().map(Contender::name).collect();
        return Err(Failure::Usage(format!(
            "unknown strategy '{unknown}'; known strategies: {}",
            known.join(", ")
        )));
    }
    Ok(contenders
        .into_iter()
        .filter(|c| names.is_empty() || names.iter().any(|name| name == c.name()))
        .collect())
}

/// `--list`: the strategies, with their descriptions.
fn list<O>(title: &str, contenders: &[Contender<'_, O>]) -> Result<(), Failure> {
    let names: Vec<(&str, &str)> = contenders
        .iter()
        .map(|c| (c.name(), c.description()))
        .collect();
    list_names(title, &names)
}

/// Prints `title` and each `(name, description)`, one a line.
pub(crate) fn list_names(title: &str, names: &[(&str, &str)]) -> Result<(), Failure> {
    let mut listing = format!("{title}: {} strategies\n", names.len());
    for (name, description) in names {
        let line = format!("{name:<18}  {description}");
        listing.push_str(line.trim_end());
        listing.push('\n');
    }
    print_out(&listing)?;
    Ok(())
}

#[cfg(feature = "criterion")]
impl<'a, I: ?Sized + Sync, O: PartialEq + Debug + 'a> Comparison<'a, I, O> {
    /// The criterion path: times every strategy with criterion, in a group named after the
    /// comparison (allocation counting off, as in every timed call of sumbench), then runs
    /// the comparison as [`Comparison::main`] does with the default options, for the exact
    /// memory figures, the paired verdict and the report in `reports/`. When criterion only
    /// checks or lists the benches (`cargo bench -- --test`), only criterion runs. A filter
    /// (`cargo bench -- NAME`) chooses the strategies of both: those criterion ran, and
    /// none, with nothing saved, when it ran none.
    ///
    /// A failure (a wrong answer, a strategy's error, a report folder that cannot be
    /// written) ends the bench with its one-line message and a non-zero exit code.
    pub fn bench(self, criterion: &mut criterion::Criterion) {
        let mut args = ComparisonArgs::parse_from(["bench"]);
        if crate::measure::worker::active() {
            // The strategies the parent chose, so that the worker's comparison is its own.
            if let Some(chosen) = std::env::var_os(CHOSEN_VAR) {
                args.strategies = chosen
                    .to_string_lossy()
                    .lines()
                    .map(str::to_owned)
                    .collect();
            }
            if let Err(failure) = self.run_with(&args, Launch::this_command) {
                std::process::exit(i32::from(failure.report()));
            }
            return;
        }
        // criterion's filter (`cargo bench -- NAME`) chooses the strategies of both passes:
        // the ones whose function criterion ran.
        let mut group = criterion.benchmark_group(&self.title);
        for contender in &self.contenders {
            let mut ran = false;
            group.bench_function(contender.name(), |bencher| {
                ran = true;
                bencher.iter(|| crate::measure::alloc::uncounted(|| contender.call()))
            });
            if ran {
                args.strategies.push(contender.name().to_owned());
            }
        }
        group.finish();
        if only_checking() || args.strategies.is_empty() {
            return;
        }
        // A worker serves its strategy, and criterion's own benches are not run again.
        let chosen = args.strategies.join("\n");
        let launch = || {
            Launch::this_command().map(|launch| Launch {
                args: vec!["--bench".into(), WORKER_FILTER.into()],
                env: [launch.env, vec![(CHOSEN_VAR.into(), chosen.into())]].concat(),
                ..launch
            })
        };
        if let Err(failure) = self.run_with(&args, launch) {
            std::process::exit(i32::from(failure.report()));
        }
    }
}

/// The strategies a bench's worker compares, one name a line: the ones criterion's filter
/// chose in the parent. A name holds no control character, so a line is one name.
#[cfg(feature = "criterion")]
const CHOSEN_VAR: &str = "SUMBENCH_BENCH_STRATEGIES";

/// The filter a bench's worker is started with: it matches no benchmark's name, so that
/// criterion runs none of the bench's other benches again in the worker.
#[cfg(feature = "criterion")]
const WORKER_FILTER: &str = "^sumbench-worker: no bench$";

/// Whether criterion does anything but measure: `cargo bench -- --test`, `--list`,
/// `--profile-time`, or `cargo test --benches` (no `--bench` argument, which criterion
/// takes as its test mode). Then nothing of sumbench's is measured or saved.
pub fn only_checking() -> bool {
    checks_only(std::env::args())
}

/// [`only_checking`] for the arguments `args`.
fn checks_only(args: impl Iterator<Item = String>) -> bool {
    let mut bench = false;
    for arg in args {
        match arg.as_str() {
            "--test" | "--list" | "--profile-time" => return true,
            "--bench" => bench = true,
            _ => {}
        }
    }
    !bench
}

#[cfg(test)]
mod tests;
