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
//! (the standard library, numpy, pandas, polars): see [`file`](mod@file).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

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

pub mod child;
pub mod file;
pub mod render;
mod report;
mod runs;
mod rust_side;

pub use render::{HEADERS, SeedCsvRow, cells, csv, csv_rows, figures, markdown, table};
pub use report::{ProgramFigures, PythonReport, SideBySide, measure_program};
pub use runs::run_child;
use runs::{last_line, run_repeatedly};
pub use rust_side::{RustCells, RustSide};
