//! The commands of the `sumbench` binary, and what they share: checking a selection
//! before anything runs, printing, and the exit codes.

pub mod python;
pub mod report;
pub mod run;
pub mod timeline;

use std::io::{ErrorKind, Write};
use std::path::Path;

use sumbench::export;
use sumbench::measure;
use sumbench::strategy::{DynStrategy, Mode, Params, SumError, Workload, expected_sum};
use sumbench::suite;
use sumbench::units::{bytes_human, grouped};
use sumbench::workloads;
use sumbench::workloads::file::input::{DataFile, InputError};

use crate::Selection;

/// Why the program stops; decides the exit code.
pub enum Failure {
    /// The input was wrong: exit 2, nothing measured or written.
    Usage(String),
    /// Something failed while running: exit 1.
    Runtime(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Runtime(error)
    }
}

/// clap's message as one line: its first line, with the list of valid values when clap
/// puts it on a line of its own, and without the usage hint.
pub fn one_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_owned();
    // "the following required arguments were not provided:" lists them on the lines
    // below, before the usage.
    if line.ends_with(':') {
        let listed: Vec<&str> = lines
            .clone()
            .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
            .collect();
        if !listed.is_empty() {
            line.push(' ');
            line.push_str(&listed.join(", "));
        }
    }
    if let Some(values) = lines.find(|l| l.starts_with("[possible values:")) {
        line.push(' ');
        line.push_str(values);
    }
    line
}

/// Writes `text` to standard output. A closed pipe ends the output quietly (`Ok(false)`:
/// print nothing more); any other failure, such as a full disk, is a one-line error.
pub fn print_out(text: &str) -> Result<bool, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(Failure::Runtime(anyhow::anyhow!(
            "cannot write to standard output: {error}"
        ))),
    }
}

/// A heap bound for people: its size, or "does not fit" where it saturated.
pub fn bound_text(bound: u64) -> String {
    if bound == u64::MAX {
        "more bytes than 64 bits can count".to_owned()
    } else {
        format!("{} ({} B)", bytes_human(bound), grouped(bound))
    }
}

/// Refuses, before it is allocated, a buffer of `count` items of `item_bytes` each (sized
/// by the option `option`) that would not fit in the available memory.
pub fn check_buffer(option: &str, count: u64, item_bytes: u64) -> Result<(), Failure> {
    let needed = count.saturating_mul(item_bytes);
    let available = sumbench::os::available_memory_bytes().unwrap_or(u64::MAX);
    // Half the memory at most: the strategies need the rest.
    if needed > available / 2 {
        return Err(Failure::Usage(format!(
            "{option} {} needs {} of memory to keep its results, but only {} is available; \
             choose a smaller {option}",
            grouped(count),
            bound_text(needed),
            bytes_human(available)
        )));
    }
    Ok(())
}

/// Refuses, before anything runs, a reports directory that cannot be written, or a report
/// file's path that is taken by something other than a file.
pub fn writable(dir: &Path, files: &[&str]) -> Result<(), Failure> {
    export::ensure_writable_dir(dir, files).map_err(|e| Failure::Usage(format!("{e:#}")))
}

/// The workload of a selection: as given, else `file` when an input file or only file
/// strategies are named, else `range`.
pub fn workload_of(selection: &Selection) -> Result<Workload, Failure> {
    let named: Vec<Workload> = selection
        .strategies
        .iter()
        .filter_map(|name| workloads::find(name))
        .map(|s| s.workload())
        .collect();
    let workload = selection.workload.unwrap_or(
        if selection.input.is_some()
            || (!named.is_empty() && named.iter().all(|w| *w == Workload::File))
        {
            Workload::File
        } else {
            Workload::Range
        },
    );
    if selection.input.is_some() && workload == Workload::Range {
        return Err(Failure::Usage(
            "--input is read by the file workload; drop --workload range".to_owned(),
        ));
    }
    if selection.opaque && workload == Workload::File {
        return Err(Failure::Usage(
            "--opaque applies to the range workload: parsed values cannot be folded".to_owned(),
        ));
    }
    Ok(workload)
}

/// The strategies named on the command line, or every one of `workload`.
fn select(names: &[String], workload: Workload) -> Result<Vec<&'static dyn DynStrategy>, Failure> {
    if names.is_empty() {
        return Ok(workloads::of(workload).collect());
    }
    // A strategy named twice is measured once.
    let mut unique: Vec<&String> = Vec::with_capacity(names.len());
    for name in names {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    unique
        .into_iter()
        .map(|name| match workloads::find(name) {
            Some(strategy) if strategy.workload() == workload => Ok(strategy),
            Some(strategy) => Err(Failure::Usage(format!(
                "strategy '{name}' belongs to the {} workload, not the {workload} workload \
                 being run",
                strategy.workload()
            ))),
            None => Err(Failure::Usage(format!(
                "unknown strategy '{name}'; known strategies: {}",
                workloads::names()
            ))),
        })
        .collect()
}

