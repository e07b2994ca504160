//! `sumbench python`: the seed's Python programs beside their Rust counterparts.

use std::sync::{Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use tempfile::TempDir;

use sumbench::export::{FileSet, Format, RunReport};
use sumbench::machine::MachineInfo;
use sumbench::measure::{self, Repetitions};
use sumbench::report;
use sumbench::strategy::{Mode, Workload};

use super::{Failure, Validated, check_buffer, print_out, validate, writable};
use crate::{PythonArgs, Selection};

/// The files `sumbench python` writes into the reports directory, as one set.
const PYTHON_FILES: [&str; 2] = [report::PYTHON_FILE, "python.md"];

/// The temporary folder holding the programs, while they run. It lives here, not on the
/// stack of [`python`], so that the signal handler can remove it: the default action of
/// SIGINT and SIGTERM ends the process without running any destructor, which left the
/// folder behind.
static SCRATCH: Mutex<Option<TempDir>> = Mutex::new(None);

/// Removes the programs' folder, if it is still there.
fn remove_scratch() {
    drop(
        SCRATCH
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(),
    );
}

/// Handles SIGINT (Ctrl-C) and SIGTERM from now until the process ends (the command is the
/// last thing the process does, so the handler is never taken down): on either, a thread
/// kills the running program with its process group and waits for it to die, removes the
/// programs' folder, and exits with 128 + the signal's number (130, 143), as the default
/// action would have been reported by a shell. It ends the process while it holds
/// [`SCRATCH`]'s lock and after [`seed::child::stop_children`] has stopped new programs,
/// so no other thread can end the process earlier, with another exit code, while it cleans
/// up.
///
/// [`seed::child::stop_children`]: sumbench::python::child::stop_children
fn clean_up_on_signals() -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                sumbench::python::child::stop_children();
                let mut scratch = SCRATCH.lock().unwrap_or_else(PoisonError::into_inner);
                drop(scratch.take());
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// `sumbench python`: the seed's programs and their Rust counterparts, side by side.
pub fn python(args: &PythonArgs) -> Result<(), Failure> {
    let outcome = compare(args);
    remove_scratch();
    outcome
}

/// [`python`], leaving the programs' folder in [`SCRATCH`].
fn compare(args: &PythonArgs) -> Result<(), Failure> {
    use sumbench::python::{self as seed, PythonReport, Runner, SideBySide};
    let usage = |e: seed::PythonError| Failure::Usage(e.to_string());
    let Validated {
        strategies, params, ..
    } = validate(&Selection {
        workload: Some(Workload::Range),
        input: None,
        n: args.n,
        chunk_size: Some(args.chunk_size),
        strategies: seed::PROGRAMS
            .iter()
            .filter_map(|p| p.rust_strategy.map(str::to_owned))
            .collect(),
        opaque: true,
    })?;
    clean_up_on_signals().map_err(anyhow::Error::from)?;
    // Every run's figures are kept, on both sides: refuse a count that cannot be.
    check_buffer(
        "--runs",
        u64::from(args.runs),
        measure::SAMPLE_BYTES.max(std::mem::size_of::<seed::ChildRun>() as u64),
    )?;
    // The programs chunk with `islice`, which takes at most Python's `sys.maxsize`.
    if args.chunk_size as u64 > i64::MAX as u64 {
        return Err(Failure::Usage(format!(
            "--chunk-size {} is larger than Python's sys.maxsize ({}), the most islice takes",
            sumbench::units::grouped(args.chunk_size as u64),
            sumbench::units::grouped(i64::MAX as u64)
        )));
    }
    let python_version = seed::version(&args.python).map_err(usage)?;
    if !args.no_save {
        writable(&args.reports_dir, &PYTHON_FILES)?;
    }
    let reps = Repetitions {
        warmups: args.warmups,
        runs: args.runs,
        seed: measure::fresh_seed(),
        ..Repetitions::default()
    };
    let dir = {
        let mut scratch = SCRATCH.lock().unwrap_or_else(PoisonError::into_inner);
        let folder = scratch.insert(tempfile::tempdir().map_err(anyhow::Error::from)?);
        seed::write_programs(folder.path()).map_err(anyhow::Error::from)?
    };
    let runner = Runner {
        interpreter: &args.python,
        dir: &dir,
        timeout_seconds: args
            .timeout
            .unwrap_or_else(|| seed::default_timeout_seconds(params.n)),
    };
    let progress = ProgressBar::new((seed::PROGRAMS.len() + 1) as u64 * 2);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} (ETA {eta})")
            .expect("the template is valid"),
    );
    let run_program = |program: &seed::SeedProgram| {
        progress.set_message(format!("python {}", program.file));
        let figures = seed::measure_program(
            runner,
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
    let mut programs = Vec::with_capacity(seed::PROGRAMS.len());
    for program in &seed::PROGRAMS {
        programs.push(run_program(program)?);
        progress.inc(1);
    }
    // The Rust side in interleaved rounds, as the side-by-side run measures it.
    progress.set_message("rust");
    let rust = measure::run_all(&strategies, &params, Mode::Opaque, reps, &mut || {})?;
    let rows = programs
        .into_iter()
        .zip(&rust.results)
        .map(|(python, rust)| SideBySide::new(python, &baseline, rust))
        .collect();
    progress.finish_and_clear();
    remove_scratch();

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
    let wrong: Vec<&str> = report
        .rows
        .iter()
        .filter(|r| !r.python.correct || !r.rust_correct)
        .map(|r| r.seed_strategy.as_str())
        .chain((!report.baseline.correct).then_some("baseline"))
        .collect();
    // A wrong sum fails the run: shown, but saved nowhere.
    if !args.no_save && wrong.is_empty() {
        let mut set = FileSet::new();
        set.add(report::PYTHON_FILE, json.clone());
        set.add("python.md", seed::markdown(&report));
        set.commit(&args.reports_dir)?;
        let target = report::target_dir();
        if target.join(report::MEMORY_FILE).is_file()
            && let Err(error) = report::generate(&target, &args.reports_dir, None)
        {
            // python.{md,json} are saved: a report that cannot be rebuilt is a warning.
            sumbench::say!("warning: the report was not refreshed: {error:#}");
        }
    }
    let text = match args.format {
        Format::Json => json + "\n",
        Format::Markdown => seed::markdown(&report),
        Format::Csv => seed::csv(&report).map_err(anyhow::Error::from)?,
        Format::Table => seed::table(&report),
        Format::Bmf | Format::BenchmarkAction => unreachable!("refused by --format's parser"),
    };
    print_out(&text)?;
    if !wrong.is_empty() {
        return Err(Failure::Runtime(anyhow::anyhow!(
            "wrong sums from: {}; nothing was saved",
            wrong.join(", ")
        )));
    }
    Ok(())
}
