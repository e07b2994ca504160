//! Reference timings beside the file strategies, for the report to explain them: what
//! reading the file costs without parsing it (the `read` copy, the mapping's page faults,
//! lazy or populated up front), the parse over a mapping with each `madvise` an expert
//! might reach for, and `wc -l` on the same file. `cargo bench` times each as criterion
//! group [`GROUP`] on the seed file; the report reads the estimates by the ids below.
//!
//! None of these is a strategy: the probes without a parse do not sum, and the advised
//! mappings stay out of the strategy table while they change nothing (the report says so,
//! from these figures, in the same run).

use std::io::Read;
use std::process::{Command, Stdio};

use crate::workloads::input::DataFile;
use crate::workloads::parse::sum_text;
use crate::workloads::strategy::SumError;

/// The criterion group of the reference timings.
pub const GROUP: &str = "file-reference";

/// One reference timing: its criterion function name, what it does, and the call.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// The criterion function name: the id is `file-reference/NAME/LINES`.
    pub name: &'static str,
    /// What it measures, in words.
    pub description: &'static str,
    /// One call on `file`; returns something the bench keeps from being optimised away.
    pub run: fn(&DataFile) -> Result<u64, SumError>,
}

/// `read` alone: the chunked strategy's 64 KiB reads, without the parse.
pub const READ_ONLY: &str = "read_only";
/// The mapping's faults alone: map lazily and touch one byte per 4 KiB page.
pub const FAULTS_ONLY: &str = "map_faults_only";
/// `MAP_POPULATE` alone: map with every page entered up front, then nothing.
pub const POPULATE_ONLY: &str = "map_populate_only";
/// The mmap strategy's plain lazy mapping, then the parse: the variants' yardstick, timed
/// beside them.
pub const PLAIN: &str = "mmap_plain";
/// `MAP_POPULATE`, then the parse.
pub const POPULATE: &str = "mmap_populate";
/// `madvise(MADV_SEQUENTIAL)`, then the parse.
pub const SEQUENTIAL: &str = "mmap_sequential";
/// `madvise(MADV_WILLNEED)`, then the parse.
pub const WILL_NEED: &str = "mmap_willneed";
/// `wc -l FILE` as a whole process.
pub const WC: &str = "wc_l";
/// `wc -l` on an empty file: the start-up a process pays, included in [`WC`].
pub const WC_EMPTY: &str = "wc_l_empty";

/// Every probe, in the order the bench runs them.
pub const PROBES: [Probe; 9] = [
    Probe {
        name: READ_ONLY,
        description: "read the file 64 KiB at a time into one buffer, no parse",
        run: read_only,
    },
    Probe {
        name: FAULTS_ONLY,
        description: "map the file and touch one byte per 4 KiB page, no parse",
        run: faults_only,
    },
    Probe {
        name: POPULATE_ONLY,
        description: "map the file with MAP_POPULATE, no parse",
        run: populate_only,
    },
    Advice::Plain.probe(),
    Advice::Populate.probe(),
    Advice::Sequential.probe(),
    Advice::WillNeed.probe(),
    Probe {
        name: WC,
        description: "`wc -l FILE`, the whole process: start-up, reading the file through \
                      its page cache, counting newlines",
        run: |file| wc_lines(&file.path),
    },
    Probe {
        name: WC_EMPTY,
        description: "`wc -l /dev/null`: a process's start-up and exit, nothing to read",
        run: |_| wc_lines(std::path::Path::new("/dev/null")),
    },
];

fn io(file: &DataFile) -> impl Fn(std::io::Error) -> SumError + '_ {
    |error| SumError::Io {
        path: file.display.clone(),
        error,
    }
}

/// The chunked strategy's reads without its parse: the bytes read.
fn read_only(file: &DataFile) -> Result<u64, SumError> {
    let mut opened = file.open()?;
    let mut buffer = vec![0u8; crate::workloads::input::FILE_CHUNK_SIZE];
    let mut total = 0u64;
    loop {
        match opened.read(&mut buffer) {
            Ok(0) => return Ok(total),
            Ok(read) => total += std::hint::black_box(&buffer[..read]).len() as u64,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(file)(e)),
        }
    }
}

/// A read-only mapping of `file`, populated or not.
fn map(file: &DataFile, populate: bool) -> Result<memmap2::Mmap, SumError> {
    let opened = file.open()?;
    let mut options = memmap2::MmapOptions::new();
    if populate {
        options.populate();
    }
    // SAFETY: the mapping is only read, by this call, and the bench's files are written
    // once before it starts; a truncation meanwhile would raise SIGBUS (the strategies
    // guard against that, see the mmap strategy; a reference timing needs not).
    unsafe { options.map(&opened) }.map_err(io(file))
}

/// The mapping's page faults alone: one byte read per page.
fn faults_only(file: &DataFile) -> Result<u64, SumError> {
    let mapping = map(file, false)?;
    Ok(mapping.iter().step_by(4096).map(|&b| u64::from(b)).sum())
}

/// `MAP_POPULATE` alone: the first byte, so the mapping is used.
fn populate_only(file: &DataFile) -> Result<u64, SumError> {
    let mapping = map(file, true)?;
    Ok(mapping.first().copied().map_or(0, u64::from))
}

/// How a mapping is prepared before the parse.
#[derive(Debug, Clone, Copy)]
enum Advice {
    Plain,
    Populate,
    Sequential,
    WillNeed,
}

impl Advice {
    /// The probe that parses over a mapping prepared so.
    const fn probe(self) -> Probe {
        let (name, description) = match self {
            Advice::Plain => (PLAIN, "map lazily (as the mmap strategy), then parse"),
            Advice::Populate => (POPULATE, "map with MAP_POPULATE, then parse"),
            Advice::Sequential => (SEQUENTIAL, "map, madvise(MADV_SEQUENTIAL), then parse"),
            Advice::WillNeed => (WILL_NEED, "map, madvise(MADV_WILLNEED), then parse"),
        };
        let run: fn(&DataFile) -> Result<u64, SumError> = match self {
            Advice::Plain => |file| advised(file, Advice::Plain),
            Advice::Populate => |file| advised(file, Advice::Populate),
            Advice::Sequential => |file| advised(file, Advice::Sequential),
            Advice::WillNeed => |file| advised(file, Advice::WillNeed),
        };
        Probe {
            name,
            description,
            run,
        }
    }
}

/// The mmap strategy's parse over a mapping prepared as `advice` says.
fn advised(file: &DataFile, advice: Advice) -> Result<u64, SumError> {
    let mapping = map(file, matches!(advice, Advice::Populate))?;
    let advise = match advice {
        Advice::Plain | Advice::Populate => None,
        Advice::Sequential => Some(memmap2::Advice::Sequential),
        Advice::WillNeed => Some(memmap2::Advice::WillNeed),
    };
    if let Some(advise) = advise {
        mapping.advise(advise).map_err(io(file))?;
    }
    sum_text(&file.display, &mapping)
}

/// The line count `wc -l PATH` prints, run as a child process with its output piped.
fn wc_lines(path: &std::path::Path) -> Result<u64, SumError> {
    let failed = |what: String| SumError::Io {
        path: path.display().to_string(),
        error: std::io::Error::other(what),
    };
    let output = Command::new("wc")
        .arg("-l")
        .arg(path)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| failed(format!("cannot run wc: {e}")))?;
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok())
        .filter(|_| output.status.success())
        .ok_or_else(|| failed(format!("wc -l failed ({})", output.status)))
}

#[cfg(test)]
mod tests;