/// The parameters of a selection for `workload`. For the file workload this reads the
/// input once with the reference reader, or writes the generated file if it is missing:
/// a bad line or an unreadable file ends here, before anything is measured.
pub fn params_for(selection: &Selection, workload: Workload) -> Result<Params, Failure> {
    match workload {
        Workload::Range => {
            if expected_sum(selection.n).is_none() {
                return Err(Failure::Usage(
                    measure::SumOverflow { n: selection.n }.to_string(),
                ));
            }
            Ok(Params::range(
                selection.n,
                selection.chunk_size.unwrap_or(Params::DEFAULT_CHUNK_SIZE),
            ))
        }
        Workload::File => {
            let file = match &selection.input {
                Some(path) => DataFile::inspect(path),
                None => DataFile::generated(&suite::data_dir(), selection.n),
            }
            .map_err(|error| match error {
                // Not bad input: the file was written to while it was read, or could not
                // be written; exit 1, as when it changes later in the run.
                InputError::Generate { .. } | InputError::Sum(SumError::Changed { .. }) => {
                    Failure::Runtime(error.into())
                }
                _ => Failure::Usage(error.to_string()),
            })?;
            Ok(Params::file(
                file,
                selection.chunk_size.unwrap_or(suite::FILE_CHUNK_SIZE),
            ))
        }
    }
}

/// Refuses, before anything is allocated, a strategy whose declared heap bound exceeds the
/// memory the kernel says is available.
fn check_memory(selected: &[&dyn DynStrategy], params: &Params) -> Result<(), Failure> {
    let Some(available) = sumbench::os::available_memory_bytes() else {
        return Ok(());
    };
    for strategy in selected {
        let needed = strategy.heap_bound(params);
        // Where the default chunk size would fit, the chunk size asked for is the cause.
        let default_chunk = match params.file {
            Some(_) => suite::FILE_CHUNK_SIZE,
            None => Params::DEFAULT_CHUNK_SIZE,
        };
        let at_default = Params {
            chunk_size: default_chunk,
            ..params.clone()
        };
        if needed > available
            && params.chunk_size > default_chunk
            && strategy.heap_bound(&at_default) <= available
        {
            return Err(Failure::Usage(format!(
                "strategy '{}' needs {} of heap with --chunk-size {}, but only {} is \
                 available; choose a smaller --chunk-size",
                strategy.name(),
                bound_text(needed),
                grouped(params.chunk_size as u64),
                bytes_human(available)
            )));
        }
        if needed > available {
            let (what, advice) = match &params.file {
                Some(file) => (
                    format!("{} ({})", file.display, bytes_human(file.bytes)),
                    "choose a strategy that streams, such as chunked or mmap",
                ),
                None => (format!("n = {}", grouped(params.n)), "choose a smaller --n"),
            };
            return Err(Failure::Usage(format!(
                "strategy '{}' needs {} of heap for {what}, but only {} is available; {advice}",
                strategy.name(),
                bound_text(needed),
                bytes_human(available)
            )));
        }
    }
    Ok(())
}

/// A checked selection: what to run, ready to measure.
pub struct Validated {
    pub strategies: Vec<&'static dyn DynStrategy>,
    pub params: Params,
    pub mode: Mode,
}

/// Checks a selection before anything runs: a workload its options fit, known strategies
/// of that workload, a sum that fits a `u64` (for a file: every line a number, checked by
/// the reference reader), and enough memory for every strategy's declared heap bound.
pub fn validate(selection: &Selection) -> Result<Validated, Failure> {
    let workload = workload_of(selection)?;
    let strategies = select(&selection.strategies, workload)?;
    if workload == Workload::File && selection.input.is_none() {
        // The generated file's figures are known before it is written: a strategy that
        // cannot hold it is refused before gigabytes are written for nothing.
        let planned = DataFile::planned(&suite::data_dir(), selection.n)
            .map_err(|error| Failure::Usage(error.to_string()))?;
        check_memory(
            &strategies,
            &Params::file(
                planned,
                selection.chunk_size.unwrap_or(suite::FILE_CHUNK_SIZE),
            ),
        )?;
    }
    let params = params_for(selection, workload)?;
    check_memory(&strategies, &params)?;
    let mode = match workload {
        Workload::File => suite::FILE_MODE,
        Workload::Range if selection.opaque => Mode::Opaque,
        Workload::Range => Mode::AsWritten,
    };
    Ok(Validated {
        strategies,
        params,
        mode,
    })
}

/// Whether `strategies` are the whole registry list of their workload.
pub fn whole_workload(strategies: &[&dyn DynStrategy]) -> bool {
    strategies
        .first()
        .is_some_and(|first| workloads::of(first.workload()).count() == strategies.len())
}
