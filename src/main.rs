//! `sumbench`: run every registered strategy and print time and memory side by side.
//!
//! Bad input ends with one line on stderr and exit code 2, before anything is measured
//! or written; a failure while running ends with exit code 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use sumbench::alloc::CountingAlloc;
use sumbench::export::{self, Format, RunReport};
use sumbench::machine::MachineInfo;
use sumbench::measure::{self, Repetitions};
use sumbench::report;
use sumbench::strategies::{self, REGISTRY};
use sumbench::strategy::{DynStrategy, Mode, Params, expected_sum};
use sumbench::timeline;
use sumbench::units::{bytes_human, grouped, parse_grouped};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// Sum 0..n many ways and show what each costs in wall time and in memory.
#[derive(Debug, Parser)]
#[command(
    name = "sumbench",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Record memory over time for each strategy (every heap change, RSS beside it) and
    /// its phase table; writes SVG charts and CSV series to reports/timeline/.
    Timeline(TimelineArgs),
    /// Rebuild reports/ (index.html, README.md, charts, bench.json, bench.csv) from the last
    /// `cargo bench`: criterion's estimates and the memory pass saved beside them.
    Report {
        /// Where the report is written.
        #[arg(long, value_name = "DIR", default_value = "reports")]
        reports_dir: PathBuf,
        /// cargo's target directory, holding criterion/ and sumbench/memory.json
        /// [default: $CARGO_TARGET_DIR or target].
        #[arg(long, value_name = "DIR")]
        target_dir: Option<PathBuf>,
    },
}

/// Which strategies run, on what: shared by the side-by-side run and the timeline.
#[derive(Debug, Args)]
struct Selection {
    /// Sum the integers 0..N (underscores and commas allowed: 10_000_000).
    #[arg(long, value_name = "N", default_value = "10000000", value_parser = parse_count::<u64>, allow_hyphen_values = true)]
    n: u64,
    /// Elements per chunk for the chunked strategies.
    #[arg(long, value_name = "ELEMENTS", default_value = "10000", value_parser = parse_positive::<usize>, allow_hyphen_values = true)]
    chunk_size: usize,
    /// Run only this strategy (repeatable); see --list.
    #[arg(long = "strategy", value_name = "NAME")]
    strategies: Vec<String>,
    /// Pass every element through black_box, so the compiler cannot fold the loop.
    #[arg(long)]
    opaque: bool,
}

/// The options of the side-by-side run (the default command).
#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    selection: Selection,
    /// Timed runs per strategy; the median is reported.
    #[arg(long, value_name = "COUNT", default_value = "5", value_parser = parse_positive::<u32>, allow_hyphen_values = true)]
    runs: u32,
    /// Untimed warm-up runs per strategy before the timed ones.
    #[arg(long, value_name = "COUNT", default_value = "2", value_parser = parse_count::<u32>, allow_hyphen_values = true)]
    warmups: u32,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// List the registered strategies with their descriptions, and exit.
    #[arg(long)]
    list: bool,
    /// Where latest.json and latest.md are written.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    reports_dir: PathBuf,
    /// Do not write latest.json and latest.md.
    #[arg(long)]
    no_save: bool,
}

/// The options of `sumbench timeline`.
#[derive(Debug, Args)]
struct TimelineArgs {
    #[command(flatten)]
    selection: Selection,
    /// Where the timeline/ folder is written.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    reports_dir: PathBuf,
    /// Heap events kept per strategy; later ones are dropped and counted (peaks stay exact).
    #[arg(long, value_name = "COUNT", default_value = "1048576", value_parser = parse_positive::<usize>, allow_hyphen_values = true)]
    max_events: usize,
}

/// A whole number that fits in `T`, with `_` or `,` allowed as digit separators.
fn parse_count<T: TryFrom<u64>>(text: &str) -> Result<T, String> {
    let value = parse_grouped(text)
        .ok_or_else(|| format!("expected a non-negative whole number, got '{text}'"))?;
    T::try_from(value).map_err(|_| format!("{text} is too large"))
}

/// A whole number of at least 1 that fits in `T`.
fn parse_positive<T: TryFrom<u64>>(text: &str) -> Result<T, String> {
    match parse_count::<u64>(text)? {
        0 => Err("must be at least 1".to_owned()),
        _ => parse_count(text),
    }
}

