//! The side-by-side run (the default command) and `--list`.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use sumbench::baseline;
use sumbench::export::{self, FileSet, Format, RunReport};
use sumbench::machine::MachineInfo;
use sumbench::measure::{self, Repetitions};
use sumbench::rss::PeakRssSource;
use sumbench::strategy::{Mode, Params, Workload};
use sumbench::suite;
use sumbench::tradeoff::{self, Times};
use sumbench::units::{bytes_human, grouped};
use sumbench::workloads;
use sumbench::workloads::file::input::{CacheState, DataFile};

use super::{Failure, Validated, check_buffer, params_for, print_out, validate, writable};
use crate::{RunArgs, Selection};

/// The files a side-by-side run writes into the reports directory, as one set.
pub const LATEST_FILES: [&str; 3] = ["latest.json", "latest.md", TRADEOFF_FILE];

/// The trade-off chart of the latest run, beside `latest.md`.
pub const TRADEOFF_FILE: &str = "tradeoff-latest.svg";

/// The side-by-side run: every selected strategy measured, saved to `latest.json` and
/// `latest.md` as one set, then printed.
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
    let reps = Repetitions {
        warmups: args.warmups,
        runs: args.runs,
        cache: if args.cold {
            CacheState::Cold
        } else {
            CacheState::Warm
        },
        seed: args.seed.unwrap_or_else(measure::fresh_seed),
    };
    check_buffer("--runs", u64::from(reps.runs), measure::SAMPLE_BYTES)?;
    if !args.no_save {
        writable(&args.reports_dir, &LATEST_FILES)?;
    }
    let target_dir = sumbench::report::target_dir();
    if let Some(name) = &args.save_baseline {
        baseline::check_name(name).map_err(|e| Failure::Usage(e.to_string()))?;
        // Checked before measuring: a run must not end in a folder it cannot save to, and
        // `sumbench/baselines` are sumbench's own folders, never links.
        let folder = target_dir.join(baseline::DIR);
        sumbench::export::fileset::ensure_real_dir_tail(&folder, 2)
            .map_err(|e| Failure::Usage(format!("{e:#}")))?;
        writable(&folder, &[&format!("{name}.json")])?;
    }
    // Loaded before measuring: a missing baseline is bad input, found at once.
    let before = match &args.baseline {
        Some(name) => Some((
            name,
            baseline::load(&target_dir, name).map_err(|e| Failure::Usage(format!("{e:#}")))?,
        )),
        None => None,
    };
    // On stderr, and hidden when stderr is not a terminal.
    let progress = ProgressBar::new(measure::calls(selected.len(), reps));
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} calls, {msg} (ETA {eta})")
            .expect("the template is valid"),
    );
    progress.set_message(format!("seed {}", reps.seed));
    let measured = measure::run_all(&selected, &params, mode, reps, &mut || progress.inc(1))?;
    progress.finish_and_clear();

    let file = params.file.as_deref();
    let mut report = RunReport {
        run_id: RunReport::new_run_id(),
        workload: params.workload(),
        input_path: file.map(|f| f.display.clone()),
        input_bytes: file.map(|f| f.bytes),
        cache: file.map(|_| reps.cache),
        n: params.n,
        chunk_size: params.chunk_size,
        opaque: mode == Mode::Opaque,
        machine: MachineInfo::current(),
        results: measured.results,
        verdict: None,
        seed: Some(reps.seed),
        ratios: measured.ratios,
        noise: measured.noise,
        baseline: None,
    };
    report.decide();
    let mut passed = true;
    if let Some((name, before)) = &before {
        let mut comparison = baseline::compare(name, before, &report);
        if let Some(pct) = args.max_memory_growth {
            passed = comparison.gate(pct);
        }
        report.baseline = Some(comparison);
    }
    // A wrong sum fails the run: it is printed, so that the table shows which strategy
    // was wrong, but it replaces no saved report and no baseline.
    let wrong: Vec<String> = report
        .results
        .iter()
        .filter(|r| !r.correct)
        .map(|r| {
            format!(
                "{} returned {}, not {}",
                r.strategy,
                grouped(r.sum),
                grouped(r.expected_sum)
            )
        })
        .collect();
    if !wrong.is_empty() {
        print_out(&export::render(&report, args.format)?)?;
        return Err(Failure::Runtime(anyhow::anyhow!(
            "wrong sum: {}; nothing was saved",
            wrong.join("; ")
        )));
    }
    // Saved first: a closed or full standard output must not lose the run.
    if !args.no_save {
        save(&report, &args.reports_dir)?;
    }
    if let Some(name) = &args.save_baseline {
        let path = baseline::save(&report, &target_dir, name)?;
        sumbench::say!("saved baseline {name}: {}", path.display());
    }
    if report
        .results
        .iter()
        .any(|r| r.peak_rss_source == PeakRssSource::Sampled)
    {
        sumbench::say!(
            "note: this system does not let sumbench reset its resident high-water mark \
             (/proc/self/clear_refs), so peak RSS is sampled every 250 µs and marked \
             (sampled): a shorter peak can be missed"
        );
    }
    let gate = match report.baseline.as_ref().filter(|_| !passed) {
        Some(comparison) => Err(Failure::Runtime(anyhow::anyhow!(
            "memory gate failed against baseline {}: {}",
            comparison.baseline,
            comparison.failures.join("; ")
        ))),
        None => Ok(()),
    };
    if !print_out(&export::render(&report, args.format)?)? {
        return gate;
    }
    if args.format != Format::Table {
        for warning in report.warnings() {
            sumbench::say!("warning: {warning}");
        }
    }
    gate
}

