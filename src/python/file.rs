//! The file workload in Python: the same file summed by Python programs written as a
//! careful service developer writes each approach, beside the Rust strategies that do the
//! same, in the same run (`sumbench python --workload file`).
//!
//! The programs (`python/file_*.py`, built into the binary like the seed's) read the whole
//! text and split it into a list, loop over the lines, read fixed-size blocks, or hand the
//! file to numpy, pandas or polars. Those three libraries are optional: each is checked
//! once with `python3 -c "import numpy; …"` before anything is measured, and a program whose
//! library cannot be imported gets a row saying why and how to install it instead of
//! figures. The check runs in the programs' folder, so it sees the same `sys.path` as they
//! do, and it is the only place the answer is decided: the programs stay as people write
//! them, with a plain `import numpy as np` at the top.
//!
//! A program's figures are measured as the seed's are ([`super::run_repeatedly`]): the whole
//! process timed after a warm-up, its peak resident set its own `VmHWM`. Each library has
//! a baseline of its own, the interpreter importing it and reading nothing
//! (`file_baseline.py --import pandas`), so that the peak RSS above the baseline is what
//! reading and summing the file adds, not the tens of megabytes `import pandas` takes.
//! Time is another matter: importing a library takes half a second to a second and moves
//! by hundreds of milliseconds between runs (polars' baseline took 455 ms in one run here
//! and 710 ms in the next), more than polars takes to read the file, so the difference of
//! two processes' medians says nothing about it. Each program therefore also times its
//! reading and summing itself (`perf_counter_ns` around the call, the data's release
//! included), and that is the time compared with Rust's.

use std::ffi::OsString;
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{PythonError, Runner, child, last_line, run_repeatedly};
use crate::machine::MachineInfo;
use crate::measure::{Repetitions, StrategyResult};
use crate::units::bytes_human;

/// One Python program of the file workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileProgram {
    /// Its short name, in the JSON and CSV.
    pub name: &'static str,
    /// The approach as it is written in Python, for the table.
    pub approach: &'static str,
    /// The program's file name.
    pub file: &'static str,
    /// Its source.
    pub source: &'static str,
    /// The library it imports, or `None` for the standard library alone.
    pub library: Option<&'static str>,
    /// The registered Rust strategy that does the closest thing.
    pub rust_strategy: &'static str,
    /// Whether it streams: holds a bounded part of the values at a time, not all of them.
    pub streams: bool,
}

/// The helper every file program imports: arguments, the exact sum, the output.
pub(super) const FILELIB: (&str, &str) = ("filelib.py", include_str!("../../python/filelib.py"));

/// The baseline program: the interpreter and `--import LIBRARY`, reading nothing.
pub const BASELINE_FILE: &str = "file_baseline.py";

/// Its source.
pub(super) const BASELINE_SOURCE: &str = include_str!("../../python/file_baseline.py");

/// The optional libraries, in table order.
pub const LIBRARIES: [&str; 3] = ["numpy", "pandas", "polars"];

/// How to install them, said in every row that could not run.
pub const INSTALL: &str = "python3 -m pip install numpy pandas polars";

/// The rows per chunk of the pandas program that reads in chunks (`file_pandas_chunks.py`
/// says why).
pub const PANDAS_CHUNK_ROWS: u64 = 100_000;

