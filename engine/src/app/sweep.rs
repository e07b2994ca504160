//! [`Sweep`]: one comparison at each of several sizes, with the input made for each size;
//! then how each strategy's time and peak heap grow, and where the faster one changes.

use std::fmt::Debug;
use std::process::ExitCode;

use super::comparison::{Comparison, ComparisonArgs, list_names, main_with};
use super::exit::{self, Failure, print_out};
use crate::export::Format;
use crate::export::sweep::{SWEEP_FILES, SweepReport, point_folder};
use sumbench_page::units::grouped;

/// Strategies of one's own compared at several sizes, each with an input made for it.
///
/// Every size is a [`Comparison`] of its own, with all that one gives (a table, a
/// verdict, `latest.json`, `latest.md` and the trade-off chart, in a folder `n-SIZE`),
/// and its tracker names carry the title and the size (`sorting/n=1000/sort`). Then the
/// sweep fits how each strategy's time and peak heap grow with the size (`n^1.02`, with
/// the range the intervals allow), finds the sizes between which the faster of two
/// strategies changes, and writes `sweep.json`, `sweep.md`, `index.html` and two log–log
/// charts, `time.svg` and `peak.svg`, into `sumbench/reports/TITLE/` in the cargo target
/// directory (or `--reports-dir`).
///
/// ```no_run
/// use sumbench::{CountingAlloc, Sweep};
///
/// #[global_allocator]
/// static ALLOCATOR: CountingAlloc = CountingAlloc;
///
/// fn main() -> std::process::ExitCode {
///     let numbers = |n: u64| (0..n).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect::<Vec<u64>>();
///     let sum = |v: &Vec<u64>| v.iter().fold(0u64, |a, &x| a.wrapping_add(x));
///     Sweep::new("sorting", [10_000, 100_000, 1_000_000], numbers)
///         .elements()
///         .reference(sum)
///         .strategy_mut("sort", |v| v.sort(), sum)
///         .strategy_mut("sort_unstable", |v| v.sort_unstable(), sum)
///         .main()
/// }
/// ```
pub struct Sweep<'a, I, O> {
    title: String,
    parameter: String,
    sizes: Vec<u64>,
    input: Box<dyn Fn(u64) -> I + 'a>,
    reference: Option<Reference<'a, I, O>>,
    elements: bool,
    strategies: Vec<Box<dyn Entry<I, O> + 'a>>,
}

/// What computes each size's expected answer.
type Reference<'a, I, O> = Box<dyn Fn(&I) -> O + 'a>;

/// One strategy of a sweep, added to the comparison at each size.
trait Entry<I, O> {
    fn name(&self) -> &str;
    fn add_to<'x>(&'x self, comparison: Comparison<'x, I, O>) -> Comparison<'x, I, O>
    where
        I: 'x,
        O: 'x;
}

/// A strategy that answers from the input.
struct Reads<F> {
    name: String,
    run: F,
}

impl<I: Sync, O: PartialEq + Debug, F: Fn(&I) -> O + Sync> Entry<I, O> for Reads<F> {
    fn name(&self) -> &str {
        &self.name
    }

    fn add_to<'x>(&'x self, comparison: Comparison<'x, I, O>) -> Comparison<'x, I, O>
    where
        I: 'x,
        O: 'x,
    {
        comparison.strategy(self.name.clone(), |input| (self.run)(input))
    }
}

/// A strategy that changes a fresh copy of the input.
struct InPlace<F, A> {
    name: String,
    run: F,
    answer: A,
}

impl<I, O, F, A> Entry<I, O> for InPlace<F, A>
where
    I: Sync + ToOwned,
    I::Owned: Send + 'static,
    O: PartialEq + Debug,
    F: Fn(&mut I::Owned) + Sync,
    A: Fn(&I::Owned) -> O + Sync,
{
    fn name(&self) -> &str {
        &self.name
    }

    fn add_to<'x>(&'x self, comparison: Comparison<'x, I, O>) -> Comparison<'x, I, O>
    where
        I: 'x,
        O: 'x,
    {
        comparison.strategy_mut(
            self.name.clone(),
            |copy| (self.run)(copy),
            |copy| (self.answer)(copy),
        )
    }
}

impl<'a, I: Sync + 'a, O: PartialEq + Debug + 'a> Sweep<'a, I, O> {
    /// A sweep called `title` over `sizes`, each size's input made by `input`. The sizes
    /// are measured in increasing order.
    pub fn new(
        title: impl Into<String>,
        sizes: impl IntoIterator<Item = u64>,
        input: impl Fn(u64) -> I + 'a,
    ) -> Self {
        Self {
            title: title.into(),
            parameter: "n".to_owned(),
            sizes: sizes.into_iter().collect(),
            input: Box::new(input),
            reference: None,
            elements: false,
            strategies: Vec::new(),
        }
    }

    /// What the sizes count, for the tables, charts and tracker names (`n` by default).
    pub fn parameter(mut self, name: impl Into<String>) -> Self {
        self.parameter = name.into();
        self
    }

    /// Each size is the number of elements a call visits: the tables then give a time per
    /// element.
    pub fn elements(mut self) -> Self {
        self.elements = true;
        self
    }

    /// Computes each size's expected answer with `reference`, before that size is measured.
    pub fn reference(mut self, reference: impl Fn(&I) -> O + 'a) -> Self {
        self.reference = Some(Box::new(reference));
        self
    }

