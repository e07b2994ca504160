//! `sumbench python`: the seed's Python programs beside their Rust counterparts, and Python
//! programs reading a file beside the file strategies.

use std::sync::{Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use tempfile::TempDir;

use serde::Serialize;
use sumbench::export::Format;
use sumbench::measure::{self, Repetitions};
use sumbench_app::python::Runner;
use sumbench_app::report;
use sumbench_app::workloads::strategy::Workload;
use sumbench_page::fileset::FileSet;

use super::{Failure, check_buffer, print_out, writable};
use crate::{PythonArgs, Selection};

mod file;
mod seed;

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
/// [`seed::child::stop_children`]: sumbench_app::python::child::stop_children
fn clean_up_on_signals() -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                sumbench_app::python::child::stop_children();
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
        summed: args.summed.clone(),
        strategies: Vec::new(),
        opaque: false,
    }) {
        Ok(Workload::Range) => seed::compare(args),
        Ok(Workload::File) => file::compare(args),
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
    use sumbench_app::python as seed;
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
            let scratch_error = |e: std::io::Error| {
                anyhow::anyhow!(
                    "cannot write the Python programs to a temporary folder in {}: {e}",
                    std::env::temp_dir().display()
                )
            };
            let folder = scratch.insert(tempfile::tempdir().map_err(scratch_error)?);
            seed::write_programs(folder.path()).map_err(scratch_error)?
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
        let target = sumbench_page::fileset::target_dir();
        if target.join(report::MEMORY_FILE).is_file()
            && let Err(error) = report::generate(&target, &args.reports_dir, None)
        {
            // The comparison is saved: a report that cannot be rebuilt is a warning.
            sumbench_page::say!("warning: the report was not refreshed: {error:#}");
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

/// The renderings of a workload's report, for [`output`].
struct Renderings<R> {
    /// The Markdown page, also saved.
    markdown: fn(&R) -> String,
    /// The CSV.
    csv: fn(&R) -> anyhow::Result<String>,
    /// The terminal table.
    table: fn(&R) -> String,
}

/// Prints `report` in the format asked for and, through [`finish`], saves it as `files`:
/// its JSON, then its Markdown page.
fn output<R: Serialize>(
    args: &PythonArgs,
    report: &R,
    files: [&'static str; 2],
    render: Renderings<R>,
    wrong: &[String],
) -> Result<(), Failure> {
    let json = sumbench_page::json::pretty(report)?;
    let markdown = (render.markdown)(report);
    let text = match args.format {
        Format::Json => json.clone(),
        Format::Markdown => markdown.clone(),
        Format::Csv => (render.csv)(report)?,
        Format::Table => (render.table)(report),
        Format::Bmf | Format::BenchmarkAction => unreachable!("refused by --format's parser"),
    };
    finish(
        args,
        vec![(files[0], json), (files[1], markdown)],
        &text,
        wrong,
    )
}

/// Where the programs run: the interpreter asked for, the folder [`prepare`] wrote, and the
/// time limit asked for or the default for `n` numbers.
fn runner<'a>(args: &'a PythonArgs, dir: &'a std::path::Path, n: u64) -> Runner<'a> {
    Runner {
        interpreter: &args.python,
        dir,
        timeout_seconds: args
            .timeout
            .unwrap_or_else(|| sumbench_app::python::default_timeout_seconds(n)),
    }
}
