//! The side-by-side run (the default command) and `--list`.

use sumbench::app;
use sumbench_app::suite;
use sumbench_app::workloads;
use sumbench_app::workloads::contenders;
use sumbench_app::workloads::input::{CacheState, DataFile};
use sumbench_app::workloads::strategy::{Params, Workload};
use sumbench_page::units::{bytes_human, grouped};

use super::{Failure, Validated, params_for, print_out, validate};
use crate::{RunArgs, Selection};

/// The side-by-side run: the selected strategies, as contenders of the built-in
/// workload, through the run pipeline every comparison shares.
pub fn run(args: &RunArgs) -> Result<(), Failure> {
    if args.list {
        return list(&args.selection);
    }
    let Validated {
        strategies: selected,
        params,
        mode,
    } = validate(&args.selection)?;
    if args.cold && params.file.is_none() {
        return Err(Failure::Usage(
            "--cold evicts an input file from the page cache: it needs the file workload"
                .to_owned(),
        ));
    }
    let cache = match args.cold {
        true => CacheState::Cold,
        false => CacheState::Warm,
    };
    let reps = app::run::repetitions(&args.options, cache);
    let case = contenders::case(&params, mode, cache)?;
    let contenders = contenders::contenders(&selected, &params, mode);
    let workers = args
        .options
        .workers(contenders::launch(&selected, &params, mode, cache)?);
    let named = app::run::Named::default();
    app::run::run(&contenders, &case, &named, &args.options, reps, &workers).map(drop)
}

/// `--list`: every registered strategy, workload by workload, with its declared heap
/// bound for the selection's sizes (the file workload's for `--input`, or for the
/// generated file of `--n` lines, planned without writing it).
fn list(selection: &Selection) -> Result<(), Failure> {
    let available = sumbench::measure::available_memory();
    let mut listing = String::new();
    for workload in Workload::ALL {
        let params = match (workload, &selection.summed.input) {
            // Bounds saturate: a size whose sum overflows still lists, as "does not fit".
            (Workload::Range, _) => Ok(Params::range(
                selection.summed.n,
                selection
                    .summed
                    .chunk_size
                    .unwrap_or(Params::DEFAULT_CHUNK_SIZE),
            )),
            (Workload::File, None) => DataFile::planned(&suite::data_dir(), selection.summed.n)
                .map(|planned| {
                    Params::file(
                        planned,
                        selection
                            .summed
                            .chunk_size
                            .unwrap_or(suite::FILE_CHUNK_SIZE),
                    )
                }),
            _ => Ok(params_for(selection, workload)?),
        };
        listing.push_str(&bounds_section(workload, params, available));
        listing.push('\n');
    }
    print_out(listing.trim_end_matches('\n'))?;
    print_out("\n")?;
    Ok(())
}

/// One workload's part of `--list`: each strategy with its declared heap bound for
/// `params`, or with none, and why, where `params` could not be made.
fn bounds_section(
    workload: Workload,
    params: Result<Params, impl std::fmt::Display>,
    available: Option<u64>,
) -> String {
    let row = |name: &str, cell: &str, description: &str| {
        format!("{name:<18} {cell:>12}  {description}\n")
    };
    let params = match params {
        Ok(params) => params,
        Err(reason) => {
            // The strategies are still listed: only their bounds are unknown.
            let mut section = format!("{workload} workload: no bounds ({reason})\n");
            for strategy in workloads::of(workload) {
                section.push_str(&row(strategy.name(), "–", strategy.description()));
            }
            return section;
        }
    };
    let about = match &params.file {
        Some(file) => format!(
            "a file of {} values ({}), read buffer {}",
            grouped(params.n),
            bytes_human(file.bytes),
            bytes_human(params.chunk_size as u64)
        ),
        None => format!(
            "n = {}, chunk size {}",
            grouped(params.n),
            grouped(params.chunk_size as u64)
        ),
    };
    let mut section = format!("{workload} workload: declared heap bounds for {about}\n");
    section.push_str(&row("strategy", "heap bound", "description"));
    for strategy in workloads::of(workload) {
        let bound = strategy.heap_bound(&params);
        let cell = if bound == u64::MAX {
            "does not fit".to_owned()
        } else if sumbench::measure::heap_fits(bound, available).is_err() {
            format!("{} (does not fit)", bytes_human(bound))
        } else {
            bytes_human(bound)
        };
        section.push_str(&row(strategy.name(), &cell, strategy.description()));
    }
    section
}