    /// Adds a strategy that answers from the input (see [`Comparison::strategy`]).
    pub fn strategy(mut self, name: impl Into<String>, run: impl Fn(&I) -> O + Sync + 'a) -> Self {
        self.strategies.push(Box::new(Reads {
            name: name.into(),
            run,
        }));
        self
    }

    /// Adds a strategy that changes its own copy of the input, made before each call
    /// outside the figures (see [`Comparison::strategy_mut`]).
    pub fn strategy_mut(
        mut self,
        name: impl Into<String>,
        run: impl Fn(&mut I::Owned) + Sync + 'a,
        answer: impl Fn(&I::Owned) -> O + Sync + 'a,
    ) -> Self
    where
        I: ToOwned,
        I::Owned: Send + 'static,
    {
        self.strategies.push(Box::new(InPlace {
            name: name.into(),
            run,
            answer,
        }));
        self
    }

    /// Parses the command line ([`ComparisonArgs`]), runs, and gives the exit code, as
    /// [`Comparison::main`] does.
    pub fn main(self) -> ExitCode {
        main_with(|args| self.run(args))
    }

    /// Runs every size with `args`, as [`Comparison::run`] does each, then fits, saves and
    /// prints the sweep: the report, or why it failed. No report for `--list`, nor in a
    /// worker process, which serves one strategy at one size and ends.
    ///
    /// With `--format table` each size prints its table and the sweep its summary; with
    /// another format only the sweep prints, once: its JSON, Markdown or CSV, or the
    /// sizes' tracker documents merged into one.
    pub fn run(self, args: &ComparisonArgs) -> Result<Option<SweepReport>, Failure> {
        let Some(reference) = &self.reference else {
            return Err(Failure::Usage(format!(
                "the sweep '{}' has no expected answer: give one with .reference()",
                self.title
            )));
        };
        let sizes = self.selected_sizes(args)?;
        if args.list {
            let names: Vec<(&str, &str)> = self.strategies.iter().map(|s| (s.name(), "")).collect();
            list_names(&self.title, &names)?;
            let sizes: Vec<String> = sizes.iter().map(|&size| grouped(size)).collect();
            print_out(&format!(
                "sizes ({}): {}\n",
                self.parameter,
                sizes.join(", ")
            ))?;
            return Ok(None);
        }
        let root = match &args.options.reports_dir {
            Some(dir) => dir.clone(),
            None => args
                .options
                .reports_dir()
                .join(sumbench_page::fileset::folder_name(&self.title)),
        };
        if !args.options.no_save && !crate::measure::worker::active() {
            if args.options.reports_dir.is_none() {
                // `sumbench/reports/TITLE` in the target directory is sumbench's: no link.
                sumbench_page::fileset::ensure_real_dir_tail(&root, 3)
                    .map_err(|e| Failure::Usage(format!("{e:#}")))?;
            }
            exit::writable(&root, &SWEEP_FILES)?;
        }
        let mut runs = Vec::with_capacity(sizes.len());
        let mut served_elsewhere = false;
        for &size in &sizes {
            let input = (self.input)(size);
            let mut comparison = Comparison::new(self.title.clone(), &input)
                .at(&self.parameter, size)
                .with_timeline(Some(&size) == sizes.last())
                .expect(reference(&input));
            if self.elements {
                comparison = comparison.elements(size);
            }
            for strategy in &self.strategies {
                comparison = strategy.add_to(comparison);
            }
            let args = self.at_size(args, &root, size);
            match comparison.run(&args)? {
                Some(report) => runs.push(report),
                None => served_elsewhere = true,
            }
        }
        if served_elsewhere {
            return Ok(None);
        }
        let report = SweepReport::new(&self.title, &self.parameter, sizes, runs);
        if !args.options.no_save {
            report.save(&root)?;
            if args.options.reports_dir.is_none() {
                super::run::write_index(&args.options.reports_dir());
            }
        }
        print_out(&report.render(args.options.format)?)?;
        Ok(Some(report))
    }

    /// The sizes to run, increasing: every size, or those `--size` names. Sizes must be
    /// above 0 and given once, and `--size` must name sizes the sweep has.
    fn selected_sizes(&self, args: &ComparisonArgs) -> Result<Vec<u64>, Failure> {
        let mut sizes = self.sizes.clone();
        sizes.sort_unstable();
        if sizes.is_empty() || sizes[0] == 0 || sizes.windows(2).any(|w| w[0] == w[1]) {
            return Err(Failure::Usage(format!(
                "the sweep '{}' needs sizes above 0, each once; it has {:?}",
                self.title, self.sizes
            )));
        }
        if let Some(unknown) = args.sizes.iter().find(|size| !sizes.contains(size)) {
            return Err(Failure::Usage(format!(
                "the sweep '{}' has no size {unknown}; its sizes: {}",
                self.title,
                sizes
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if !args.sizes.is_empty() {
            sizes.retain(|size| args.sizes.contains(size));
        }
        Ok(sizes)
    }

    /// The arguments of the comparison at `size`: its folder inside the sweep's, its
    /// baselines named after the size, and, for a format other than the table, nothing
    /// printed of its own.
    fn at_size(&self, args: &ComparisonArgs, root: &std::path::Path, size: u64) -> ComparisonArgs {
        let mut args = args.clone();
        let options = &mut args.options;
        options.reports_dir = Some(root.join(point_folder(&self.parameter, size)));
        let named = |name: &String| format!("{name}.{}", point_folder(&self.parameter, size));
        options.save_baseline = options.save_baseline.as_ref().map(named);
        options.baseline = options.baseline.as_ref().map(named);
        options.quiet = options.format != Format::Table;
        args
    }
}
