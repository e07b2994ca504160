//! What a run of the bench binary does: criterion's command line, then for each group
//! either one call of each routine (`--test`, `cargo test --benches`), its names
//! (`--list`), the engine's rounds (`cargo bench`), or, in a worker, serving one routine.

use clap::Parser;
use sumbench::RunOptions;

use crate::part::Served;

/// criterion's command line, and the engine's options beside it.
#[derive(Debug, Parser)]
#[command(about = "criterion benches measured by sumbench: paired time and exact memory")]
struct Args {
    /// Run only the benchmarks whose name contains this text.
    filter: Option<String>,
    /// Given by `cargo bench`; without it (`cargo test --benches`) each routine runs once.
    #[arg(long)]
    bench: bool,
    /// Run each routine once, measure nothing and write nothing.
    #[arg(long)]
    test: bool,
    /// List the benchmarks and exit.
    #[arg(long)]
    list: bool,
    /// Match the filter exactly.
    #[arg(long)]
    exact: bool,
    /// Accepted and ignored: criterion's own settings of its sampling and output.
    #[arg(long, hide = true)]
    noplot: bool,
    #[arg(long, hide = true, value_name = "N")]
    sample_size: Option<String>,
    #[arg(long, hide = true, value_name = "SECONDS")]
    warm_up_time: Option<String>,
    #[arg(long, hide = true, value_name = "SECONDS")]
    measurement_time: Option<String>,
    #[arg(long, hide = true, value_name = "N")]
    nresamples: Option<String>,
    #[arg(long, hide = true, value_name = "PCT")]
    noise_threshold: Option<String>,
    #[arg(long, hide = true, value_name = "LEVEL")]
    confidence_level: Option<String>,
    #[arg(long, hide = true, value_name = "LEVEL")]
    significance_level: Option<String>,
    #[arg(long, hide = true, value_name = "FORMAT")]
    output_format: Option<String>,
    #[arg(long, hide = true, value_name = "WHEN")]
    color: Option<String>,
    #[arg(long, hide = true)]
    verbose: bool,
    #[arg(long, hide = true)]
    quiet: bool,
    /// How the groups are run, reported and gated (sumbench's options).
    #[command(flatten)]
    options: RunOptions,
}

/// What this run of the binary does with each group.
#[derive(Debug)]
pub(crate) enum Mode {
    /// Each routine once, nothing measured.
    Test(Filter),
    /// The benchmarks' names.
    List(Filter),
    /// Each group measured by the engine.
    Measure(Filter, Box<RunOptions>),
    /// In a worker: the comparison and the benchmark it serves.
    Serve(Served),
    /// In a worker whose environment names no comparison: nothing runs, and the end of
    /// `main` says so.
    Stopped,
}

/// Which benchmarks run.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    text: Option<String>,
    exact: bool,
}

impl Filter {
    /// Whether the benchmark `name` (`group/id`) runs.
    pub(crate) fn selects(&self, name: &str) -> bool {
        match &self.text {
            None => true,
            Some(text) if self.exact => name == text,
            Some(text) => name.contains(text.as_str()),
        }
    }
}

impl Mode {
    /// The mode the command line and the environment give.
    pub(crate) fn from_args() -> Self {
        let args = match Args::try_parse() {
            Ok(args) => args,
            Err(error) => {
                let _ = error.print();
                std::process::exit(if error.use_stderr() { 2 } else { 0 });
            }
        };
        let filter = Filter {
            text: args.filter,
            exact: args.exact,
        };
        if sumbench::measure::worker::active() {
            return match Served::from_env(args.options) {
                Some(served) => Mode::Serve(served),
                None => Mode::Stopped,
            };
        }
        if args.list {
            Mode::List(filter)
        } else if args.test || !args.bench {
            Mode::Test(filter)
        } else {
            Mode::Measure(filter, Box::new(args.options))
        }
    }
}

/// The end of `main`. A worker that gets here never reached the benchmark it serves: the
/// bench ran differently in the parent and in the worker.
pub(crate) fn finish() {
    if sumbench::measure::worker::active() {
        eprintln!(
            "error: this worker never reached the benchmark it serves: the bench must \
             reach the same benchmarks, in the same order, on every run"
        );
        std::process::exit(3);
    }
}
