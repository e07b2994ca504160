//! What a run of the bench binary does: criterion's command line, then for each group
//! either one call of each routine (`--test`, `cargo test --benches`), its names
//! (`--list`), the engine's rounds (`cargo bench`), or, in a worker, serving one routine.

use std::ffi::OsString;
use std::hash::{Hash, Hasher};

use clap::Parser;
use sumbench::app::run::{self, Named};
use sumbench::export::RunReport;
use sumbench::measure::{About, Case, Contender, Launch};
use sumbench::{Failure, RunOptions};

/// The group a worker serves, in its environment.
const GROUP_ENV: &str = "SUMBENCH_CRITERION_GROUP";
/// The group's benchmark names, one per line, in the order the parent measures them.
const IDS_ENV: &str = "SUMBENCH_CRITERION_IDS";

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
    /// In a worker: the group and benchmark it serves, the group's names in order, and
    /// the options, the same as the parent's.
    Serve(Served),
    /// The command line was wrong; said once, then nothing runs.
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

/// What a worker serves.
#[derive(Debug)]
pub(crate) struct Served {
    group: String,
    ids: Vec<String>,
    position: usize,
    options: Box<RunOptions>,
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
            let group = std::env::var(GROUP_ENV).unwrap_or_default();
            let ids: Vec<String> = std::env::var(IDS_ENV)
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect();
            return match sumbench::measure::worker::served_position() {
                Some(position) if !ids.is_empty() => Mode::Serve(Served {
                    group,
                    ids,
                    position,
                    options: Box::new(args.options),
                }),
                _ => Mode::Stopped,
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

impl Served {
    /// Whether `id` of `group` is the benchmark this worker serves (the A/A twin serves
    /// the first).
    pub(crate) fn serves(&self, group: &str, id: &str) -> bool {
        let position = if self.position >= self.ids.len() {
            0
        } else {
            self.position
        };
        group == self.group && self.ids.get(position).is_some_and(|served| served == id)
    }

    /// Serves `contender` to the parent's rounds, with the others as the parent names
    /// them; ends the process.
    pub(crate) fn serve(&self, contender: Contender<'_, ()>) -> ! {
        let mut contender = Some(contender);
        let contenders: Vec<Contender<'_, ()>> = self
            .ids
            .iter()
            .map(|id| match contender.take_if(|c| c.name() == id) {
                Some(served) => served,
                None => parent_side(id),
            })
            .collect();
        let result = measure(&self.group, contenders, &self.options);
        match result {
            Ok(_) => eprintln!("error: the worker for {} served nothing", self.group),
            Err(failure) => std::process::exit(i32::from(failure.report())),
        }
        std::process::exit(3)
    }
}

/// A benchmark as the parent holds it: a name whose routine runs only in its worker.
/// Called here, it is an error naming it rather than a figure.
fn parent_side(id: &str) -> Contender<'static, ()> {
    let name = id.to_owned();
    Contender::new(id, move || {
        anyhow::bail!("{name} was called outside its worker process")
    })
}

/// Measures the group `group` of benchmarks `ids` in the engine's rounds, each in a
/// worker of its own, and saves its report; in the parent.
pub(crate) fn measure_group(group: &str, ids: &[String], options: &RunOptions) {
    let contenders: Vec<Contender<'_, ()>> = ids.iter().map(|id| parent_side(id)).collect();
    if let Err(failure) = measure(group, contenders, options) {
        std::process::exit(i32::from(failure.report()));
    }
}

/// The engine's run of one group, the same in the parent and in its workers.
fn measure(
    group: &str,
    contenders: Vec<Contender<'_, ()>>,
    options: &RunOptions,
) -> Result<Option<RunReport>, Failure> {
    let ids: Vec<&str> = contenders.iter().map(Contender::name).collect();
    let identity = {
        #[allow(deprecated)]
        let mut hasher = std::hash::SipHasher::new();
        (group, &ids).hash(&mut hasher);
        hasher.finish()
    };
    let case = Case::new(About::default(), ()).identified_by(identity);
    // Every group has a folder of its own: `criterion/GROUP/` in the default reports
    // folder, `GROUP/` in one given. The folders sumbench makes may not be links.
    let mut options = options.clone();
    let (root, levels) = match &options.reports_dir {
        None => (options.reports_dir().join("criterion"), 4),
        Some(dir) => (dir.clone(), 1),
    };
    let dir = root.join(sumbench_page::fileset::folder_name(group));
    if !options.no_save && !sumbench::measure::worker::active() {
        sumbench_page::fileset::ensure_real_dir_tail(&dir, levels)
            .map_err(|e| Failure::Usage(format!("{e:#}")))?;
    }
    options.reports_dir = Some(dir);
    let launch = Launch {
        env: vec![
            (OsString::from(GROUP_ENV), OsString::from(group)),
            (OsString::from(IDS_ENV), OsString::from(ids.join("\n"))),
        ],
        ..Launch::this_command()?
    };
    let workers = options.workers(launch);
    let reps = run::repetitions(&options, sumbench::measure::CacheState::Warm);
    let named = Named {
        title: Some(group),
        parameters: Default::default(),
        timelines: &[],
    };
    let report = run::run(&contenders, &case, &named, &options, reps, &workers)?;
    if report.is_some() && !options.no_save && levels == 4 {
        if let Err(error) = sumbench::export::index::write(&root) {
            eprintln!(
                "note: the index of {} was not rewritten: {error:#}",
                root.display()
            );
        }
    }
    Ok(report)
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
