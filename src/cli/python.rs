//! `sumbench python`: the seed's Python programs beside their Rust counterparts, and Python
//! programs reading a file beside the file strategies.

use std::sync::{Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use tempfile::TempDir;

use sumbench::export::{FileSet, Format, RunReport};
use sumbench::machine::MachineInfo;
use sumbench::measure::{self, Repetitions};
use sumbench::report;
use sumbench::strategy::{Mode, Params, Workload};
use sumbench::suite;

use super::{Failure, Validated, check_buffer, print_out, validate, writable};
use crate::{PythonArgs, Selection};

/// The files `sumbench python` writes into the reports directory, as one set.
const PYTHON_FILES: [&str; 2] = [report::PYTHON_FILE, "python.md"];

/// The files `sumbench python --workload file` writes, as one set.
const PYTHON_FILE_FILES: [&str; 2] = [report::PYTHON_FILE_WORKLOAD, "python-file.md"];

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

/// `sumbench python`: the seed's programs and their Rust counterparts, side by side; or,
/// with `--workload file`, Python programs reading a file beside the file strategies.
pub fn python(args: &PythonArgs) -> Result<(), Failure> {
    let outcome = match super::workload_of(&Selection {
        workload: args.workload,
        input: args.input.clone(),
        n: args.n,
        chunk_size: args.chunk_size,
        strategies: Vec::new(),
        opaque: false,
    }) {
        Ok(Workload::Range) => compare(args),
        Ok(Workload::File) => compare_file(args),
        Err(failure) => Err(failure),
    };
    remove_scratch();
    outcome
}

/// What both workloads set up before their programs run.
struct Prepared {
    /// The interpreter's `--version`.
    python_version: String,
    /// Warm-ups and timed runs, of the programs and of the Rust strategies.
    reps: Repetitions,
    /// The folder the programs were written to, inside [`SCRATCH`].
    dir: std::path::PathBuf,
}

/// Handles signals, refuses a `--runs` whose figures would not fit, checks the interpreter
/// and the reports folder (for `files`), and writes the programs into [`SCRATCH`].
fn prepare(args: &PythonArgs, files: &[&str]) -> Result<Prepared, Failure> {
    use sumbench::python as seed;
    clean_up_on_signals().map_err(anyhow::Error::from)?;
    // Every run's figures are kept, on both sides: refuse a count that cannot be.
    check_buffer(
        "--runs",
        u64::from(args.runs),
        measure::SAMPLE_BYTES.max(std::mem::size_of::<seed::ChildRun>() as u64),
    )?;
    Ok(Prepared {
        python_version: seed::version(&args.python)
            .map_err(|e| Failure::Usage(e.to_string()))
            .and_then(|version| {
                if !args.no_save {
                    writable(&args.reports_dir, files)?;
                }
                Ok(version)
            })?,
        reps: Repetitions {
            warmups: args.warmups,
            runs: args.runs,
            seed: measure::fresh_seed(),
            ..Repetitions::default()
        },
        dir: {
            let mut scratch = SCRATCH.lock().unwrap_or_else(PoisonError::into_inner);
            let folder = scratch.insert(tempfile::tempdir().map_err(anyhow::Error::from)?);
            seed::write_programs(folder.path()).map_err(anyhow::Error::from)?
        },
    })
}

/// A progress bar of `len` steps, on a terminal.
fn progress_bar(len: u64) -> ProgressBar {
    let progress = ProgressBar::new(len);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} (ETA {eta})")
            .expect("the template is valid"),
    );
    progress
}

