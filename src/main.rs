//! `sumbench`: run every registered strategy and print time and memory side by side.
//!
//! Bad input ends with one line on stderr and exit code 2, before anything is measured
//! or written; a failure while running ends with exit code 1. Results are saved before
//! they are printed, and a closed standard output (`sumbench | head`) ends the output
//! quietly with exit code 0, as `ls | head` does.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use sumbench::app::RunOptions;
use sumbench::app::args::{parse_count, parse_positive};
use sumbench::app::exit::Failure;
use sumbench::export::Format;
use sumbench::measure::alloc::CountingAlloc;
use sumbench_app::workloads::strategy::Workload;

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
    /// Run the seed's own Python programs (list, generator, chunks, and a baseline) and
    /// their Rust counterparts, and print them side by side; saves reports/python.{md,json}.
    /// With --workload file, Python programs that read a file (the standard library, numpy,
    /// pandas, polars) beside the file strategies; saves reports/python-file.{md,json}.
    Python(PythonArgs),
    /// Rebuild reports/ (index.html, README.md, the trade-off charts and the others,
    /// bench.json, bench.csv, bench.bmf.json) from the last `cargo bench`: criterion's
    /// estimates and the memory pass saved beside them.
    Report {
        /// Where the report is written.
        #[arg(long, value_name = "DIR", default_value = "reports")]
        reports_dir: PathBuf,
        /// cargo's target directory, holding criterion/ and sumbench/memory.json
        /// [default: $CARGO_TARGET_DIR, else cargo metadata's target directory, else target].
        #[arg(long, value_name = "DIR")]
        target_dir: Option<PathBuf>,
        /// Compare the memory pass with the memory baseline NAME that
        /// `cargo bench -- --save-baseline NAME` saved (`base` after a plain `cargo bench`).
        #[arg(long, value_name = "NAME")]
        baseline: Option<String>,
    },
}

/// What is summed, and in what chunks: shared by the side-by-side run, the timeline and
/// `sumbench python`.
#[derive(Debug, Clone, Args)]
struct Summed {
    /// What to sum: `range` (the integers 0..N) or `file` (the numbers of a text file, one
    /// per line: --input, or a generated file of 0..N under target/sumbench/data/)
    /// [default: file with --input or with only file strategies named, else range].
    #[arg(long, value_enum, value_name = "WORKLOAD")]
    workload: Option<Workload>,
    /// File workload: sum the numbers of FILE, one unsigned integer per line.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Sum the integers 0..N, or generate a file of N lines (underscores and commas
    /// allowed: 10_000_000).
    #[arg(long, value_name = "N", default_value = "10000000", value_parser = parse_count::<u64>, allow_hyphen_values = true)]
    n: u64,
    /// Elements per chunk (range), or bytes per read (file), of the chunked strategies and
    /// programs [default: 10000 elements, 65536 bytes].
    #[arg(long, value_name = "SIZE", value_parser = parse_positive::<usize>, allow_hyphen_values = true)]
    chunk_size: Option<usize>,
}

/// Which strategies run, on what: shared by the side-by-side run and the timeline.
#[derive(Debug, Args)]
struct Selection {
    #[command(flatten)]
    summed: Summed,
    /// Run only this strategy (repeatable); see --list.
    #[arg(long = "strategy", value_name = "NAME")]
    strategies: Vec<String>,
    /// Pass every element through black_box, so the compiler cannot fold the loop (the
    /// range workload; parsed values cannot be folded).
    #[arg(long)]
    opaque: bool,
}

/// The options of the side-by-side run (the default command).
#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    selection: Selection,
    /// File workload: evict the file from the page cache before each timed call
    /// (posix_fadvise DONTNEED), to see what a first read from storage costs.
    #[arg(long)]
    cold: bool,
    /// List the registered strategies by workload, with their heap bounds, and exit.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    options: RunOptions,
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

/// The options of `sumbench python`.
#[derive(Debug, Args)]
struct PythonArgs {
    #[command(flatten)]
    summed: Summed,
    /// Timed runs of each program and each Rust strategy; medians are reported.
    #[arg(long, value_name = "COUNT", default_value = "3", value_parser = parse_positive::<u32>, allow_hyphen_values = true)]
    runs: u32,
    /// Untimed runs of each before the timed ones.
    #[arg(long, value_name = "COUNT", default_value = "1", value_parser = parse_count::<u32>, allow_hyphen_values = true)]
    warmups: u32,
    /// The Python interpreter.
    #[arg(long, value_name = "PATH", default_value = "python3")]
    python: String,
    /// Also run each program once under tracemalloc, for Python's own heap peak.
    #[arg(long)]
    tracemalloc: bool,
    /// Seconds one run of a program may take; a run still going then is killed and the
    /// command fails [default: 60 plus 1 per million numbers summed, rounded up: 70 at
    /// N = 10,000,000].
    #[arg(long, value_name = "SECONDS", value_parser = parse_positive::<u64>, allow_hyphen_values = true)]
    timeout: Option<u64>,
    /// Output format on stdout: table, json, csv (one row per program, the baselines first)
    /// or markdown.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = parse_document_format)]
    format: Format,
    /// Where python.json and python.md are written (python-file.json and python-file.md
    /// for the file workload).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    reports_dir: PathBuf,
    /// Do not write them.
    #[arg(long)]
    no_save: bool,
}

/// A format of `sumbench python`: a document (table, JSON, CSV, Markdown), not a tracker's
/// format, since its programs are not benchmarks a tracker follows.
fn parse_document_format(text: &str) -> Result<Format, String> {
    use Format::{Csv, Json, Markdown, Table};
    match <Format as clap::ValueEnum>::from_str(text, false) {
        Ok(format @ (Table | Json | Csv | Markdown)) => Ok(format),
        _ => Err(format!(
            "expected table, json, csv or markdown, got '{text}'"
        )),
    }
}

fn main() -> ExitCode {
    // A worker process of a run serves its strategy before anything else.
    if let Some(code) = sumbench_app::workloads::contenders::serve_if_worker() {
        return code;
    }
    let cli: Cli = match sumbench::app::exit::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let outcome = match cli.command {
        None => cli::run::run(&cli.run),
        Some(Command::Timeline(args)) => cli::timeline::timeline(&args),
        Some(Command::Python(args)) => cli::python::python(&args),
        Some(Command::Report {
            reports_dir,
            target_dir,
            baseline,
        }) => cli::report::rebuild_report(&reports_dir, target_dir, baseline.as_deref()),
    };
    outcome.map_or_else(Failure::exit_code, |()| ExitCode::SUCCESS)
}