/// `--list`: every registered strategy, workload by workload, with its declared heap
/// bound for the selection's sizes (the file workload's for `--input`, or for the
/// generated file of `--n` lines, planned without writing it).
fn list(selection: &Selection) -> Result<(), Failure> {
    let available = sumbench::os::available_memory_bytes().unwrap_or(u64::MAX);
    let mut listing = String::new();
    for workload in Workload::ALL {
        let params = match (workload, &selection.input) {
            // Bounds saturate: a size whose sum overflows still lists, as "does not fit".
            (Workload::Range, _) => Ok(Params::range(
                selection.n,
                selection.chunk_size.unwrap_or(Params::DEFAULT_CHUNK_SIZE),
            )),
            (Workload::File, None) => {
                DataFile::planned(&suite::data_dir(), selection.n).map(|planned| {
                    Params::file(
                        planned,
                        selection.chunk_size.unwrap_or(suite::FILE_CHUNK_SIZE),
                    )
                })
            }
            _ => Ok(params_for(selection, workload)?),
        };
        let params = match params {
            Ok(params) => params,
            Err(reason) => {
                // The strategies are still listed: only their bounds are unknown.
                listing.push_str(&format!("{workload} workload: no bounds ({reason})\n"));
                for strategy in workloads::of(workload) {
                    listing.push_str(&format!(
                        "{:<18} {:>12}  {}\n",
                        strategy.name(),
                        "–",
                        strategy.description()
                    ));
                }
                listing.push('\n');
                continue;
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
        listing.push_str(&format!(
            "{workload} workload: declared heap bounds for {about}\n{:<18} {:>12}  description\n",
            "strategy", "heap bound",
        ));
        for strategy in workloads::of(workload) {
            let bound = strategy.heap_bound(&params);
            let cell = if bound == u64::MAX {
                "does not fit".to_owned()
            } else if bound > available {
                format!("{} (does not fit)", bytes_human(bound))
            } else {
                bytes_human(bound)
            };
            listing.push_str(&format!(
                "{:<18} {:>12}  {}\n",
                strategy.name(),
                cell,
                strategy.description()
            ));
        }
        listing.push('\n');
    }
    print_out(listing.trim_end_matches('\n'))?;
    print_out("\n")?;
    Ok(())
}

/// Writes `latest.json`, `latest.md` and `tradeoff-latest.svg` as one set (see
/// [`FileSet`]).
pub fn save(report: &RunReport, dir: &Path) -> anyhow::Result<()> {
    let mut set = FileSet::new();
    for (file, format) in LATEST_FILES
        .into_iter()
        .zip([Format::Json, Format::Markdown])
    {
        set.add(file, export::render(report, format)?);
    }
    let (candidates, _) = report.candidates();
    let title = format!("Trade-off: {}", report.headline());
    set.add(
        TRADEOFF_FILE,
        tradeoff::chart::render(&title, &candidates, Times::Paired(&report.ratios))?,
    );
    set.commit(dir)?;
    Ok(())
}
