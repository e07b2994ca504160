//! Writing the report: what the page shows beside the bench data, and the files it is
//! written to.

use std::path::{Path, PathBuf};

use super::{BenchReport, MEMORY_FILE, MemoryPass, build, charts, estimates, exports, page};
use crate::suite::paired::PairedPass;
use sumbench::timeline::Phase;
use sumbench_page::fileset::FileSet;
use sumbench_page::json::{MAX_DATA_BYTES, read_if_present};

/// What the page shows beside the bench data: links to criterion's pages, and the
/// timelines `sumbench timeline` left in `reports/timeline/`.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// criterion's output directory as seen from `reports/` (e.g. `../target/criterion`).
    pub criterion: String,
    /// Whether criterion's pages were there when the page was written.
    pub criterion_present: bool,
    /// Timeline SVGs in `reports/timeline/`, relative to `reports/`, overlay first.
    pub timelines: Vec<String>,
    /// Each timed strategy's phase table from `reports/timeline/phases.json`.
    pub phases: PhaseTables,
    /// The strategies whose timeline had nothing to draw, from `reports/timeline/run.json`.
    pub quiet: Vec<QuietTimeline>,
    /// The seed's Python programs beside ours, from `reports/python.json`.
    pub python: Option<crate::python::PythonReport>,
    /// Python programs reading the file beside ours, from `reports/python-file.json`.
    pub python_file: Option<crate::python::file::FileReport>,
}

/// A strategy that allocated nothing while `sumbench timeline` recorded it: no chart, one
/// line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuietTimeline {
    /// The strategy.
    pub strategy: String,
    /// How much its resident set grew at most (a few pages at most), bytes.
    pub peak_rss_bytes: u64,
}

impl QuietTimeline {
    /// The line the report shows instead of its chart.
    pub fn line(&self) -> String {
        format!(
            "{} allocates nothing: 0 B of heap at every point, and its resident set grew by {} at most",
            self.strategy,
            sumbench_page::units::bytes_human(self.peak_rss_bytes)
        )
    }
}

/// What `run.json` in `reports/timeline/` says the page needs.
#[derive(Debug, Default, serde::Deserialize)]
struct TimelineRun {
    #[serde(default)]
    allocates_nothing: Vec<QuietTimeline>,
}

/// Phase tables by strategy name, as `sumbench timeline` saves them.
pub type PhaseTables = Vec<(String, Vec<Phase>)>;

/// The side-by-side comparison `sumbench python` saves in `reports/`.
pub const PYTHON_FILE: &str = "python.json";

/// The file workload's comparison `sumbench python --workload file` saves in `reports/`.
pub const PYTHON_FILE_WORKLOAD: &str = "python-file.json";

/// The phase tables' file in `reports/timeline/`, written by `sumbench timeline`.
pub const PHASES_FILE: &str = "phases.json";

/// The files of the report at the top of its directory (the charts go in [`charts::DIR`]).
pub const FILES: [&str; 7] = [
    "index.html",
    "README.md",
    "bench.json",
    "bench.csv",
    BMF_FILE,
    TRADEOFF_FILES[0],
    TRADEOFF_FILES[1],
];

/// Every point's figures in Bencher Metric Format, for a benchmark tracker (see
/// [`sumbench::export::trackers`]).
pub const BMF_FILE: &str = "bench.bmf.json";

/// The trade-off charts at the top of `reports/`, one per workload.
pub const TRADEOFF_FILES: [&str; 2] = ["tradeoff.svg", "tradeoff-file.svg"];

/// Writes `index.html`, `README.md`, `bench.json`, `bench.csv`, `bench.bmf.json` and the
/// charts under `dir`, as one set. Returns the files written.
pub fn write(report: &BenchReport, dir: &Path, extras: &Extras) -> anyhow::Result<Vec<PathBuf>> {
    let mut set = FileSet::new();
    let charts = charts::render_all(report)?;
    for chart in &charts {
        set.add(&chart.file, chart.svg.as_bytes());
    }
    set.prune(charts::DIR);
    for tradeoff in &report.tradeoffs {
        set.add(
            &tradeoff.file,
            sumbench::render::tradeoff_chart::render(
                &tradeoff.title,
                &tradeoff.candidates,
                tradeoff.times(),
            )?,
        );
    }
    set.add("bench.json", exports::json(report)?);
    set.add("bench.csv", exports::csv(report)?);
    set.add(BMF_FILE, super::exports::bench_bmf(report)?);
    let page = page::page(report, &charts, extras);
    set.add("README.md", page.markdown());
    set.add("index.html", page.html());
    set.commit(dir)
}

