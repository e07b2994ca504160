//! `sumbench python`: the seed's Python programs beside their Rust counterparts.

use indicatif::{ProgressBar, ProgressStyle};

use sumbench::export::{FileSet, Format, RunReport};
use sumbench::machine::MachineInfo;
use sumbench::measure::{self, Repetitions};
use sumbench::report;
use sumbench::strategy::{Mode, Workload};

use super::{Failure, Validated, print_out, validate, writable};
use crate::{PythonArgs, Selection};

/// The files `sumbench python` writes into the reports directory, as one set.
const PYTHON_FILES: [&str; 2] = [report::PYTHON_FILE, "python.md"];

/// `sumbench python`: the seed's programs and their Rust counterparts, side by side.
pub fn python(args: &PythonArgs) -> Result<(), Failure> {
    use sumbench::python::{self as seed, PythonReport, SideBySide};
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
    let python_version = seed::version(&args.python).map_err(usage)?;
    if !args.no_save {
        writable(&args.reports_dir, &PYTHON_FILES)?;
    }
    let reps = Repetitions {
        warmups: args.warmups,
        runs: args.runs,
        ..Repetitions::default()
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
            report::generate(&target, &args.reports_dir, None)?;
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
