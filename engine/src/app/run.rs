//! The side-by-side run of any contenders, from options to saved report: the one pipeline
//! behind `sumbench` and every crate's own comparison.
//!
//! Checks first (the reports folder, the baseline's name and folder, the baseline to
//! compare with), so that bad input ends before anything is measured; then the rounds of
//! [`crate::measure::run_all`]; then the verdict, the baseline comparison and its gate; a
//! wrong answer fails the run and saves nothing; the report files are written as one set
//! before anything is printed, so that a closed standard output cannot lose the run.

use std::collections::BTreeMap;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::RunOptions;
use super::exit::{Failure, bound_text, check_buffer, print_out, writable};
use crate::analysis::tradeoff::Times;
use crate::export::baselines as baseline;
use crate::export::{self, Format, RunReport};
use crate::measure::CacheState;
use crate::measure::machine::MachineInfo;
use crate::measure::rss::PeakRssSource;
use crate::measure::{self, Case, Contender, MAX_ROUNDS, MIN_ROUNDS, Repetitions, TooBig, Workers};
use crate::timeline::Recording;
use sumbench_page::fileset::FileSet;

/// The files a side-by-side run writes into the reports directory, as one set.
pub(crate) const LATEST_FILES: [&str; 4] =
    ["latest.json", "latest.md", "latest.html", TRADEOFF_FILE];

/// The trade-off chart of the latest run, beside `latest.md`.
pub(crate) const TRADEOFF_FILE: &str = export::TRADEOFF_CHART;

/// The rounds `options` ask for, the file (if any) in `cache` state at each timed call.
pub fn repetitions(options: &RunOptions, cache: CacheState) -> Repetitions {
    Repetitions {
        warmups: options.warmups,
        runs: options.runs.unwrap_or(MIN_ROUNDS),
        budget: options.budget(),
        threshold: options.threshold / 100.0,
        timeout: std::time::Duration::from_secs_f64(options.timeout),
        cache,
        seed: options.seed.unwrap_or_else(measure::fresh_seed),
    }
}

/// What a run's report calls it, beyond its results.
#[derive(Default)]
pub struct Named<'r> {
    /// The title of a crate's own comparison; none for sumbench's built-in workloads.
    pub title: Option<&'r str>,
    /// A sweep's size, by its name.
    pub parameters: BTreeMap<String, u64>,
    /// Each strategy's memory over time, recorded before the rounds.
    pub timelines: &'r [(String, Recording)],
}

/// Measures `contenders` on `case` as `options` say, saves and prints the report, applies
/// the memory gate, and gives the report. `named` says what the report calls the run. In a worker process ([`crate::measure::worker`]) it only serves its strategy,
/// and gives no report when it serves another run's.
pub fn run<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    named: &Named<'_>,
    options: &RunOptions,
    reps: Repetitions,
    workers: &Workers,
) -> Result<Option<RunReport>, Failure> {
    if measure::worker::active() {
        measure::run_all(contenders, case, reps, workers, &mut measure::Ticks(|| {}))?;
        return Ok(None);
    }
    let rounds = match reps.budget {
        Some(_) => MAX_ROUNDS,
        None => reps.runs,
    };
    check_buffer("--runs", u64::from(rounds), measure::SAMPLE_BYTES)?;
    check_heap_bounds(contenders)?;
    if !options.no_save {
        if options.default_reports_dir() {
            // `sumbench/reports` in the target directory is sumbench's: no link there.
            sumbench_page::fileset::ensure_real_dir_tail(&options.reports_dir(), 2)
                .map_err(|e| Failure::Usage(format!("{e:#}")))?;
        }
        writable(&options.reports_dir(), &LATEST_FILES)?;
    }
    let target_dir = sumbench_page::fileset::target_dir();
    let before = check_baselines(options, &target_dir)?;
    // On stderr, and hidden when stderr is not a terminal.
    let mut progress = ProgressBar::new(measure::calls(contenders.len(), reps));
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} samples, {msg} (ETA {eta})")
            .expect("the template is valid"),
    );
    progress.set_message(format!("seed {}", reps.seed));
    let measured = measure::run_all(contenders, case, reps, workers, &mut progress)?;
    progress.finish_and_clear();
    for note in &measured.notes {
        sumbench_page::say!("note: {note}");
    }

    let about = &case.about;
    let mut report = RunReport {
        run_id: RunReport::new_run_id(),
        input: about.input.clone(),
        n: about.n,
        chunk_size: about.chunk_size,
        mode: about.mode,
        machine: MachineInfo::current(),
        results: measured.results,
        verdict: None,
        seed: Some(reps.seed),
        ratios: measured.ratios,
        noise: measured.noise,
        title: named.title.map(str::to_owned),
        parameters: named.parameters.clone(),
        timelines: named
            .timelines
            .iter()
            .map(|(name, _)| name.clone())
            .collect(),
        baseline: None,
    };
    report.decide();
    let mut passed = true;
    if let Some((name, before)) = &before {
        let mut comparison = baseline::compare(name, before, &report);
        if let Some(pct) = options.max_memory_growth {
            passed = comparison.gate(pct);
        }
        report.baseline = Some(comparison);
    }
    let timeline_files = super::timelines::files(named.timelines)?;
    finish(&report, options, &target_dir, &timeline_files, passed)?;
    if options.default_reports_dir() && !options.no_save {
        write_index(&options.reports_dir());
    }
    Ok(Some(report))
}

