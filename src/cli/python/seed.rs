//! `sumbench python` on the range workload: the seed's programs beside their Rust
//! counterparts. Separate from the file workload's command, which measures other programs
//! into another report.

use indicatif::ProgressBar;

use sumbench::export::RunReport;
use sumbench::measure::Repetitions;
use sumbench::measure::machine::MachineInfo;
use sumbench_app::python::{self as seed, ProgramFigures, PythonReport, Runner, SideBySide};
use sumbench_app::report;
use sumbench_app::workloads::strategy::{Mode, Params, Workload};

use super::super::{Failure, Validated, validate};
use super::{Prepared, Renderings, output, prepare, progress_bar, remove_scratch, runner};
use crate::{PythonArgs, Selection, Summed};

/// The files `sumbench python` writes into the reports directory, as one set.
const PYTHON_FILES: [&str; 2] = [report::PYTHON_FILE, "python.md"];

/// The range workload: the seed's programs, leaving their folder in
/// [`SCRATCH`](super::SCRATCH).
pub(super) fn compare(args: &PythonArgs) -> Result<(), Failure> {
    let chunk_size = args.summed.chunk_size.unwrap_or(Params::DEFAULT_CHUNK_SIZE);
    let Validated {
        strategies, params, ..
    } = validate(&Selection {
        summed: Summed {
            workload: Some(Workload::Range),
            input: None,
            chunk_size: Some(chunk_size),
            ..args.summed.clone()
        },
        strategies: seed::PROGRAMS
            .iter()
            .filter_map(|p| p.rust_strategy.map(str::to_owned))
            .collect(),
        opaque: true,
    })?;
    check_chunk_size(chunk_size)?;
    let Prepared {
        python_version,
        reps,
        dir,
    } = prepare(args, &PYTHON_FILES)?;
    let runner = runner(args, &dir, params.n);
    let progress = progress_bar((seed::PROGRAMS.len() + 1) as u64 * 2);
    let (baseline, programs) = measure_programs(args, runner, &params, reps, &progress)?;
    // The Rust side in interleaved rounds, as the side-by-side run measures it.
    progress.set_message("rust");
    let rust = sumbench_app::workloads::contenders::run_builtin(
        &strategies,
        &params,
        Mode::Opaque,
        reps,
        &mut sumbench::measure::Ticks(|| {}),
    )?;
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
    let wrong: Vec<String> = report
        .rows
        .iter()
        .filter(|r| !r.python.correct || !r.rust.correct)
        .map(|r| r.seed_strategy.clone())
        .chain((!report.baseline.correct).then(|| "baseline".to_owned()))
        .collect();
    let render = Renderings {
        markdown: seed::markdown,
        csv: seed::csv,
        table: seed::table,
    };
    output(args, &report, PYTHON_FILES, render, &wrong)
}

/// Refuses a chunk size the programs cannot take: they chunk with `islice`, which takes at
/// most Python's `sys.maxsize`.
fn check_chunk_size(chunk_size: usize) -> Result<(), Failure> {
    if chunk_size as u64 > i64::MAX as u64 {
        return Err(Failure::Usage(format!(
            "--chunk-size {} is larger than Python's sys.maxsize ({}), the most islice takes",
            sumbench_page::units::grouped(chunk_size as u64),
            sumbench_page::units::grouped(i64::MAX as u64)
        )));
    }
    Ok(())
}

/// Measures the baseline program, then each of the seed's programs.
fn measure_programs(
    args: &PythonArgs,
    runner: Runner<'_>,
    params: &Params,
    reps: Repetitions,
    progress: &ProgressBar,
) -> Result<(ProgramFigures, Vec<ProgramFigures>), Failure> {
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
    Ok((baseline, programs))
}
