//! The seed's experiment beside ours: its three Python programs, measured in the same run
//! on the same machine as their Rust counterparts.
//!
//! The programs (`python/seed_*.py`, built into the binary and written to a temporary
//! folder at run time) sum `range(n)` as a list, as a generator, and in `islice` chunks
//! of `chunk_size`, plus a baseline that only starts the interpreter and sums `range(n)`,
//! which holds no list. Each child is timed by the wall clock around its whole life. Its
//! peak resident memory is the kernel's high-water mark of its own memory, `VmHWM`, which
//! the program reads from `/proc/self/status` as it ends. `wait4`'s `ru_maxrss` would be
//! wrong here: std starts a child with `posix_spawn`, which uses `vfork`, and at `exec`
//! Linux records the memory the child shared with its parent as the child's high-water
//! mark, so `ru_maxrss` is at least the parent's (66 MiB too much for the generator, after
//! sumbench had measured `vec`). `ru_maxrss` is used only where there is no `/proc`.
//! Subtracting the baseline's figures leaves what each strategy adds on top of the
//! interpreter.
//!
//! Every child runs under a time limit (see [`child`]): an interpreter that does not answer
//! `--version` within [`VERSION_TIMEOUT`], or a program that runs past `--timeout`, is
//! killed with its process group and named in the error.
//!
//! The Rust side runs in `opaque` mode: the Python loops visit every number, and so must
//! ours (as written, the lazy sum folds into a closed form and would compare a formula
//! with a loop).
//!
//! The file workload has programs of its own, which read a file as people do in Python
//! (the standard library, numpy, pandas, polars): see [`file`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::machine::MachineInfo;
use crate::strategy::expected_sum;

/// One of the seed's programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedProgram {
    /// The seed's name for the strategy.
    pub seed_strategy: &'static str,
    /// The program's file name.
    pub file: &'static str,
    /// Its source.
    pub source: &'static str,
    /// The registered Rust strategy that does the same, if any (none for the baseline).
    pub rust_strategy: Option<&'static str>,
}

/// The helper every program imports.
const SEEDLIB: (&str, &str) = ("seedlib.py", include_str!("../python/seedlib.py"));

/// The baseline: the interpreter and `sum(range(n))`.
pub const BASELINE: SeedProgram = SeedProgram {
    seed_strategy: "baseline",
    file: "seed_baseline.py",
    source: include_str!("../python/seed_baseline.py"),
    rust_strategy: None,
};

/// The seed's three strategies, with their Rust counterparts.
pub const PROGRAMS: [SeedProgram; 3] = [
    SeedProgram {
        seed_strategy: "list",
        file: "seed_list.py",
        source: include_str!("../python/seed_list.py"),
        rust_strategy: Some("vec"),
    },
    SeedProgram {
        seed_strategy: "generator",
        file: "seed_generator.py",
        source: include_str!("../python/seed_generator.py"),
        rust_strategy: Some("lazy"),
    },
    SeedProgram {
        seed_strategy: "chunks",
        file: "seed_chunks.py",
        source: include_str!("../python/seed_chunks.py"),
        rust_strategy: Some("chunks_collected"),
    },
];

/// Why the Python side could not run.
#[derive(Debug, thiserror::Error)]
pub enum PythonError {
    /// The interpreter could not be started.
    #[error("cannot run {interpreter}: {reason}; install Python 3 or name one with --python PATH")]
    Missing {
        /// The interpreter asked for.
        interpreter: String,
        /// What the system said.
        reason: String,
    },
    /// The interpreter did not answer `--version` in time.
    #[error(
        "{interpreter} --version did not answer within {} s, so it was killed; name a \
         working interpreter with --python PATH",
        VERSION_TIMEOUT.as_secs()
    )]
    VersionTimedOut {
        /// The interpreter asked for.
        interpreter: String,
    },
    /// A program ran past its time limit.
    #[error("{program} did not finish within {seconds} s (--timeout); it was killed")]
    TimedOut {
        /// The program's file name.
        program: &'static str,
        /// The limit, s.
        seconds: u64,
    },
    /// A program failed or printed something other than its result.
    #[error("{program} failed: {detail}")]
    Failed {
        /// The program's file name.
        program: &'static str,
        /// Its exit status and error output, or what could not be read.
        detail: String,
    },
}