/// Rewrites the index of the default reports folder, `root`; a failure is said on stderr
/// and ends nothing, since the run's own files are saved.
pub(crate) fn write_index(root: &Path) {
    if let Err(error) = export::index::write(root) {
        sumbench_page::say!(
            "note: the index of {} was not rewritten: {error:#}",
            root.display()
        );
    }
}

/// Refuses, before anything is allocated, a contender whose declared heap bound exceeds
/// the memory available.
fn check_heap_bounds<O>(contenders: &[Contender<'_, O>]) -> Result<(), Failure> {
    let available = measure::available_memory();
    for contender in contenders {
        let bound = contender.declared_heap_bound().unwrap_or(0);
        if let Err(TooBig { needed, available }) = measure::heap_fits(bound, available) {
            return Err(Failure::Usage(format!(
                "strategy '{}' needs {} of heap, but only {} is available",
                contender.name(),
                bound_text(needed),
                sumbench_page::units::bytes_human(available)
            )));
        }
    }
    Ok(())
}

/// Checks the baseline options before anything is measured: a name that can be saved in
/// a folder that can be written, and the baseline to compare with, loaded.
fn check_baselines(
    options: &RunOptions,
    target_dir: &Path,
) -> Result<Option<(String, RunReport)>, Failure> {
    if let Some(name) = &options.save_baseline {
        baseline::check_name(name).map_err(|e| Failure::Usage(e.to_string()))?;
        // `sumbench/baselines` are sumbench's own folders, never links.
        let folder = target_dir.join(baseline::DIR);
        sumbench_page::fileset::ensure_real_dir_tail(&folder, 2)
            .map_err(|e| Failure::Usage(format!("{e:#}")))?;
        writable(&folder, &[&format!("{name}.json")])?;
    }
    // A missing baseline is bad input, found at once.
    match &options.baseline {
        Some(name) => Ok(Some((
            name.clone(),
            baseline::load(target_dir, name).map_err(|e| Failure::Usage(format!("{e:#}")))?,
        ))),
        None => Ok(None),
    }
}

/// Fails on a wrong answer, else saves, prints and applies the gate (`passed`).
fn finish(
    report: &RunReport,
    options: &RunOptions,
    target_dir: &Path,
    timeline_files: &[(String, String)],
    passed: bool,
) -> Result<(), Failure> {
    // A wrong answer fails the run: it is printed, so that the table shows which strategy
    // was wrong, but it replaces no saved report and no baseline.
    let wrong: Vec<String> = report
        .results
        .iter()
        .filter(|r| !r.check.correct)
        .map(|r| r.wrong_answer())
        .collect();
    if !wrong.is_empty() {
        if !options.quiet {
            print_out(&export::render(report, options.format)?)?;
        }
        let what = match report.results.iter().all(|r| r.check.sum.is_some()) {
            true => "wrong sum",
            false => "wrong answer",
        };
        return Err(Failure::Runtime(anyhow::anyhow!(
            "{what}: {}; nothing was saved",
            wrong.join("; ")
        )));
    }
    // Saved first: a closed or full standard output must not lose the run.
    if !options.no_save {
        save(report, &options.reports_dir(), timeline_files)?;
    }
    if let Some(name) = &options.save_baseline {
        let path = baseline::save(report, target_dir, name)?;
        sumbench_page::say!("saved baseline {name}: {}", path.display());
    }
    if report
        .results
        .iter()
        .any(|r| r.memory.peak_rss_source == PeakRssSource::Sampled)
    {
        sumbench_page::say!(
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
    if options.quiet || !print_out(&export::render(report, options.format)?)? {
        return gate;
    }
    if options.format != Format::Table {
        for warning in report.warnings() {
            sumbench_page::say!("warning: {warning}");
        }
    }
    gate
}

/// Writes `latest.json`, `latest.md`, `latest.html`, `tradeoff-latest.svg` and the
/// timelines' `files` (`(path, svg)`, in `timeline/`) as one set (see [`FileSet`]); the
/// `timeline/` folder then holds this run's charts only.
pub fn save(report: &RunReport, dir: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    let mut set = FileSet::new();
    if !files.is_empty() {
        set.prune(super::timelines::DIR);
    }
    for (file, svg) in files {
        set.add(file.as_str(), svg.as_str());
    }
    set.add(LATEST_FILES[0], export::render(report, Format::Json)?);
    let page = export::page::page(report, TRADEOFF_FILE);
    set.add(LATEST_FILES[1], page.markdown());
    set.add(LATEST_FILES[2], page.html());
    let (candidates, _) = report.candidates();
    let title = format!("Trade-off: {}", report.headline());
    set.add(
        TRADEOFF_FILE,
        crate::render::tradeoff_chart::render(&title, &candidates, Times::Paired(&report.ratios))?,
    );
    set.commit(dir)?;
    Ok(())
}
