//! Measuring the file programs: whether each optional library imports, and a program's
//! medians on the file. Separate from the list of programs and from the rows the figures
//! go into.

use std::ffi::OsString;
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::super::{PythonError, Runner, child, last_line, run_repeatedly};
use super::INSTALL;
use sumbench::measure::Repetitions;

/// Whether a library can be imported, and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryStatus {
    /// `numpy`, `pandas` or `polars`.
    pub library: String,
    /// Its `__version__`, when it imports.
    pub version: Option<String>,
    /// Why it does not import: the last line Python printed (`ModuleNotFoundError: No
    /// module named 'numpy'`), or how the check ended.
    pub missing: Option<String>,
}

impl LibraryStatus {
    /// What a row of this library's program says instead of figures, with the one line
    /// that installs it.
    pub fn not_run(&self) -> Option<String> {
        self.missing.as_ref().map(|reason| {
            format!(
                "cannot import {} ({reason}); install with {INSTALL}",
                self.library
            )
        })
    }
}

/// `import LIBRARY; print(LIBRARY.__version__)` in the interpreter, from the programs'
/// folder (so that it sees the `sys.path` the programs see), under the runner's time limit.
/// A library that fails to import, for whatever reason, is missing; only an interpreter
/// that cannot be started or that hangs is an error.
pub fn check_library(
    runner: Runner<'_>,
    library: &'static str,
) -> Result<LibraryStatus, PythonError> {
    let mut command = Command::new(runner.interpreter);
    command.current_dir(runner.dir).arg("-c").arg(format!(
        "import {library}; print(getattr({library}, '__version__', 'unknown version'))"
    ));
    let output =
        child::run(command, Duration::from_secs(runner.timeout_seconds)).map_err(|e| match e {
            child::RunError::Spawn(e) => PythonError::Missing {
                interpreter: runner.interpreter.to_owned(),
                reason: e.to_string(),
            },
            child::RunError::TimedOut => PythonError::TimedOut {
                program: import_statement(library),
                seconds: runner.timeout_seconds,
            },
            child::RunError::Wait(e) => PythonError::Failed {
                program: import_statement(library),
                detail: format!("waiting for it: {e}"),
            },
        })?;
    let ok = libc::WIFEXITED(output.status) && libc::WEXITSTATUS(output.status) == 0;
    let said = last_line(if ok { &output.stdout } else { &output.stderr });
    Ok(LibraryStatus {
        library: library.to_owned(),
        version: ok.then(|| said.clone()),
        missing: (!ok).then(|| {
            if said.is_empty() {
                child::describe_status(output.status)
            } else {
                said
            }
        }),
    })
}

/// The import check of `library` as its errors name it.
fn import_statement(library: &str) -> &'static str {
    match library {
        "numpy" => "import numpy",
        "pandas" => "import pandas",
        "polars" => "import polars",
        _ => "an import check",
    }
}

/// Medians of a program's timed runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Median wall time of the whole process, ns: start-up and imports included.
    pub median_ns: u64,
    /// Median time of the reading and summing alone, as the program timed it, ns; `None`
    /// from a program that did not say.
    pub work_median_ns: Option<u64>,
    /// Median peak resident set of the whole process (its `VmHWM`), bytes.
    pub max_rss_bytes: u64,
    /// tracemalloc's peak (from one extra run with tracing on), when asked for.
    pub tracemalloc_peak_bytes: Option<u64>,
    /// Whether every run printed the expected sum (the file's, or 0 for a baseline, which
    /// reads nothing).
    pub correct: bool,
}

/// What one program is run on.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file.
    pub path: &'a std::path::Path,
    /// Bytes per read of the program that reads blocks.
    pub chunk_size: usize,
    /// Timed runs and warm-ups.
    pub reps: Repetitions,
    /// Whether to run once more under tracemalloc.
    pub tracemalloc: bool,
}

/// Runs the program `file` on `input` (`--import` each of `imports` first) and takes the
/// medians; every run must print `expected`.
pub fn measure(
    runner: Runner<'_>,
    file: &'static str,
    imports: &[&str],
    input: Input<'_>,
    expected: u64,
) -> Result<Figures, PythonError> {
    let mut args: Vec<OsString> = vec![
        input.path.as_os_str().to_owned(),
        input.chunk_size.to_string().into(),
    ];
    for library in imports {
        args.extend(["--import".into(), OsString::from(library)]);
    }
    let runs = run_repeatedly(runner, file, &args, input.reps, input.tracemalloc)?;
    let (median_ns, max_rss_bytes) = runs.medians();
    Ok(Figures {
        median_ns,
        work_median_ns: runs.work_median(),
        max_rss_bytes,
        tracemalloc_peak_bytes: runs.tracemalloc_peak_bytes,
        correct: runs.all_printed(Some(expected)),
    })
}