/// Saves `files` as one set when nothing was `wrong` (a wrong sum is shown, but saved
/// nowhere), refreshes the report page if a bench report exists, prints `text`, and fails
/// when a sum was wrong.
fn finish(
    args: &PythonArgs,
    files: Vec<(&str, String)>,
    text: &str,
    wrong: &[String],
) -> Result<(), Failure> {
    if !args.no_save && wrong.is_empty() {
        let mut set = FileSet::new();
        for (name, content) in files {
            set.add(name, content);
        }
        set.commit(&args.reports_dir)?;
        let target = report::target_dir();
        if target.join(report::MEMORY_FILE).is_file()
            && let Err(error) = report::generate(&target, &args.reports_dir, None)
        {
            // The comparison is saved: a report that cannot be rebuilt is a warning.
            sumbench::say!("warning: the report was not refreshed: {error:#}");
        }
    }
    print_out(text)?;
    if !wrong.is_empty() {
        return Err(Failure::Runtime(anyhow::anyhow!(
            "wrong sums from: {}; nothing was saved",
            wrong.join(", ")
        )));
    }
    Ok(())
}

/// The range workload: the seed's programs, leaving their folder in [`SCRATCH`].
fn compare(args: &PythonArgs) -> Result<(), Failure> {
    use sumbench::python::{self as seed, PythonReport, Runner, SideBySide};
    let chunk_size = args.chunk_size.unwrap_or(Params::DEFAULT_CHUNK_SIZE);
    let Validated {
        strategies, params, ..
    } = validate(&Selection {
        workload: Some(Workload::Range),
        input: None,
        n: args.n,
        chunk_size: Some(chunk_size),
        strategies: seed::PROGRAMS
            .iter()
            .filter_map(|p| p.rust_strategy.map(str::to_owned))
            .collect(),
        opaque: true,
    })?;
    // The programs chunk with `islice`, which takes at most Python's `sys.maxsize`.
    if chunk_size as u64 > i64::MAX as u64 {
        return Err(Failure::Usage(format!(
            "--chunk-size {} is larger than Python's sys.maxsize ({}), the most islice takes",
            sumbench::units::grouped(chunk_size as u64),
            sumbench::units::grouped(i64::MAX as u64)
        )));
    }
    let Prepared {
        python_version,
        reps,
        dir,
    } = prepare(args, &PYTHON_FILES)?;
    let runner = Runner {
        interpreter: &args.python,
        dir: &dir,
        timeout_seconds: args
            .timeout
            .unwrap_or_else(|| seed::default_timeout_seconds(params.n)),
    };
    let progress = progress_bar((seed::PROGRAMS.len() + 1) as u64 * 2);
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
    let json = sumbench::export::json::pretty(&report)?;
    let wrong: Vec<String> = report
        .rows
        .iter()
        .filter(|r| !r.python.correct || !r.rust_correct)
        .map(|r| r.seed_strategy.clone())
        .chain((!report.baseline.correct).then(|| "baseline".to_owned()))
        .collect();
    let text = match args.format {
        Format::Json => json.clone(),
        Format::Markdown => seed::markdown(&report),
        Format::Csv => seed::csv(&report).map_err(anyhow::Error::from)?,
        Format::Table => seed::table(&report),
        Format::Bmf | Format::BenchmarkAction => unreachable!("refused by --format's parser"),
    };
    finish(
        args,
        vec![
            (report::PYTHON_FILE, json),
            ("python.md", seed::markdown(&report)),
        ],
        &text,
        &wrong,
    )
}

