//! The commands of the `sumbench` binary, and what they share: checking a selection
//! before anything runs, printing, and the exit codes.

pub mod python;
pub mod report;
pub mod run;
pub mod timeline;

pub use sumbench::app::exit::{Failure, bound_text, check_buffer, print_out, writable};
use sumbench::measure::{self, TooBig};
use sumbench_app::suite;
use sumbench_app::workloads;
use sumbench_app::workloads::input::{DataFile, InputError};
use sumbench_app::workloads::strategy::{
    DynStrategy, Mode, Params, SumError, Workload, expected_sum,
};
use sumbench_page::units::{bytes_human, grouped};

use crate::Selection;

/// The workload of a selection: as given, else `file` when an input file or only file
/// strategies are named, else `range`.
pub fn workload_of(selection: &Selection) -> Result<Workload, Failure> {
    let named: Vec<Workload> = selection
        .strategies
        .iter()
        .filter_map(|name| workloads::find(name))
        .map(|s| s.workload())
        .collect();
    let workload = selection.summed.workload.unwrap_or(
        if selection.summed.input.is_some()
            || (!named.is_empty() && named.iter().all(|w| *w == Workload::File))
        {
            Workload::File
        } else {
            Workload::Range
        },
    );
    if selection.summed.input.is_some() && workload == Workload::Range {
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
            if expected_sum(selection.summed.n).is_none() {
                return Err(Failure::Usage(
                    sumbench_app::workloads::sums::SumOverflow {
                        n: selection.summed.n,
                    }
                    .to_string(),
                ));
            }
            Ok(Params::range(
                selection.summed.n,
                selection
                    .summed
                    .chunk_size
                    .unwrap_or(Params::DEFAULT_CHUNK_SIZE),
            ))
        }
        Workload::File => {
            let file = match &selection.summed.input {
                Some(path) => DataFile::inspect(path),
                None => DataFile::generated(&suite::data_dir(), selection.summed.n),
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
                selection
                    .summed
                    .chunk_size
                    .unwrap_or(suite::FILE_CHUNK_SIZE),
            ))
        }
    }
}

/// Refuses, before anything is allocated, a strategy whose declared heap bound exceeds the
/// memory the kernel says is available.
fn check_memory(selected: &[&dyn DynStrategy], params: &Params) -> Result<(), Failure> {
    let available = measure::available_memory();
    for strategy in selected {
        let Err(TooBig { needed, available }) =
            measure::heap_fits(strategy.heap_bound(params), available)
        else {
            continue;
        };
        // Where the default chunk size would fit, the chunk size asked for is the cause.
        let default_chunk = match params.file {
            Some(_) => suite::FILE_CHUNK_SIZE,
            None => Params::DEFAULT_CHUNK_SIZE,
        };
        let at_default = Params {
            chunk_size: default_chunk,
            ..params.clone()
        };
        if params.chunk_size > default_chunk
            && measure::heap_fits(strategy.heap_bound(&at_default), Some(available)).is_ok()
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
    if workload == Workload::File && selection.summed.input.is_none() {
        // The generated file's figures are known before it is written: a strategy that
        // cannot hold it is refused before gigabytes are written for nothing.
        let planned = DataFile::planned(&suite::data_dir(), selection.summed.n)
            .map_err(|error| Failure::Usage(error.to_string()))?;
        check_memory(
            &strategies,
            &Params::file(
                planned,
                selection
                    .summed
                    .chunk_size
                    .unwrap_or(suite::FILE_CHUNK_SIZE),
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
