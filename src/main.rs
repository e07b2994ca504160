//! `sumbench`: run every registered strategy and print time and memory side by side.
//!
//! Bad input ends with one line on stderr and exit code 2, before anything is measured
//! or written; a failure while running ends with exit code 1. Results are saved before
//! they are printed, and a closed standard output (`sumbench | head`) ends the output
//! quietly with exit code 0, as `ls | head` does.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use sumbench::alloc::CountingAlloc;
use sumbench::export::{self, FileSet, Format, RunReport};
use sumbench::machine::MachineInfo;
use sumbench::measure::{self, Repetitions};
use sumbench::report;
use sumbench::rss::PeakRssSource;
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
    /// Run the seed's own Python programs (list, generator, chunks, and a baseline) and
    /// their Rust counterparts, and print them side by side; saves reports/python.{md,json}.
    Python(PythonArgs),
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

/// The options of `sumbench python`.
#[derive(Debug, Args)]
struct PythonArgs {
    /// Sum the integers 0..N in both languages.
    #[arg(long, value_name = "N", default_value = "10000000", value_parser = parse_count::<u64>, allow_hyphen_values = true)]
    n: u64,
    /// Numbers per chunk for the chunked programs.
    #[arg(long, value_name = "ELEMENTS", default_value = "10000", value_parser = parse_positive::<usize>, allow_hyphen_values = true)]
    chunk_size: usize,
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
    /// Output format on stdout: table, json or markdown.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Where python.json and python.md are written.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    reports_dir: PathBuf,
    /// Do not write python.json and python.md.
    #[arg(long)]
    no_save: bool,
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
            eprintln!("{}", one_line(&error.render().to_string()));
            return ExitCode::from(2);
        }
    };
    let outcome = match cli.command {
        None => run(&cli.run),
        Some(Command::Timeline(args)) => timeline(&args),
        Some(Command::Python(args)) => python(&args),
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

/// clap's message as one line: its first line, with the list of valid values when clap
/// puts it on a line of its own, and without the usage hint.
fn one_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_owned();
    if let Some(values) = lines.find(|l| l.starts_with("[possible values:")) {
        line.push(' ');
        line.push_str(values);
    }
    line
}

/// Writes `text` to standard output. A closed pipe ends the output quietly (`Ok(false)`:
/// print nothing more); any other failure, such as a full disk, is a one-line error.
fn print_out(text: &str) -> Result<bool, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(Failure::Runtime(anyhow::anyhow!(
            "cannot write to standard output: {error}"
        ))),
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

/// A heap bound for people: its size, or "does not fit" where it saturated.
fn bound_text(bound: u64) -> String {
    if bound == u64::MAX {
        "does not fit in 64 bits".to_owned()
    } else {
        format!("{} ({} B)", bytes_human(bound), grouped(bound))
    }
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
                "strategy '{}' needs {} of heap for n = {}, but only {} is available; \
                 choose a smaller --n",
                strategy.name(),
                bound_text(needed),
                grouped(params.n),
                bytes_human(available)
            )));
        }
    }
    Ok(())
}

/// Refuses, before it is allocated, a buffer of `count` items of `item_bytes` each (sized
/// by the option `option`) that would not fit in the available memory.
fn check_buffer(option: &str, count: u64, item_bytes: u64) -> Result<(), Failure> {
    let needed = count.saturating_mul(item_bytes);
    let available = sumbench::os::available_memory_bytes().unwrap_or(u64::MAX);
    // Half the memory at most: the strategies need the rest.
    if needed > available / 2 {
        return Err(Failure::Usage(format!(
            "{option} {} needs {} of memory to keep its results, but only {} is available; \
             choose a smaller {option}",
            grouped(count),
            bound_text(needed),
            bytes_human(available)
        )));
    }
    Ok(())
}

/// Refuses, before anything runs, a reports directory that cannot be written, or a report
/// file's path that is taken by something other than a file.
fn writable(dir: &Path, files: &[&str]) -> Result<(), Failure> {
    export::ensure_writable_dir(dir, files).map_err(|e| Failure::Usage(format!("{e:#}")))
}