/// The programs, in table order: the standard library's first.
pub const PROGRAMS: [FileProgram; 8] = [
    FileProgram {
        name: "read_split",
        approach: "f.read().split()",
        file: "file_read_split.py",
        source: include_str!("../../python/file_read_split.py"),
        library: None,
        rust_strategy: "read_all",
        streams: false,
    },
    FileProgram {
        name: "line_loop",
        approach: "for line in f",
        file: "file_line_loop.py",
        source: include_str!("../../python/file_line_loop.py"),
        library: None,
        rust_strategy: "lines",
        streams: true,
    },
    FileProgram {
        name: "chunks",
        approach: "f.read(CHUNK_SIZE) blocks",
        file: "file_chunks.py",
        source: include_str!("../../python/file_chunks.py"),
        library: None,
        rust_strategy: "chunked",
        streams: true,
    },
    FileProgram {
        name: "numpy_loadtxt",
        approach: "numpy.loadtxt",
        file: "file_numpy_loadtxt.py",
        source: include_str!("../../python/file_numpy_loadtxt.py"),
        library: Some("numpy"),
        rust_strategy: "read_all",
        streams: false,
    },
    FileProgram {
        name: "pandas_read_csv",
        approach: "pandas.read_csv",
        file: "file_pandas_read_csv.py",
        source: include_str!("../../python/file_pandas_read_csv.py"),
        library: Some("pandas"),
        rust_strategy: "read_all",
        streams: false,
    },
    FileProgram {
        name: "pandas_chunks",
        approach: "pandas.read_csv(chunksize=100_000)",
        file: "file_pandas_chunks.py",
        source: include_str!("../../python/file_pandas_chunks.py"),
        library: Some("pandas"),
        rust_strategy: "chunked",
        streams: true,
    },
    FileProgram {
        name: "polars_read_csv",
        approach: "polars.read_csv",
        file: "file_polars_read_csv.py",
        source: include_str!("../../python/file_polars_read_csv.py"),
        library: Some("polars"),
        rust_strategy: "read_all",
        streams: false,
    },
    FileProgram {
        name: "polars_scan",
        approach: "polars.scan_csv(…).collect(engine=\"streaming\")",
        file: "file_polars_scan.py",
        source: include_str!("../../python/file_polars_scan.py"),
        library: Some("polars"),
        rust_strategy: "mmap_parallel",
        streams: true,
    },
];

/// The Rust strategies the programs are compared with, each once, in table order.
pub fn rust_strategies() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for program in &PROGRAMS {
        if !names.contains(&program.rust_strategy) {
            names.push(program.rust_strategy);
        }
    }
    names
}

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

/// A baseline: the interpreter importing one library (or none), reading nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The library imported; `None` for the bare interpreter, the standard library's.
    pub library: Option<String>,
    /// Its figures.
    pub figures: Figures,
}

/// One row of the table: a Python program and its closest Rust strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRow {
    /// The program's short name.
    pub program: String,
    /// The approach as written in Python.
    pub approach: String,
    /// The library it imports; `None` for the standard library.
    pub library: Option<String>,
    /// Whether it streams (holds a bounded part of the values at a time).
    pub streams: bool,
    /// Its figures; `None` when its library could not be imported.
    pub python: Option<Figures>,
    /// Why it did not run, and how to install what it needs: "cannot import numpy (…);
    /// install with …".
    pub not_run: Option<String>,
    /// Its peak RSS minus its baseline's, bytes.
    pub python_rss_above_baseline_bytes: Option<i64>,
    /// The Rust strategy that does the closest thing.
    pub rust_strategy: String,
    /// Its median time for one call, ns (the file warm in the page cache).
    pub rust_median_ns: u64,
    /// Its peak RSS during one call, above the process's start, bytes.
    pub rust_peak_rss_bytes: u64,
    /// Its peak heap during one call, bytes (the counterpart of tracemalloc's peak).
    pub rust_peak_heap_bytes: u64,
    /// Whether every Rust call returned the file's sum.
    pub rust_correct: bool,
    /// Python's time for the reading and summing over Rust's time for one call; none when
    /// either is 0 or unknown.
    pub time_ratio: Option<f64>,
    /// Python's peak RSS above its baseline over Rust's peak RSS; none when Rust's is 0.
    pub rss_ratio: Option<f64>,
}

impl FileRow {
    /// Joins a program's figures (or why it did not run) with its baseline's and its Rust
    /// strategy's, and computes the ratios from them.
    /// `CHUNK_SIZE` in an approach is written as `chunk_size` bytes.
    pub fn new(
        program: &FileProgram,
        chunk_size: usize,
        python: Result<(Figures, &Figures), String>,
        rust: &StrategyResult,
    ) -> Self {
        let ratio = |over: f64, under: f64| (over > 0.0 && under > 0.0).then(|| over / under);
        let (python, not_run, rss_above) = match python {
            Ok((figures, baseline)) => {
                let rss_above = figures.max_rss_bytes as i64 - baseline.max_rss_bytes as i64;
                (Some(figures), None, Some(rss_above))
            }
            Err(why) => (None, Some(why), None),
        };
        let work_ns = python.as_ref().and_then(|p| p.work_median_ns);
        Self {
            program: program.name.to_owned(),
            approach: program
                .approach
                .replace("CHUNK_SIZE", &bytes_human(chunk_size as u64)),
            library: program.library.map(str::to_owned),
            streams: program.streams,
            python,
            not_run,
            python_rss_above_baseline_bytes: rss_above,
            rust_strategy: rust.strategy.clone(),
            rust_median_ns: rust.median_ns,
            rust_peak_rss_bytes: rust.peak_rss_bytes,
            rust_peak_heap_bytes: rust.peak_bytes,
            rust_correct: rust.correct,
            time_ratio: work_ns.and_then(|ns| ratio(ns as f64, rust.median_ns as f64)),
            rss_ratio: rss_above.and_then(|bytes| {
                (rust.peak_rss_bytes > 0).then(|| bytes.max(0) as f64 / rust.peak_rss_bytes as f64)
            }),
        }
    }