/// One run of one program, measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildRun {
    /// Wall time from start to exit, ns.
    pub wall_ns: u64,
    /// The child's peak resident set, bytes: its `VmHWM`, or `ru_maxrss` from `wait4`
    /// where it has none (see the module documentation).
    pub max_rss_bytes: u64,
    /// What it printed as its sum.
    pub sum: u64,
    /// The time it printed for its work alone, timed inside it, ns (the file programs
    /// print it; the seed's do not).
    pub work_ns: Option<u64>,
    /// tracemalloc's peak, when asked for.
    pub tracemalloc_peak_bytes: Option<u64>,
}

/// How long the interpreter may take to answer `--version`: a working one answers in
/// milliseconds, so 10 s only allows for a cold disk or a busy machine.
pub const VERSION_TIMEOUT: Duration = Duration::from_secs(10);

/// The default limit of one program run, s: 60 s for starting the interpreter on a busy
/// machine, plus 1 µs per number summed (the list program, the slowest, sums 10^7 numbers in
/// 1–2 s on a small machine: 0.1–0.2 µs each), rounded up to whole seconds.
pub fn default_timeout_seconds(n: u64) -> u64 {
    60 + n.div_ceil(1_000_000)
}

/// The interpreter's `--version` line, checking on the way that it starts and answers
/// within [`VERSION_TIMEOUT`].
pub fn version(interpreter: &str) -> Result<String, PythonError> {
    let missing = |reason: String| PythonError::Missing {
        interpreter: interpreter.to_owned(),
        reason,
    };
    let mut command = Command::new(interpreter);
    command.arg("--version");
    let output = child::run(command, VERSION_TIMEOUT).map_err(|e| match e {
        child::RunError::Spawn(e) | child::RunError::Wait(e) => missing(e.to_string()),
        child::RunError::TimedOut => PythonError::VersionTimedOut {
            interpreter: interpreter.to_owned(),
        },
    })?;
    if !libc::WIFEXITED(output.status) || libc::WEXITSTATUS(output.status) != 0 {
        return Err(missing(format!(
            "`--version` ended with {}",
            child::describe_status(output.status)
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Ok(if text.is_empty() {
        String::from_utf8_lossy(&output.stderr).trim().to_owned()
    } else {
        text
    })
}

/// Writes the programs of both workloads into `dir`; returns it.
pub fn write_programs(dir: &Path) -> std::io::Result<PathBuf> {
    for (file, source) in PROGRAMS
        .iter()
        .chain([&BASELINE])
        .map(|p| (p.file, p.source))
        .chain([
            SEEDLIB,
            file::FILELIB,
            (file::BASELINE_FILE, file::BASELINE_SOURCE),
        ])
        .chain(file::PROGRAMS.iter().map(|p| (p.file, p.source)))
    {
        std::fs::write(dir.join(file), source)?;
    }
    Ok(dir.to_path_buf())
}

/// Where and how the programs run.
#[derive(Debug, Clone, Copy)]
pub struct Runner<'a> {
    /// The interpreter.
    pub interpreter: &'a str,
    /// The folder the programs were written to (by [`write_programs`]).
    pub dir: &'a Path,
    /// How long one run of a program may take before it is killed, s.
    pub timeout_seconds: u64,
}

/// At most this many characters of a line quoted in an error.
const QUOTED_CHARS: usize = 200;

/// The last non-empty line of `bytes`, cut to its last [`QUOTED_CHARS`] characters.
fn last_line(bytes: &[u8]) -> String {
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
pub(crate) fn run_script(
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
        let median = |mut values: Vec<u64>| crate::measure::median(&mut values);
        (
            median(self.runs.iter().map(|r| r.wall_ns).collect()),
            median(self.runs.iter().map(|r| r.max_rss_bytes).collect()),
        )
    }

    /// The median of the work times the runs printed, ns, when every run printed one.
    pub fn work_median(&self) -> Option<u64> {
        let mut times: Vec<u64> = self.runs.iter().map(|r| r.work_ns).collect::<Option<_>>()?;
        (!times.is_empty()).then(|| crate::measure::median(&mut times))
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
    reps: crate::measure::Repetitions,
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

/// Medians of a program's timed runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramFigures {
    /// The seed's name for the strategy (`list`, `generator`, `chunks`, `baseline`).
    pub seed_strategy: String,
    /// Median wall time of the whole process, ns.
    pub median_ns: u64,
    /// Median peak resident set of the whole process, bytes.
    pub max_rss_bytes: u64,
    /// tracemalloc's peak (from one extra run with tracing on), when asked for.
    pub tracemalloc_peak_bytes: Option<u64>,
    /// Whether every run printed `n(n−1)/2`.
    pub correct: bool,
}

/// Runs `program` `warmups` + `runs` times and takes the medians; with `tracemalloc`,
/// one more run with tracing gives Python's heap figure (it is slower, so it is not timed).
pub fn measure_program(
    runner: Runner<'_>,
    program: &SeedProgram,
    n: u64,
    chunk_size: usize,
    reps: crate::measure::Repetitions,
    tracemalloc: bool,
) -> Result<ProgramFigures, PythonError> {
    let args = [n.to_string(), chunk_size.to_string()].map(OsString::from);
    let runs = run_repeatedly(runner, program.file, &args, reps, tracemalloc)?;
    let (median_ns, max_rss_bytes) = runs.medians();
    Ok(ProgramFigures {
        seed_strategy: program.seed_strategy.to_owned(),
        median_ns,
        max_rss_bytes,
        tracemalloc_peak_bytes: runs.tracemalloc_peak_bytes,
        correct: runs.all_printed(expected_sum(n)),
    })
}

/// One row of the side-by-side table: a seed strategy in Python and in Rust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideBySide {
    /// The seed's name for the strategy.
    pub seed_strategy: String,
    /// The Python program's figures.
    pub python: ProgramFigures,
    /// Its median time minus the baseline program's, ns (what the strategy adds).
    pub python_above_baseline_ns: i64,
    /// Its peak RSS minus the baseline program's, bytes.
    pub python_rss_above_baseline_bytes: i64,
    /// The Rust strategy that does the same.
    pub rust_strategy: String,
    /// Its median time for one call, ns (opaque mode).
    pub rust_median_ns: u64,
    /// Its peak RSS during one call, bytes.
    pub rust_peak_rss_bytes: u64,
    /// Its peak heap during one call, bytes (the counterpart of tracemalloc's peak).
    pub rust_peak_heap_bytes: u64,
    /// Whether every Rust run returned `n(n−1)/2`.
    pub rust_correct: bool,
    /// Python's whole-process time over Rust's time for one call.
    pub time_ratio: Option<f64>,
    /// Python's peak RSS above the baseline over Rust's peak RSS; none when Rust's is 0.
    pub rss_ratio: Option<f64>,
}

impl SideBySide {
    /// Joins the figures and computes the ratios from them.
    pub fn new(
        python: ProgramFigures,
        baseline: &ProgramFigures,
        rust: &crate::measure::StrategyResult,
    ) -> Self {
        let ratio = |over: f64, under: f64| (under > 0.0).then(|| over / under);
        let rss_above = python.max_rss_bytes as i64 - baseline.max_rss_bytes as i64;
        Self {
            seed_strategy: python.seed_strategy.clone(),
            python_above_baseline_ns: python.median_ns as i64 - baseline.median_ns as i64,
            python_rss_above_baseline_bytes: rss_above,
            rust_strategy: rust.strategy.clone(),
            rust_median_ns: rust.median_ns,
            rust_peak_rss_bytes: rust.peak_rss_bytes,
            rust_peak_heap_bytes: rust.peak_bytes,
            rust_correct: rust.correct,
            time_ratio: ratio(python.median_ns as f64, rust.median_ns as f64),
            rss_ratio: ratio(rss_above.max(0) as f64, rust.peak_rss_bytes as f64),
            python,
        }
    }
}

/// Everything `sumbench python` measured: saved as `reports/python.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonReport {
    /// Names this run in both saved files.
    pub run_id: String,
    /// Numbers summed: `0..n`.
    pub n: u64,
    /// The chunk size of the chunked programs.
    pub chunk_size: usize,
    /// Timed runs of each program and each Rust strategy.
    pub runs: u32,
    /// The interpreter's `--version`.
    pub python_version: String,
    /// The machine.
    pub machine: MachineInfo,
    /// The baseline program's figures.
    pub baseline: ProgramFigures,
    /// One row per seed strategy.
    pub rows: Vec<SideBySide>,
}

pub mod child;
pub mod file;
pub mod render;
pub use render::{CsvRow, HEADERS, cells, csv, csv_rows, markdown, table};
