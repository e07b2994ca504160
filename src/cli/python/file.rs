//! `sumbench python --workload file`: Python programs reading a file beside the file
//! strategies. Separate from the range workload's command: it checks the optional
//! libraries, measures a baseline per library, and joins each program with its own Rust
//! strategy.

use indicatif::ProgressBar;

use sumbench::export::RunReport;
use sumbench::measure::StrategyResult;
use sumbench::measure::machine::MachineInfo;
use sumbench_app::python::file::{
    self, Baseline, Figures, FileReport, FileRow, Input, LibraryStatus,
};
use sumbench_app::python::{PythonError, Runner};
use sumbench_app::report;
use sumbench_app::suite;
use sumbench_app::workloads::strategy::Workload;

use super::super::{Failure, Validated, validate};
use super::{Prepared, Renderings, output, prepare, progress_bar, remove_scratch, runner};
use crate::{PythonArgs, Selection, Summed};

/// The files `sumbench python --workload file` writes, as one set.
const PYTHON_FILE_FILES: [&str; 2] = [report::PYTHON_FILE_WORKLOAD, "python-file.md"];

/// A program's figures, or why it did not run.
type Measured = Result<Figures, String>;

fn runtime(error: PythonError) -> Failure {
    Failure::Runtime(error.into())
}

/// The file workload: the file programs, leaving their folder in
/// [`SCRATCH`](super::SCRATCH).
pub(super) fn compare(args: &PythonArgs) -> Result<(), Failure> {
    let chunk_size = args.summed.chunk_size.unwrap_or(suite::FILE_CHUNK_SIZE);
    let Validated {
        strategies,
        params,
        mode,
    } = validate(&Selection {
        summed: Summed {
            workload: Some(Workload::File),
            chunk_size: Some(chunk_size),
            ..args.summed.clone()
        },
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
    let runner = runner(args, &dir, params.n);
    let steps = file::LIBRARIES.len() * 2 + 1 + file::PROGRAMS.len() + 1;
    let progress = progress_bar(steps as u64);
    let libraries = check_libraries(runner, &progress)?;
    let input = Input {
        path: &data.path,
        chunk_size,
        reps,
        tracemalloc: args.tracemalloc,
    };
    let baselines = measure_baselines(runner, input, &libraries, &progress)?;
    progress.set_position((file::LIBRARIES.len() * 2 + 1) as u64);
    let measured = measure_programs(runner, input, data.sum, &libraries, &progress)?;
    // The Rust side in interleaved rounds, as the side-by-side run measures it.
    progress.set_message("rust");
    let rust = sumbench_app::workloads::contenders::run_builtin(
        &strategies,
        &params,
        mode,
        reps,
        &mut sumbench::measure::Ticks(|| {}),
    )?;
    progress.finish_and_clear();
    remove_scratch();
    let rows = rows(chunk_size, measured, &baselines, &rust.results);

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
    let render = Renderings {
        markdown: file::markdown,
        csv: file::csv,
        table: file::table,
    };
    output(args, &report, PYTHON_FILE_FILES, render, &report.wrong())
}

/// Whether each optional library imports, in [`file::LIBRARIES`] order.
fn check_libraries(
    runner: Runner<'_>,
    progress: &ProgressBar,
) -> Result<Vec<LibraryStatus>, Failure> {
    let mut libraries = Vec::with_capacity(file::LIBRARIES.len());
    for library in file::LIBRARIES {
        progress.set_message(format!("import {library}"));
        libraries.push(file::check_library(runner, library).map_err(runtime)?);
        progress.inc(1);
    }
    Ok(libraries)
}

/// The baselines: the bare interpreter, then the interpreter importing each library that
/// imports.
fn measure_baselines(
    runner: Runner<'_>,
    input: Input<'_>,
    libraries: &[LibraryStatus],
    progress: &ProgressBar,
) -> Result<Vec<Baseline>, Failure> {
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
    Ok(baselines)
}

/// Each program's figures, in [`file::PROGRAMS`] order; a program whose library does not
/// import is not run, and says why.
fn measure_programs(
    runner: Runner<'_>,
    input: Input<'_>,
    expected: u64,
    libraries: &[LibraryStatus],
    progress: &ProgressBar,
) -> Result<Vec<Measured>, Failure> {
    let mut measured = Vec::with_capacity(file::PROGRAMS.len());
    for program in &file::PROGRAMS {
        let not_run = program
            .library
            .and_then(|name| libraries.iter().find(|l| l.library == name))
            .and_then(LibraryStatus::not_run);
        measured.push(match not_run {
            Some(why) => Err(why),
            None => {
                progress.set_message(format!("python {}", program.file));
                Ok(file::measure(runner, program.file, &[], input, expected).map_err(runtime)?)
            }
        });
        progress.inc(1);
    }
    Ok(measured)
}

/// Joins each program's outcome with its baseline and its Rust strategy's result.
fn rows(
    chunk_size: usize,
    measured: Vec<Measured>,
    baselines: &[Baseline],
    rust: &[StrategyResult],
) -> Vec<FileRow> {
    file::PROGRAMS
        .iter()
        .zip(measured)
        .map(|(program, outcome)| {
            let rust = rust
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
        .collect()
}
