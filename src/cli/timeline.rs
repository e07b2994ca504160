//! `sumbench timeline`: memory over time and per-phase increments for each strategy.

use sumbench::export::RunReport;
use sumbench::measure;
use sumbench::measure::CacheState;
use sumbench::timeline;
use sumbench_app::report;
use sumbench_app::workloads::contenders;
use sumbench_app::workloads::strategy::{DynStrategy, Mode, Params, Workload};
use sumbench_page::fileset::FileSet;

use super::{Failure, Validated, check_buffer, print_out, validate, whole_workload, writable};
use crate::TimelineArgs;

/// Where `sumbench timeline` writes, under the reports directory: `timeline/` for a run
/// of every range strategy (the set the HTML report shows), `timeline-selection/` for any
/// other run (some strategies, or the file workload), so that a partial run never
/// replaces part of the full set.
const TIMELINE_DIR: &str = "timeline";
const TIMELINE_SELECTION_DIR: &str = "timeline-selection";

/// What a timeline directory holds, saved in it as `run.json`: a set is one run.
#[derive(Debug, serde::Serialize)]
struct TimelineRun<'a> {
    run_id: String,
    workload: Workload,
    input_path: Option<&'a str>,
    n: u64,
    chunk_size: usize,
    mode: Mode,
    strategies: Vec<&'a str>,
    /// The strategies that allocated nothing, with their peak RSS: they get no chart.
    allocates_nothing: Vec<report::QuietTimeline>,
}

/// `sumbench timeline`: records each selected strategy, and writes
/// `<strategy>.svg`, `<strategy>.csv`, `overlay.svg`, `phases.md`, `phases.json` and
/// `run.json` as one set, replacing the directory's previous set whole; then prints the
/// phase tables, and refreshes the HTML report if a bench run left its data.
pub fn timeline(args: &TimelineArgs) -> Result<(), Failure> {
    let Validated {
        strategies,
        params,
        mode,
    } = validate(&args.selection)?;
    check_buffer(
        "--max-events",
        args.max_events as u64,
        timeline::EVENT_BYTES,
    )?;
    let whole_registry = params.workload() == Workload::Range && whole_workload(&strategies);
    let subdir = if whole_registry {
        TIMELINE_DIR
    } else {
        TIMELINE_SELECTION_DIR
    };
    check_writable(args, subdir, &strategies)?;
    let recordings = record_all(args, &strategies, &params, mode)?;
    let run = TimelineRun {
        run_id: RunReport::new_run_id(),
        workload: params.workload(),
        input_path: params.file.as_deref().map(|f| f.display.as_str()),
        n: params.n,
        chunk_size: params.chunk_size,
        mode,
        strategies: strategies.iter().map(|s| s.name()).collect(),
        allocates_nothing: Vec::new(),
    };
    save(args, subdir, &recordings, run)?;
    let refreshed = whole_registry.then(|| refresh_report(args)).flatten();
    let mut out = String::new();
    for (name, recording) in &recordings {
        out.push_str(&timeline::phase_table(name, recording));
    }
    out.push_str(&format!(
        "Timelines: {}\n",
        args.reports_dir.join(subdir).display()
    ));
    if let Some(index) = refreshed {
        out.push_str(&format!("Report refreshed: {}\n", index.display()));
    }
    print_out(&out)?;
    Ok(())
}

/// Refuses, before anything is recorded, a reports folder in which a file the set may
/// write cannot be written.
fn check_writable(
    args: &TimelineArgs,
    subdir: &str,
    strategies: &[&dyn DynStrategy],
) -> Result<(), Failure> {
    let in_subdir = |file: &str| format!("{subdir}/{file}");
    let planned: Vec<String> = ["overlay.svg", "phases.md", report::PHASES_FILE, "run.json"]
        .into_iter()
        .map(in_subdir)
        .chain(strategies.iter().flat_map(|s| {
            [
                in_subdir(&format!("{}.svg", s.name())),
                in_subdir(&format!("{}.csv", s.name())),
            ]
        }))
        .collect();
    let planned: Vec<&str> = planned.iter().map(String::as_str).collect();
    writable(&args.reports_dir, &planned)?;
    let dir = args.reports_dir.join(subdir);
    if dir.is_dir() {
        writable(&dir, &[])?;
    }
    Ok(())
}

/// Records each strategy once after a warm-up, checking its sum.
fn record_all(
    args: &TimelineArgs,
    strategies: &[&dyn DynStrategy],
    params: &Params,
    mode: Mode,
) -> Result<Vec<(String, timeline::Recording)>, Failure> {
    let case = contenders::case(params, mode, CacheState::Warm)?;
    let expected = case.expected;
    let mut recordings = Vec::with_capacity(strategies.len());
    for strategy in strategies {
        let contender = contenders::contender(*strategy, params, mode);
        // rayon's pool and the allocator settle outside the record.
        measure::warm_up_once(&contender, &case)?;
        let (sum, recording) =
            timeline::record(args.max_events, || contender.call()).map_err(anyhow::Error::from)?;
        let sum = sum?;
        case.input_unchanged()?;
        if sum != expected {
            return Err(Failure::Runtime(anyhow::anyhow!(
                "{} returned {sum}, not {expected}",
                strategy.name()
            )));
        }
        recordings.push((strategy.name().to_owned(), recording));
    }
    Ok(recordings)
}

/// Writes the charts, series, phase tables and `run.json` into `subdir` as one set; the
/// strategies that allocated nothing get no chart and are listed in `run.json`.
fn save(
    args: &TimelineArgs,
    subdir: &str,
    recordings: &[(String, timeline::Recording)],
    mut run: TimelineRun,
) -> Result<(), Failure> {
    let in_subdir = |file: &str| format!("{subdir}/{file}");
    let mut set = FileSet::new();
    for (name, recording) in recordings {
        if recording.allocates_nothing() {
            run.allocates_nothing.push(report::QuietTimeline {
                strategy: name.clone(),
                peak_rss_bytes: recording.peak_rss.bytes,
            });
        } else {
            set.add(
                in_subdir(&format!("{name}.svg")),
                timeline::strategy_svg(name, recording)?,
            );
        }
        set.add(
            in_subdir(&format!("{name}.csv")),
            timeline::series_csv(recording)?,
        );
    }
    set.add(in_subdir("overlay.svg"), timeline::overlay_svg(recordings)?);
    set.add(
        in_subdir("phases.md"),
        timeline::phases_markdown(recordings),
    );
    let phases: Vec<(&str, &[timeline::Phase])> = recordings
        .iter()
        .map(|(name, r)| (name.as_str(), r.phases.as_slice()))
        .collect();
    set.add(
        in_subdir(report::PHASES_FILE),
        sumbench_page::json::pretty(&phases)?,
    );
    set.add(in_subdir("run.json"), sumbench_page::json::pretty(&run)?);
    // Only the files a previous timeline wrote there are removed (its manifest).
    set.prune(subdir);
    set.commit(&args.reports_dir)?;
    Ok(())
}

/// Rebuilds the HTML report when a bench run left its data; the page's path, or `None`.
/// The timelines are saved: a report that cannot be rebuilt is a warning, not a failure of
/// this command.
fn refresh_report(args: &TimelineArgs) -> Option<std::path::PathBuf> {
    let target = sumbench_page::fileset::target_dir();
    if !target.join(report::MEMORY_FILE).is_file() {
        return None;
    }
    match report::generate(&target, &args.reports_dir, None) {
        Ok(_) => Some(args.reports_dir.join("index.html")),
        Err(error) => {
            sumbench_page::say!("warning: the report was not refreshed: {error:#}");
            None
        }
    }
}
