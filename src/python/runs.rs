//! Running one program and measuring it, once or repeatedly: what every program of both
//! workloads goes through. Separate from the programs themselves and from the figures made
//! of the runs.

use std::ffi::OsString;
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use super::{ChildRun, PythonError, Runner, SeedProgram, child};

/// At most this many characters of a line quoted in an error.
const QUOTED_CHARS: usize = 200;

/// The last non-empty line of `bytes`, cut to its last [`QUOTED_CHARS`] characters.
pub(super) fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let skip = line.chars().count().saturating_sub(QUOTED_CHARS);
    line.chars().skip(skip).collect()
}

/// Runs `program` once and measures it.
pub fn run_child(
    runner: Runner<'_>,
    program: &SeedProgram,
    n: u64,
    chunk_size: usize,
    tracemalloc: bool,
) -> Result<ChildRun, PythonError> {
    let args = [n.to_string(), chunk_size.to_string()];
    run_script(runner, program.file, &args.map(OsString::from), tracemalloc)
}

/// Runs the program `file` (in the runner's folder) once with `args`, and `--tracemalloc`
/// when asked, and measures it: what every program of both workloads goes through.
fn run_script(
    runner: Runner<'_>,
    file: &'static str,
    args: &[OsString],
    tracemalloc: bool,
) -> Result<ChildRun, PythonError> {
    let failed = |detail: String| PythonError::Failed {
        program: file,
        detail,
    };
    let mut command = Command::new(runner.interpreter);
    command.arg(runner.dir.join(file)).args(args);
    if tracemalloc {
        command.arg("--tracemalloc");
    }
    let limit = Duration::from_secs(runner.timeout_seconds);
    let output = child::run(command, limit).map_err(|e| match e {
        child::RunError::Spawn(e) => PythonError::Missing {
            interpreter: runner.interpreter.to_owned(),
            reason: e.to_string(),
        },
        child::RunError::TimedOut => PythonError::TimedOut {
            program: file,
            seconds: runner.timeout_seconds,
        },
        child::RunError::Wait(e) => failed(format!("waiting for it: {e}")),
    })?;
    let wall_ns = u64::try_from(output.wall.as_nanos()).unwrap_or(u64::MAX);
    if !libc::WIFEXITED(output.status) || libc::WEXITSTATUS(output.status) != 0 {
        return Err(failed(format!(
            "{}: {}",
            child::describe_status(output.status),
            last_line(&output.stderr)
        )));
    }
    #[derive(Deserialize)]
    struct Printed {
        sum: u64,
        #[serde(default)]
        work_ns: Option<u64>,
        vm_hwm_bytes: Option<u64>,
        tracemalloc_peak_bytes: Option<u64>,
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let printed: Printed = serde_json::from_str(stdout.trim()).map_err(|e| {
        failed(format!(
            "unexpected output {:?}: {e}",
            last_line(&output.stdout)
        ))
    })?;
    Ok(ChildRun {
        wall_ns,
        max_rss_bytes: printed
            .vm_hwm_bytes
            .unwrap_or_else(|| u64::try_from(output.usage.ru_maxrss).unwrap_or(0) * 1024),
        sum: printed.sum,
        work_ns: printed.work_ns,
        tracemalloc_peak_bytes: printed.tracemalloc_peak_bytes,
    })
}

/// A program's timed runs, and tracemalloc's peak from one more run when it was asked for.
pub(crate) struct Runs {
    /// The timed runs, in order.
    pub runs: Vec<ChildRun>,
    /// tracemalloc's peak, bytes.
    pub tracemalloc_peak_bytes: Option<u64>,
}

impl Runs {
    /// The median wall time, ns, and the median peak resident set, bytes.
    pub fn medians(&self) -> (u64, u64) {
        let median = |mut values: Vec<u64>| sumbench::measure::median(&mut values);
        (
            median(self.runs.iter().map(|r| r.wall_ns).collect()),
            median(self.runs.iter().map(|r| r.max_rss_bytes).collect()),
        )
    }

    /// The median of the work times the runs printed, ns, when every run printed one.
    pub fn work_median(&self) -> Option<u64> {
        let mut times: Vec<u64> = self.runs.iter().map(|r| r.work_ns).collect::<Option<_>>()?;
        (!times.is_empty()).then(|| sumbench::measure::median(&mut times))
    }

    /// Whether every timed run printed `expected`.
    pub fn all_printed(&self, expected: Option<u64>) -> bool {
        self.runs.iter().all(|r| Some(r.sum) == expected)
    }
}

/// Runs the program `file` with `args` `warmups` + `runs` times (at least one timed); with
/// `tracemalloc`, one more run with tracing gives Python's heap figure (it is slower, so it
/// is not timed).
pub(crate) fn run_repeatedly(
    runner: Runner<'_>,
    file: &'static str,
    args: &[OsString],
    reps: sumbench::measure::Repetitions,
    tracemalloc: bool,
) -> Result<Runs, PythonError> {
    for _ in 0..reps.warmups {
        run_script(runner, file, args, false)?;
    }
    let mut runs = Vec::with_capacity(reps.runs as usize);
    for _ in 0..reps.runs.max(1) {
        runs.push(run_script(runner, file, args, false)?);
    }
    let tracemalloc_peak_bytes = if tracemalloc {
        run_script(runner, file, args, true)?.tracemalloc_peak_bytes
    } else {
        None
    };
    Ok(Runs {
        runs,
        tracemalloc_peak_bytes,
    })
}
