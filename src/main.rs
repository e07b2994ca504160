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
use sumbench::units::{bytes_human, grouped};

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

/// The options of the side-by-side run (the default command).
#[derive(Debug, Args)]
struct RunArgs {
    /// Sum the integers 0..N (underscores and commas allowed: 10_000_000).
    #[arg(long, value_name = "N", default_value = "10000000", value_parser = parse_count, allow_hyphen_values = true)]
    n: u64,
    /// Elements per chunk for the chunked strategies.
    #[arg(long, value_name = "ELEMENTS", default_value = "10000", value_parser = parse_positive, allow_hyphen_values = true)]
    chunk_size: u64,
    /// Run only this strategy (repeatable); see --list.
    #[arg(long = "strategy", value_name = "NAME")]
    strategies: Vec<String>,
    /// Timed runs per strategy; the median is reported.
    #[arg(long, value_name = "COUNT", default_value = "5", value_parser = parse_positive, allow_hyphen_values = true)]
    runs: u64,
    /// Untimed warm-up runs per strategy before the timed ones.
    #[arg(long, value_name = "COUNT", default_value = "2", value_parser = parse_count, allow_hyphen_values = true)]
    warmups: u64,
    /// Pass every element through black_box, so the compiler cannot fold the loop.
    #[arg(long)]
    opaque: bool,
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

/// A whole number, with `_` or `,` allowed as digit separators.
fn parse_count(text: &str) -> Result<u64, String> {
    let digits: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    digits
        .parse::<u64>()
        .map_err(|_| format!("expected a non-negative whole number, got '{text}'"))
}

/// A whole number of at least 1.
fn parse_positive(text: &str) -> Result<u64, String> {
    match parse_count(text)? {
        0 => Err("must be at least 1".to_owned()),
        value => Ok(value),
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

fn run(args: &RunArgs) -> Result<(), Failure> {
    if args.list {
        for strategy in REGISTRY {
            println!("{:<18} {}", strategy.name(), strategy.description());
        }
        return Ok(());
    }
    let selected = select(&args.strategies)?;
    if expected_sum(args.n).is_none() {
        return Err(Failure::Usage(
            measure::SumOverflow { n: args.n }.to_string(),
        ));
    }
    let chunk_size = usize::try_from(args.chunk_size)
        .map_err(|_| Failure::Usage(format!("--chunk-size {} is too large", args.chunk_size)))?;
    let params = Params {
        n: args.n,
        chunk_size,
    };
    let too_many = |what: &str, value: u64| Failure::Usage(format!("{what} {value} is too large"));
    let reps = Repetitions {
        warmups: u32::try_from(args.warmups).map_err(|_| too_many("--warmups", args.warmups))?,
        runs: u32::try_from(args.runs).map_err(|_| too_many("--runs", args.runs))?,
    };
    check_memory(&selected, &params)?;
    if !args.no_save {
        export::ensure_writable_dir(&args.reports_dir).map_err(|e| {
            Failure::Usage(format!(
                "cannot write reports to {}: {e}",
                args.reports_dir.display()
            ))
        })?;
    }
    let mode = if args.opaque {
        Mode::Opaque
    } else {
        Mode::AsWritten
    };

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
        opaque: args.opaque,
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
    export::ensure_writable_dir(reports_dir).map_err(|e| {
        Failure::Usage(format!(
            "cannot write reports to {}: {e}",
            reports_dir.display()
        ))
    })?;
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
        export::write_atomic(&path, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