/// Why the program stops; decides the exit code.
enum Failure {
    /// The input was wrong: exit 2, nothing measured or written.
    Usage(String),
    /// Something failed while running: exit 1.
    Runtime(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Runtime(error)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version: clap prints them and exits 0.
            error.exit();
        }
        Err(error) => {
            // clap's message, without its usage hint, as one line.
            let rendered = error.render().to_string();
            let line = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            eprintln!("{line}");
            return ExitCode::from(2);
        }
    };
    let outcome = match cli.command {
        None => run(&cli.run),
        Some(Command::Timeline(args)) => timeline(&args),
        Some(Command::Report {
            reports_dir,
            target_dir,
        }) => rebuild_report(&reports_dir, target_dir),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// The strategies named on the command line, or all of them.
fn select(names: &[String]) -> Result<Vec<&'static dyn DynStrategy>, Failure> {
    if names.is_empty() {
        return Ok(REGISTRY.to_vec());
    }
    names
        .iter()
        .map(|name| {
            strategies::find(name).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown strategy '{name}'; known strategies: {}",
                    strategies::names()
                ))
            })
        })
        .collect()
}

/// Refuses, before anything is allocated, a strategy whose declared heap bound exceeds the
/// memory the kernel says is available.
fn check_memory(selected: &[&dyn DynStrategy], params: &Params) -> Result<(), Failure> {
    let Some(available) = sumbench::os::available_memory_bytes() else {
        return Ok(());
    };
    for strategy in selected {
        let needed = strategy.heap_bound(params);
        if needed > available {
            return Err(Failure::Usage(format!(
                "strategy '{}' needs {} ({} B) of heap for n = {}, but only {} is available; \
                 choose a smaller --n",
                strategy.name(),
                bytes_human(needed),
                grouped(needed),
                grouped(params.n),
                bytes_human(available)
            )));
        }
    }
    Ok(())
}

/// Refuses, before anything runs, a reports directory that cannot be written.
fn writable(dir: &Path) -> Result<(), Failure> {
    export::ensure_writable_dir(dir)
        .map_err(|e| Failure::Usage(format!("cannot write reports to {}: {e}", dir.display())))
}

/// A checked selection: what to run, ready to measure.
struct Validated {
    strategies: Vec<&'static dyn DynStrategy>,
    params: Params,
    mode: Mode,
}

/// Checks a selection before anything runs: known strategies, a sum that fits a `u64`, a
/// usable chunk size, and enough memory for every strategy's declared heap bound.
fn validate(selection: &Selection) -> Result<Validated, Failure> {
    let strategies = select(&selection.strategies)?;
    if expected_sum(selection.n).is_none() {
        return Err(Failure::Usage(
            measure::SumOverflow { n: selection.n }.to_string(),
        ));
    }
    let params = Params {
        n: selection.n,
        chunk_size: selection.chunk_size,
    };
    check_memory(&strategies, &params)?;
    let mode = if selection.opaque {
        Mode::Opaque
    } else {
        Mode::AsWritten
    };
    Ok(Validated {
        strategies,
        params,
        mode,
    })
}

fn run(args: &RunArgs) -> Result<(), Failure> {
    if args.list {
        let params = Params {
            n: args.selection.n,
            chunk_size: args.selection.chunk_size,
        };
        println!(
            "Declared heap bounds at n = {}, chunk size {}:\n{:<18} {:>12}  description",
            grouped(params.n),
            grouped(params.chunk_size as u64),
            "strategy",
            "heap bound",
        );
        for strategy in REGISTRY {
            println!(
                "{:<18} {:>12}  {}",
                strategy.name(),
                bytes_human(strategy.heap_bound(&params)),
                strategy.description()
            );
        }
        return Ok(());
    }
    let Validated {
        strategies: selected,
        params,
        mode,
    } = validate(&args.selection)?;
    let reps = Repetitions {
        warmups: args.warmups,
        runs: args.runs,
    };
    if !args.no_save {
        writable(&args.reports_dir)?;
    }
    let progress = ProgressBar::new(selected.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("the template is valid"),
    );
    let mut results = Vec::with_capacity(selected.len());
    for strategy in &selected {
        progress.set_message(strategy.name());
        results.push(measure::run(*strategy, &params, mode, reps)?);
        progress.inc(1);
    }
    progress.finish_and_clear();

    let report = RunReport {
        n: params.n,
        chunk_size: params.chunk_size,
        opaque: mode == Mode::Opaque,
        machine: MachineInfo::current(),
        results,
    };
    print!("{}", export::render(&report, args.format)?);
    if args.format != Format::Table {
        for warning in report.warnings() {
            eprintln!("warning: {warning}");
        }
    }
    if !args.no_save {
        save(&report, &args.reports_dir)?;
    }
    Ok(())
}