/// The timelines present in `reports_dir/timeline`: SVGs relative to `reports_dir`
/// (the overlay first), the phase tables, and the strategies that allocated nothing. A
/// file that does not parse is an error naming it.
pub fn find_timelines(
    reports_dir: &Path,
) -> anyhow::Result<(Vec<String>, PhaseTables, Vec<QuietTimeline>)> {
    let dir = reports_dir.join("timeline");
    let mut svgs: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".svg"))
        .map(|name| format!("timeline/{name}"))
        .collect();
    svgs.sort_by_key(|name| (!name.ends_with("/overlay.svg"), name.clone()));
    let phases = read_if_present(&dir.join(PHASES_FILE), "a phase file")?.unwrap_or_default();
    let run: TimelineRun =
        read_if_present(&dir.join("run.json"), "a timeline run")?.unwrap_or_default();
    Ok((svgs, phases, run.allocates_nothing))
}

/// The link from `reports_dir` to `criterion_dir`: relative when both sit in one project
/// (`../target/criterion`), else absolute.
pub fn criterion_link(reports_dir: &Path, criterion_dir: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let reports = absolute(reports_dir);
    let criterion = absolute(criterion_dir);
    match reports
        .parent()
        .and_then(|root| criterion.strip_prefix(root).ok())
    {
        Some(inside) => format!("../{}", inside.display()),
        None => criterion.display().to_string(),
    }
}

/// Reads the memory pass from `target_dir` and criterion's estimates, and writes the report
/// into `reports_dir`. What `cargo bench` does at its end, and `sumbench report` on demand.
///
/// With `baseline`, the memory pass is compared with the memory baseline of that name when
/// it exists (see [`memory_baseline`](super::memory_baseline)).
pub fn generate(
    target_dir: &Path,
    reports_dir: &Path,
    baseline: Option<&str>,
) -> anyhow::Result<BenchReport> {
    // sumbench's and criterion's folders are read only as the folders they made.
    for inside in [
        MEMORY_FILE,
        crate::suite::paired::PAIRED_FILE,
        "criterion/new",
    ] {
        sumbench_page::fileset::check_path_inside(target_dir, Path::new(inside))?;
    }
    let memory_path = target_dir.join(MEMORY_FILE);
    let text =
        sumbench_page::fileset::read_regular(&memory_path, MAX_DATA_BYTES)?.ok_or_else(|| {
            anyhow::anyhow!(
                "cannot read {} (it does not exist): run `cargo bench` first",
                memory_path.display()
            )
        })?;
    let pass: MemoryPass = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a memory pass: {e}", memory_path.display()))?;
    let criterion_dir = target_dir.join("criterion");
    let estimates = estimates::read_all(&criterion_dir)?;
    let paired: Option<PairedPass> = read_if_present(
        &target_dir.join(crate::suite::paired::PAIRED_FILE),
        "a paired pass",
    )?;
    let mut report = build(&pass, &estimates, paired.as_ref());
    if let Some(name) = baseline {
        report.memory_baseline = super::memory_baseline::compare(&pass, target_dir, name)?;
    }
    let (timelines, phases, quiet) = find_timelines(reports_dir)?;
    let python = read_if_present(&reports_dir.join(PYTHON_FILE), "a Python comparison")?;
    let python_file = read_if_present(
        &reports_dir.join(PYTHON_FILE_WORKLOAD),
        "a Python file comparison",
    )?;
    let extras = Extras {
        criterion: criterion_link(reports_dir, &criterion_dir),
        criterion_present: criterion_dir.join("report").join("index.html").is_file(),
        timelines,
        phases,
        quiet,
        python,
        python_file,
    };
    write(&report, reports_dir, &extras)?;
    Ok(report)
}