/// The file workload: the file programs, leaving their folder in [`SCRATCH`].
fn compare_file(args: &PythonArgs) -> Result<(), Failure> {
    use sumbench::python::file::{self, Baseline, FileReport, FileRow, Input};
    use sumbench::python::{self as seed, Runner};
    let runtime = |e: seed::PythonError| Failure::Runtime(e.into());
    let chunk_size = args.chunk_size.unwrap_or(suite::FILE_CHUNK_SIZE);
    let Validated {
        strategies,
        params,
        mode,
    } = validate(&Selection {
        workload: Some(Workload::File),
        input: args.input.clone(),
        n: args.n,
        chunk_size: Some(chunk_size),
        strategies: file::rust_strategies()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        opaque: false,
    })?;
    let data = params.data_file().map_err(anyhow::Error::from)?;
    let Prepared {
        python_version,
        reps,
        dir,
    } = prepare(args, &PYTHON_FILE_FILES)?;
    let runner = Runner {
        interpreter: &args.python,
        dir: &dir,
        timeout_seconds: args
            .timeout
            .unwrap_or_else(|| seed::default_timeout_seconds(params.n)),
    };
    let steps = file::LIBRARIES.len() * 2 + 1 + file::PROGRAMS.len() + 1;
    let progress = progress_bar(steps as u64);
    let mut libraries = Vec::with_capacity(file::LIBRARIES.len());
    for library in file::LIBRARIES {
        progress.set_message(format!("import {library}"));
        libraries.push(file::check_library(runner, library).map_err(runtime)?);
        progress.inc(1);
    }
    let input = Input {
        path: &data.path,
        chunk_size,
        reps,
        tracemalloc: args.tracemalloc,
    };
    let mut baselines = Vec::with_capacity(file::LIBRARIES.len() + 1);
    let importable = libraries
        .iter()
        .filter(|l| l.missing.is_none())
        .map(|l| Some(l.library.as_str()));
    for library in std::iter::once(None).chain(importable) {
        progress.set_message(format!("python {}", file::baseline_name(library)));
        let imports: Vec<&str> = library.into_iter().collect();
        baselines.push(Baseline {
            library: library.map(str::to_owned),
            figures: file::measure(runner, file::BASELINE_FILE, &imports, input, 0)
                .map_err(runtime)?,
        });
        progress.inc(1);
    }
    progress.set_position((file::LIBRARIES.len() * 2 + 1) as u64);
    let mut measured = Vec::with_capacity(file::PROGRAMS.len());
    for program in &file::PROGRAMS {
        let not_run = program
            .library
            .and_then(|name| libraries.iter().find(|l| l.library == name))
            .and_then(file::LibraryStatus::not_run);
        measured.push(match not_run {
            Some(why) => Err(why),
            None => {
                progress.set_message(format!("python {}", program.file));
                Ok(file::measure(runner, program.file, &[], input, data.sum).map_err(runtime)?)
            }
        });
        progress.inc(1);
    }
    // The Rust side in interleaved rounds, as the side-by-side run measures it.
    progress.set_message("rust");
    let rust = measure::run_all(&strategies, &params, mode, reps, &mut || {})?;
    progress.finish_and_clear();
    remove_scratch();
    let rows = file::PROGRAMS
        .iter()
        .zip(measured)
        .map(|(program, outcome)| {
            let rust = rust
                .results
                .iter()
                .find(|r| r.strategy == program.rust_strategy)
                .expect("every program's Rust strategy was run");
            let baseline = baselines
                .iter()
                .find(|b| b.library.as_deref() == program.library)
                .map(|b| &b.figures);
            let python = outcome.map(|figures| {
                (
                    figures,
                    baseline.expect("a library that imports has its baseline"),
                )
            });
            FileRow::new(program, chunk_size, python, rust)
        })
        .collect();

    let mut report = FileReport {
        run_id: RunReport::new_run_id(),
        input: data.display.clone(),
        generated: data.generated,
        input_bytes: data.bytes,
        values: data.values,
        expected_sum: data.sum,
        chunk_size,
        runs: reps.runs,
        python_version,
        libraries,
        machine: MachineInfo::current(),
        baselines,
        rows,
        findings: Vec::new(),
    };
    report.findings = file::findings(&report);
    let json = sumbench::export::json::pretty(&report)?;
    let text = match args.format {
        Format::Json => json.clone(),
        Format::Markdown => file::markdown(&report),
        Format::Csv => file::csv(&report).map_err(anyhow::Error::from)?,
        Format::Table => file::table(&report),
        Format::Bmf | Format::BenchmarkAction => unreachable!("refused by --format's parser"),
    };
    finish(
        args,
        vec![
            (report::PYTHON_FILE_WORKLOAD, json),
            ("python-file.md", file::markdown(&report)),
        ],
        &text,
        &report.wrong(),
    )
}
