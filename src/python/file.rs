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
//! A program's figures are measured as the seed's are (`run_repeatedly`): the whole
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

mod findings;
mod measure;
pub mod render;
mod rows;
#[cfg(test)]
pub(crate) mod tests;

pub use findings::{NEAR_BYTES, findings, times};
pub use measure::{Figures, Input, LibraryStatus, check_library, measure};
pub use render::{FileCsvRow, HEADERS, cells, csv, csv_rows, figures, markdown, table};
pub use rows::{Baseline, FileReport, FileRow, baseline_name};

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