    /// Its resident memory above its baseline, never below 0, when it ran.
    fn rss_above(&self) -> Option<u64> {
        self.python_rss_above_baseline_bytes
            .map(|bytes| bytes.max(0) as u64)
    }
}

/// Everything `sumbench python --workload file` measured: saved as
/// `reports/python-file.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// Names this run in both saved files.
    pub run_id: String,
    /// The file, as given (or where the generated one is).
    pub input: String,
    /// Whether sumbench generated it (`0..n`, one per line).
    pub generated: bool,
    /// Its size, bytes.
    pub input_bytes: u64,
    /// Its values (non-blank lines).
    pub values: u64,
    /// Their sum as the reference reader found it: what every program must print.
    pub expected_sum: u64,
    /// Bytes per read of the programs that read blocks (Python's and Rust's).
    pub chunk_size: usize,
    /// Timed runs of each program and each Rust strategy.
    pub runs: u32,
    /// The interpreter's `--version`.
    pub python_version: String,
    /// numpy, pandas and polars: their versions, or why they do not import.
    pub libraries: Vec<LibraryStatus>,
    /// The machine.
    pub machine: MachineInfo,
    /// The baselines: the bare interpreter first, then one per library that imports.
    pub baselines: Vec<Baseline>,
    /// One row per program.
    pub rows: Vec<FileRow>,
    /// What the figures say, in a few sentences computed from them.
    pub findings: Vec<String>,
}

impl FileReport {
    /// The baseline of `library` (`None`: the bare interpreter's).
    pub fn baseline(&self, library: Option<&str>) -> Option<&Baseline> {
        self.baselines
            .iter()
            .find(|b| b.library.as_deref() == library)
    }

    /// The row of the program `name`.
    fn row(&self, name: &str) -> Option<&FileRow> {
        self.rows.iter().find(|r| r.program == name)
    }

    /// The programs whose sums, or whose Rust strategy's, were wrong (a baseline that did
    /// not print 0 too).
    pub fn wrong(&self) -> Vec<String> {
        let programs = self
            .rows
            .iter()
            .filter(|r| r.python.as_ref().is_some_and(|p| !p.correct) || !r.rust_correct)
            .map(|r| r.program.clone());
        let baselines = self
            .baselines
            .iter()
            .filter(|b| !b.figures.correct)
            .map(|b| baseline_name(b.library.as_deref()));
        programs.chain(baselines).collect()
    }
}

/// A baseline's name in tables and CSV: `baseline`, `baseline+numpy`.
pub fn baseline_name(library: Option<&str>) -> String {
    match library {
        None => "baseline".to_owned(),
        Some(library) => format!("baseline+{library}"),
    }
}

/// How close is near: a Python program whose resident memory above its baseline is within
/// 1 MiB of what Rust's streaming strategy holds resident gets near it. 1 MiB is 256 pages,
/// about what two runs of one program differ by in the kernel's high-water mark.
pub const NEAR_BYTES: u64 = 1 << 20;

/// A ratio for people: two significant digits below 10 (`0.05×`, `1.2×`), none after the
/// point from 10 on (`14×`).
pub fn times(ratio: f64) -> String {
    format!("{}×", significant(ratio))
}

/// `value` with two significant digits below 10, none after the point from 10 on.
fn significant(value: f64) -> String {
    if value >= 10.0 || value <= 0.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        let decimals = (1.0 - value.log10().floor()).clamp(1.0, 6.0) as usize;
        format!("{value:.decimals$}")
    }
}