/// The files a side-by-side run writes into the reports directory, as one set.
const LATEST_FILES: [&str; 2] = ["latest.json", "latest.md"];

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
        print_out(&format!(
            "Declared heap bounds at n = {}, chunk size {}:\n{:<18} {:>12}  description\n",
            grouped(params.n),
            grouped(params.chunk_size as u64),
            "strategy",
            "heap bound",
        ))?;
        let available = sumbench::os::available_memory_bytes().unwrap_or(u64::MAX);
        let mut listing = String::new();
        for strategy in REGISTRY {
            let bound = strategy.heap_bound(&params);
            let cell = if bound == u64::MAX {
                "does not fit".to_owned()
            } else if bound > available {
                format!("{} (does not fit)", bytes_human(bound))
            } else {
                bytes_human(bound)
            };
            listing.push_str(&format!(
                "{:<18} {:>12}  {}\n",
                strategy.name(),
                cell,
                strategy.description()
            ));
        }
        print_out(&listing)?;
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
    check_buffer("--runs", u64::from(reps.runs), measure::SAMPLE_BYTES)?;
    if !args.no_save {
        writable(&args.reports_dir, &LATEST_FILES)?;
    }
    let calls_per_strategy = u64::from(reps.warmups) + u64::from(reps.runs);
    // On stderr, and hidden when stderr is not a terminal.
    let progress = ProgressBar::new(calls_per_strategy.saturating_mul(selected.len() as u64));
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} calls, {msg} (ETA {eta})")
            .expect("the template is valid"),
    );
    let mut results = Vec::with_capacity(selected.len());
    for strategy in &selected {
        progress.set_message(strategy.name());
        results.push(measure::run(*strategy, &params, mode, reps, &mut || {
            progress.inc(1)
        })?);
    }
    progress.finish_and_clear();

    let report = RunReport {
        run_id: RunReport::new_run_id(),
        n: params.n,
        chunk_size: params.chunk_size,
        opaque: mode == Mode::Opaque,
        machine: MachineInfo::current(),
        results,
    };
    // Saved first: a closed or full standard output must not lose the run.
    if !args.no_save {
        save(&report, &args.reports_dir)?;
    }
    if report
        .results
        .iter()
        .any(|r| r.peak_rss_source == PeakRssSource::Sampled)
    {
        eprintln!(
            "note: this system does not let sumbench reset its resident high-water mark \
             (/proc/self/clear_refs), so peak RSS is sampled every 250 µs and marked \
             (sampled): a shorter peak can be missed"
        );
    }
    if !print_out(&export::render(&report, args.format)?)? {
        return Ok(());
    }
    if args.format != Format::Table {
        for warning in report.warnings() {
            eprintln!("warning: {warning}");
        }
    }
    Ok(())
}

/// Where `sumbench timeline` writes, under the reports directory: `timeline/` for a run
/// of every strategy (the set the HTML report shows), `timeline-selection/` for a run of
/// some of them, so that a partial run never replaces part of the full set.
const TIMELINE_DIR: &str = "timeline";
const TIMELINE_SELECTION_DIR: &str = "timeline-selection";

/// What a timeline directory holds, saved in it as `run.json`: a set is one run.
#[derive(Debug, serde::Serialize)]
struct TimelineRun<'a> {
    run_id: String,
    n: u64,
    chunk_size: usize,
    mode: Mode,
    strategies: Vec<&'a str>,
}

/// `sumbench timeline`: records each selected strategy, and writes
/// `<strategy>.svg`, `<strategy>.csv`, `overlay.svg`, `phases.md`, `phases.json` and
/// `run.json` as one set, replacing the directory's previous set whole; then prints the
/// phase tables, and refreshes the HTML report if a bench run left its data.
fn timeline(args: &TimelineArgs) -> Result<(), Failure> {
    let Validated {
        strategies,
        params,
        mode,
    } = validate(&args.selection)?;
    check_buffer(
        "--max-events",
        args.max_events as u64,
        timeline::EVENT_BYTES,
    )?;
    let whole_registry = strategies.len() == REGISTRY.len();
    let subdir = if whole_registry {
        TIMELINE_DIR
    } else {
        TIMELINE_SELECTION_DIR
    };
    let dir = args.reports_dir.join(subdir);
    writable(&dir, &["overlay.svg", "phases.md", report::PHASES_FILE])?;
    let expected = expected_sum(params.n).expect("validated");

    let mut recordings = Vec::with_capacity(strategies.len());
    for strategy in &strategies {
        // rayon's pool and the allocator settle outside the record.
        measure::prime(*strategy, &params, mode);
        std::hint::black_box(strategy.run(&params, mode));
        let (sum, recording) = timeline::record(args.max_events, || strategy.run(&params, mode))
            .map_err(anyhow::Error::from)?;
        if sum != expected {
            return Err(Failure::Runtime(anyhow::anyhow!(
                "{} returned {sum}, not {expected}",
                strategy.name()
            )));
        }
        recordings.push((strategy.name().to_owned(), recording));
    }

    let mut set = FileSet::new();
    for (name, recording) in &recordings {
        set.add(
            format!("{name}.svg"),
            timeline::strategy_svg(name, recording)?,
        );
        set.add(format!("{name}.csv"), timeline::series_csv(recording)?);
    }
    set.add("overlay.svg", timeline::overlay_svg(&recordings)?);
    set.add("phases.md", timeline::phases_markdown(&recordings));
    let phases: Vec<(&str, &[timeline::Phase])> = recordings
        .iter()
        .map(|(name, r)| (name.as_str(), r.phases.as_slice()))
        .collect();
    set.add(
        report::PHASES_FILE,
        serde_json::to_string_pretty(&phases).map_err(anyhow::Error::from)?,
    );
    let run = TimelineRun {
        run_id: RunReport::new_run_id(),
        n: params.n,
        chunk_size: params.chunk_size,
        mode,
        strategies: strategies.iter().map(|s| s.name()).collect(),
    };
    set.add(
        "run.json",
        serde_json::to_string_pretty(&run).map_err(anyhow::Error::from)?,
    );
    set.prune(".");
    set.commit(&dir)?;

    let mut refreshed = None;
    let target = report::target_dir();
    if whole_registry && target.join(report::MEMORY_FILE).is_file() {
        report::generate(&target, &args.reports_dir)?;
        refreshed = Some(args.reports_dir.join("index.html"));
    }

    let mut out = String::new();
    for (name, recording) in &recordings {
        out.push_str(&timeline::phase_table(name, recording));
    }
    out.push_str(&format!("Timelines: {}\n", dir.display()));
    if let Some(index) = refreshed {
        out.push_str(&format!("Report refreshed: {}\n", index.display()));
    }
    print_out(&out)?;
    Ok(())
}