/// `sumbench timeline`: records each selected strategy, prints its phase table, and writes
/// `timeline/<strategy>.svg`, `timeline/<strategy>.csv`, `timeline/overlay.svg`,
/// `timeline/phases.md` and `timeline/phases.json`; then refreshes the HTML report if a
/// bench run left its data.
fn timeline(args: &TimelineArgs) -> Result<(), Failure> {
    let Validated {
        strategies,
        params,
        mode,
    } = validate(&args.selection)?;
    let dir = args.reports_dir.join("timeline");
    writable(&dir)?;
    let expected = expected_sum(params.n).expect("validated");

    let mut recordings = Vec::with_capacity(strategies.len());
    for strategy in &strategies {
        // A warm-up call first: rayon's pool and the allocator settle outside the record.
        std::hint::black_box(strategy.run(&params, mode));
        let (sum, recording) = timeline::record(args.max_events, || strategy.run(&params, mode))
            .map_err(anyhow::Error::from)?;
        if sum != expected {
            return Err(Failure::Runtime(anyhow::anyhow!(
                "{} returned {sum}, not {expected}",
                strategy.name()
            )));
        }
        print!("{}", timeline::phase_table(strategy.name(), &recording));
        recordings.push((strategy.name().to_owned(), recording));
    }

    let write = |name: String, contents: String| -> anyhow::Result<()> {
        let path = dir.join(name);
        export::write_atomic(&path, contents.as_bytes())
    };
    for (name, recording) in &recordings {
        write(
            format!("{name}.svg"),
            timeline::strategy_svg(name, recording)?,
        )?;
        write(format!("{name}.csv"), timeline::series_csv(recording)?)?;
    }
    write(
        "overlay.svg".to_owned(),
        timeline::overlay_svg(&recordings)?,
    )?;
    write(
        "phases.md".to_owned(),
        timeline::phases_markdown(&recordings),
    )?;
    let phases: Vec<(&str, &[timeline::Phase])> = recordings
        .iter()
        .map(|(name, r)| (name.as_str(), r.phases.as_slice()))
        .collect();
    write(
        report::PHASES_FILE.to_owned(),
        serde_json::to_string_pretty(&phases).map_err(anyhow::Error::from)?,
    )?;
    println!("Timelines: {}", dir.display());

    let target = report::target_dir();
    if target.join(report::MEMORY_FILE).is_file() {
        report::generate(&target, &args.reports_dir)?;
        println!(
            "Report refreshed: {}",
            args.reports_dir.join("index.html").display()
        );
    }
    Ok(())
}

/// `sumbench report`: the bench report from data already on disk.
fn rebuild_report(reports_dir: &Path, target_dir: Option<PathBuf>) -> Result<(), Failure> {
    let target_dir = target_dir.unwrap_or_else(report::target_dir);
    let memory = target_dir.join(report::MEMORY_FILE);
    if !memory.is_file() {
        return Err(Failure::Usage(format!(
            "no memory pass at {}: run `cargo bench` first",
            memory.display()
        )));
    }
    writable(reports_dir)?;
    let report = report::generate(&target_dir, reports_dir)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    println!("{}", reports_dir.join("index.html").display());
    Ok(())
}

/// Writes `latest.json` and `latest.md`, each atomically.
fn save(report: &RunReport, dir: &Path) -> anyhow::Result<()> {
    for (file, format) in [
        ("latest.json", Format::Json),
        ("latest.md", Format::Markdown),
    ] {
        let path = dir.join(file);
        let text = export::render(report, format)?;
        export::write_atomic(&path, text.as_bytes())?;
    }
    Ok(())
}