/// `part` against the file's size, in parentheses, when the file is not empty: a multiple
/// of it (`(10× the file)`), or a percentage below it (`(8.8 % of the file)`).
fn of_file(part: u64, file_bytes: u64) -> String {
    if file_bytes == 0 {
        return String::new();
    }
    let ratio = part as f64 / file_bytes as f64;
    if ratio < 1.0 {
        format!(" ({} % of the file)", significant(ratio * 100.0))
    } else {
        format!(" ({} the file)", times(ratio))
    }
}

/// What the figures say: what reading it all costs in Python against Rust, what pandas
/// holds for the file, and whether streaming in Python gets near Rust's memory. Each
/// sentence is computed from the rows; one whose programs did not run says so.
pub fn findings(report: &FileReport) -> Vec<String> {
    let file = report.input_bytes;
    let mut out = Vec::new();
    let measured = |row: &&FileRow| row.python.is_some();

    // Reading it all.
    if let Some(list) = report.row("read_split").filter(measured) {
        let above = list.rss_above().unwrap_or(0);
        let mut sentence = format!(
            "Reading it all: {} holds {} above the bare interpreter{}, against {} for Rust's \
             {}",
            list.approach,
            bytes_human(above),
            of_file(above, file),
            bytes_human(list.rust_peak_rss_bytes),
            list.rust_strategy,
        );
        if let Some(ratio) = list.rss_ratio {
            sentence += &format!(" ({} as much)", times(ratio));
        }
        if let Some(ratio) = list.time_ratio {
            sentence += &format!(", and takes {} its time", times(ratio));
        }
        sentence.push('.');
        let libraries: Vec<&FileRow> = report
            .rows
            .iter()
            .filter(|r| !r.streams && r.library.is_some())
            .filter(measured)
            .collect();
        if let Some(leanest) = libraries.iter().min_by_key(|r| r.rss_above()) {
            let held = leanest.rss_above().unwrap_or(0);
            sentence += &format!(
                " Of the libraries that also hold every value, {} holds the least: {} above \
                 its import{}{}.",
                leanest.approach,
                bytes_human(held),
                of_file(held, file),
                against_rust(held, leanest),
            );
        }
        out.push(sentence);
    }

    // pandas.
    let pandas = report.row("pandas_read_csv");
    match pandas {
        Some(whole) if whole.python.is_some() => {
            let held = whole.rss_above().unwrap_or(0);
            let mut sentence = format!(
                "pandas: {} holds {} above `import pandas` for this {} file{}, against {} \
                 for Rust's {}",
                whole.approach,
                bytes_human(held),
                bytes_human(file),
                of_file(held, file),
                bytes_human(whole.rust_peak_rss_bytes),
                whole.rust_strategy,
            );
            if let (Some(import), Some(bare)) =
                (report.baseline(Some("pandas")), report.baseline(None))
            {
                sentence += &format!(
                    "; importing pandas alone holds {} above the bare interpreter",
                    bytes_human(
                        import
                            .figures
                            .max_rss_bytes
                            .saturating_sub(bare.figures.max_rss_bytes)
                    )
                );
            }
            if let Some(chunks) = report.row("pandas_chunks").filter(measured) {
                sentence += &format!(
                    "; {} holds {}",
                    chunks.approach,
                    bytes_human(chunks.rss_above().unwrap_or(0))
                );
            }
            sentence.push('.');
            out.push(sentence);
        }
        Some(whole) => out.push(format!(
            "pandas was not measured: {}.",
            whole.not_run.as_deref().unwrap_or("it did not run")
        )),
        None => {}
    }

    // Streaming.
    let streaming: Vec<&FileRow> = report
        .rows
        .iter()
        .filter(|r| r.streams)
        .filter(measured)
        .collect();
    let chunked = report.rows.iter().find(|r| r.rust_strategy == "chunked");
    if let (Some(leanest), Some(chunked)) =
        (streaming.iter().min_by_key(|r| r.rss_above()), chunked)
    {
        let held = leanest.rss_above().unwrap_or(0);
        let near = held <= chunked.rust_peak_rss_bytes.saturating_add(NEAR_BYTES);
        let mut sentence = format!(
            "Streaming in Python {} near Rust's memory: the leanest, {}, adds {} of resident \
             memory above its baseline, against {} for Rust's chunked ({} of heap), {} 1 MiB \
             of it",
            if near { "gets" } else { "does not get" },
            leanest.approach,
            bytes_human(held),
            bytes_human(chunked.rust_peak_rss_bytes),
            bytes_human(chunked.rust_peak_heap_bytes),
            if near { "within" } else { "more than" },
        );
        if let Some(ratio) = leanest.time_ratio {
            sentence += &format!(
                ", and it takes {} the time of Rust's {}",
                times(ratio),
                leanest.rust_strategy
            );
        }
        let others: Vec<String> = streaming
            .iter()
            .filter(|r| r.program != leanest.program)
            .map(|r| {
                let held = r.rss_above().unwrap_or(0);
                format!(
                    "{} {}{}",
                    r.approach,
                    bytes_human(held),
                    of_file(held, file)
                )
            })
            .collect();
        if !others.is_empty() {
            sentence += &format!("; the other streaming programs add {}", others.join(", "));
        }
        sentence.push('.');
        out.push(sentence);
    }
    out
}