/// The files `sumbench python` writes into the reports directory, as one set.
const PYTHON_FILES: [&str; 2] = [report::PYTHON_FILE, "python.md"];

/// `sumbench python`: the seed's programs and their Rust counterparts, side by side.
fn python(args: &PythonArgs) -> Result<(), Failure> {
    use sumbench::python::{self as seed, PythonReport, SideBySide};
    let usage = |e: seed::PythonError| Failure::Usage(e.to_string());
    let Validated {
        strategies, params, ..
    } = validate(&Selection {
        n: args.n,
        chunk_size: args.chunk_size,
        strategies: seed::PROGRAMS
            .iter()
            .filter_map(|p| p.rust_strategy.map(str::to_owned))
            .collect(),
        opaque: true,
    })?;
    let python_version = seed::version(&args.python).map_err(usage)?;
    if !args.no_save {
        writable(&args.reports_dir, &PYTHON_FILES)?;
    }
    let reps = Repetitions {
        warmups: args.warmups,
        runs: args.runs,
    };
    let scratch = tempfile::tempdir().map_err(anyhow::Error::from)?;
    let dir = seed::write_programs(scratch.path()).map_err(anyhow::Error::from)?;
    let progress = ProgressBar::new((seed::PROGRAMS.len() + 1) as u64 * 2);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} (ETA {eta})")
            .expect("the template is valid"),
    );
    let run_program = |program: &seed::SeedProgram| {
        progress.set_message(format!("python {}", program.file));
        let figures = seed::measure_program(
            &args.python,
            &dir,
            program,
            params.n,
            params.chunk_size,
            reps,
            args.tracemalloc,
        );
        progress.inc(1);
        figures.map_err(|e| Failure::Runtime(e.into()))
    };
    let baseline = run_program(&seed::BASELINE)?;
    progress.inc(1);
    let mut rows = Vec::with_capacity(seed::PROGRAMS.len());
    for (program, strategy) in seed::PROGRAMS.iter().zip(&strategies) {
        let python = run_program(program)?;
        progress.set_message(format!("rust {}", strategy.name()));
        let rust = measure::run(*strategy, &params, Mode::Opaque, reps, &mut || {})?;
        progress.inc(1);
        rows.push(SideBySide::new(python, &baseline, &rust));
    }
    progress.finish_and_clear();

    let report = PythonReport {
        run_id: RunReport::new_run_id(),
        n: params.n,
        chunk_size: params.chunk_size,
        runs: reps.runs,
        python_version,
        machine: MachineInfo::current(),
        baseline,
        rows,
    };
    let json = serde_json::to_string_pretty(&report).map_err(anyhow::Error::from)?;
    if !args.no_save {
        let mut set = FileSet::new();
        set.add(report::PYTHON_FILE, json.clone());
        set.add("python.md", seed::markdown(&report));
        set.commit(&args.reports_dir)?;
        let target = report::target_dir();
        if target.join(report::MEMORY_FILE).is_file() {
            report::generate(&target, &args.reports_dir)?;
        }
    }
    let text = match args.format {
        Format::Json => json + "\n",
        Format::Markdown => seed::markdown(&report),
        Format::Table | Format::Csv => seed::table(&report),
    };
    print_out(&text)?;
    let wrong: Vec<&str> = report
        .rows
        .iter()
        .filter(|r| !r.python.correct || !r.rust_correct)
        .map(|r| r.seed_strategy.as_str())
        .chain((!report.baseline.correct).then_some("baseline"))
        .collect();
    if !wrong.is_empty() {
        return Err(Failure::Runtime(anyhow::anyhow!(
            "wrong sums from: {}",
            wrong.join(", ")
        )));
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
    writable(reports_dir, &report::FILES)?;
    let report = report::generate(&target_dir, reports_dir)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    print_out(&format!("{}\n", reports_dir.join("index.html").display()))?;
    Ok(())
}

/// Writes `latest.json` and `latest.md` as one set (see [`FileSet`]).
fn save(report: &RunReport, dir: &Path) -> anyhow::Result<()> {
    let mut set = FileSet::new();
    for (file, format) in LATEST_FILES
        .into_iter()
        .zip([Format::Json, Format::Markdown])
    {
        set.add(file, export::render(report, format)?);
    }
    set.commit(dir)?;
    Ok(())
}