/// `held` against what `row`'s Rust strategy holds resident: ", 0.6× what Rust's read_all
/// holds"; nothing when Rust's holds nothing.
fn against_rust(held: u64, row: &FileRow) -> String {
    if row.rust_peak_rss_bytes == 0 {
        return String::new();
    }
    format!(
        ", {} what Rust's {} holds",
        times(held as f64 / row.rust_peak_rss_bytes as f64),
        row.rust_strategy
    )
}

pub mod render;
pub use render::{CsvRow, HEADERS, cells, csv, csv_rows, markdown, table};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::strategy::Workload;

    const MIB: u64 = 1 << 20;

    #[test]
    fn ratios_keep_two_significant_digits_below_ten() {
        assert_eq!(times(0.0), "0×");
        assert_eq!(times(0.0466), "0.047×");
        assert_eq!(times(0.5), "0.50×");
        assert_eq!(times(1.0), "1.0×");
        assert_eq!(times(9.94), "9.9×");
        assert_eq!(times(14.2), "14×");
    }

    #[test]
    fn every_rust_counterpart_is_a_file_strategy_and_each_is_run_once() {
        let names = rust_strategies();
        assert_eq!(names, ["read_all", "lines", "chunked", "mmap_parallel"]);
        for name in names {
            let strategy = crate::workloads::find(name).expect(name);
            assert_eq!(strategy.workload(), Workload::File, "{name}");
        }
    }

    #[test]
    fn the_standard_library_programs_import_no_library() {
        let stdlib = PROGRAMS
            .iter()
            .filter(|p| p.library.is_none())
            .map(|p| (p.file, p.source))
            .chain([FILELIB, (BASELINE_FILE, BASELINE_SOURCE)]);
        for (file, source) in stdlib {
            for library in LIBRARIES {
                let imports = source.lines().any(|line| {
                    let line = line.trim();
                    line.starts_with(&format!("import {library}"))
                        || line.starts_with(&format!("from {library}"))
                });
                assert!(!imports, "{file} imports {library}");
            }
        }
        // And each library program imports its own.
        for program in PROGRAMS.iter().filter(|p| p.library.is_some()) {
            let library = program.library.unwrap();
            assert!(
                program.source.contains(&format!("import {library}")),
                "{}",
                program.file
            );
        }
    }

    fn figures(median_ns: u64, max_rss_bytes: u64) -> Figures {
        Figures {
            median_ns,
            work_median_ns: Some(median_ns / 2),
            max_rss_bytes,
            tracemalloc_peak_bytes: None,
            correct: true,
        }
    }

    /// A row of `program` that held `above` bytes above its baseline (`None`: it did not
    /// run), its Rust strategy `rust_rss` bytes resident.
    pub(crate) fn row(program: &str, above: Option<u64>, rust_rss: u64) -> FileRow {
        let program = PROGRAMS.iter().find(|p| p.name == program).unwrap();
        FileRow {
            program: program.name.to_owned(),
            approach: program.approach.to_owned(),
            library: program.library.map(str::to_owned),
            streams: program.streams,
            python: above.map(|bytes| figures(2_000_000_000, bytes + 14 * MIB)),
            not_run: above
                .is_none()
                .then(|| format!("cannot import x (y); install with {INSTALL}")),
            python_rss_above_baseline_bytes: above.map(|bytes| bytes as i64),
            rust_strategy: program.rust_strategy.to_owned(),
            rust_median_ns: 100_000_000,
            rust_peak_rss_bytes: rust_rss,
            rust_peak_heap_bytes: 65_536,
            rust_correct: true,
            time_ratio: Some(10.0),
            rss_ratio: (rust_rss > 0).then(|| above.unwrap_or(0) as f64 / rust_rss as f64),
        }
    }

    /// A report of `rows` on a 75 MiB file, with its findings left empty.
    pub(crate) fn report(rows: Vec<FileRow>) -> FileReport {
        FileReport {
            run_id: "test".to_owned(),
            input: "data.txt".to_owned(),
            generated: true,
            input_bytes: 75 * MIB,
            values: 10_000_000,
            expected_sum: 49_999_995_000_000,
            chunk_size: 65_536,
            runs: 3,
            python_version: "Python 3.11.7".to_owned(),
            libraries: Vec::new(),
            machine: MachineInfo::current(),
            baselines: vec![
                Baseline {
                    library: None,
                    figures: figures(20_000_000, 14 * MIB),
                },
                Baseline {
                    library: Some("pandas".to_owned()),
                    figures: figures(1_000_000_000, 70 * MIB),
                },
            ],
            rows,
            findings: Vec::new(),
        }
    }

    #[test]
    fn the_findings_are_computed_from_the_rows() {
        let report = report(vec![
            row("read_split", Some(750 * MIB), 150 * MIB),
            row("line_loop", Some(3 * MIB), 0),
            row("chunks", Some(2 * MIB), 0),
            row("pandas_read_csv", Some(225 * MIB), 150 * MIB),
            row("pandas_chunks", Some(6 * MIB), 0),
            row("polars_read_csv", Some(150 * MIB), 150 * MIB),
        ]);
        let found = findings(&report);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with(
                "Reading it all: f.read().split() holds 750.0 MiB above the bare interpreter \
                 (10× the file), against 150.0 MiB for Rust's read_all (5.0× as much), and \
                 takes 10× its time."
            ),
            "{}",
            found[0]
        );
        assert!(
            found[0].contains(
                "polars.read_csv holds the least: 150.0 MiB above its import (2.0× the file), \
                 1.0× what Rust's read_all holds."
            ),
            "{}",
            found[0]
        );
        assert!(found[1].contains("pandas.read_csv holds 225.0 MiB above `import pandas`"));
        assert!(found[1].contains("(3.0× the file)"), "{}", found[1]);
        assert!(found[1].contains("importing pandas alone holds 56.0 MiB"));
        assert!(found[1].contains("pandas.read_csv(chunksize=100_000) holds 6.0 MiB"));
        assert!(
            found[2].starts_with(
                "Streaming in Python does not get near Rust's memory: the leanest, \
                 f.read(CHUNK_SIZE) blocks, adds 2.0 MiB"
            ),
            "{}",
            found[2]
        );
        assert!(found[2].contains("more than 1 MiB"), "{}", found[2]);
        assert!(
            found[2].contains(
                "the other streaming programs add for line in f 3.0 MiB (4.0 % of the file)"
            ),
            "{}",
            found[2]
        );
    }

    #[test]
    fn streaming_within_a_mebibyte_gets_near_and_a_library_not_run_is_said() {
        let report = report(vec![
            row("read_split", Some(750 * MIB), 150 * MIB),
            row("line_loop", Some(100 << 10), 0),
            row("chunks", Some(2 * MIB), 0),
            row("pandas_read_csv", None, 150 * MIB),
            row("pandas_chunks", None, 0),
        ]);
        let found = findings(&report);
        assert!(
            found[1].starts_with("pandas was not measured: cannot import x (y); install with"),
            "{}",
            found[1]
        );
        assert!(found[1].ends_with("python3 -m pip install numpy pandas polars."));
        assert!(
            found[2].starts_with("Streaming in Python gets near Rust's memory: the leanest, for line in f, adds 100.0 KiB"),
            "{}",
            found[2]
        );
        assert!(found[2].contains("within 1 MiB"), "{}", found[2]);
        // Rows that did not run are not among the streaming programs.
        assert!(!found[2].contains("pandas"), "{}", found[2]);
    }
}
