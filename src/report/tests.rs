//! The report built from fixed measurement data: every strategy, every figure, the fold
//! warning, and whole files. The file workload's section, the exports and the passes
//! have test files of their own beside this one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use sumbench::export::RunReport;
// Each crate's tests use some of the shared readers.
#[path = "../../engine/src/export/read_back.rs"]
#[allow(dead_code)]
mod read_back;
use read_back::{csv_header, field_names};

/// A run's report with fixed figures, as the engine's JSON export writes it: `vec`, and a
/// folded `lazy` with its warning.
fn fixed_report() -> RunReport {
    serde_json::from_str(include_str!("../../tests/fixtures/run-report.json"))
        .expect("the fixture is a run's report")
}
use sumbench::timeline::Phase;

mod export_files;
mod file_section;
mod passes;

/// Synthetic figures for every planned point: time linear in n (constant for the folded
/// `lazy` as written), peak 8·n for `vec`, 0 for the others.
fn fixed_inputs() -> (MemoryPass, BTreeMap<String, TimeEstimate>) {
    let mut records = BTreeMap::new();
    let mut estimates = BTreeMap::new();
    for point in all_points(suite::DEFAULT_MAX_N) {
        let name = point.strategy.name();
        let folded = name == "lazy" && point.mode == Mode::AsWritten;
        let ns = if folded {
            25.0
        } else {
            4.5 * point.params.n as f64
        };
        estimates.insert(
            point.key(),
            TimeEstimate {
                point_ns: ns,
                lower_ns: ns * 0.99,
                upper_ns: ns * 1.01,
                confidence_level: 0.95,
                directory: point.key(),
            },
        );
        {
            let peak = if name == "vec" { 8 * point.params.n } else { 0 };
            records.insert(
                point.key(),
                MemoryFigures {
                    peak_bytes: peak,
                    allocations: u64::from(peak > 0),
                    reallocations: 0,
                    bytes_allocated: peak,
                    minor_faults: peak / 4096,
                    major_faults: 0,
                    read_bytes: 0,
                    peak_rss_bytes: peak / 4096 * 4096,
                    peak_rss_source: sumbench::measure::rss::PeakRssSource::Kernel,
                },
            );
        }
    }
    for (function, ns) in [("system", 20.0), ("stats_alloc", 25.0), ("counting", 30.0)] {
        let key = suite::CostThreads::One.key(function);
        estimates.insert(
            key.clone(),
            TimeEstimate {
                point_ns: ns,
                lower_ns: ns,
                upper_ns: ns,
                confidence_level: 0.95,
                directory: key,
            },
        );
    }
    let pass = MemoryPass {
        machine: fixed_report().machine,
        max_n: suite::DEFAULT_MAX_N,
        records,
        skipped: BTreeMap::new(),
    };
    (pass, estimates)
}

#[test]
fn the_python_file_comparison_has_its_section_on_both_pages() {
    use crate::python::file::tests::{report as file_report, row};
    let (pass, estimates) = fixed_inputs();
    let report = build(&pass, &estimates, None);
    let mut python = file_report(vec![
        row("read_split", Some(750 << 20), 150 << 20),
        row("line_loop", Some(100 << 10), 0),
        row("chunks", Some(2 << 20), 0),
        row("pandas_read_csv", None, 150 << 20),
    ]);
    python.findings = crate::python::file::findings(&python);
    let dir = tempfile::tempdir().unwrap();
    let extras = Extras {
        python_file: Some(python.clone()),
        ..Extras::default()
    };
    write(&report, dir.path(), &extras).unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let html = read("index.html");
    let readme = read("README.md");
    assert!(readme.contains("## Python reading the file, beside ours"));
    assert!(readme.contains("[python-file.md](python-file.md)"));
    assert!(readme.contains(&format!("| {} |", crate::python::file::HEADERS.join(" | "))));
    assert!(html.contains("<h2>Python reading the file, beside ours</h2>"));
    assert!(html.contains("<a href=\"python-file.md\">python-file.md</a>"));
    for page in [&html, &readme] {
        assert!(page.contains("f.read().split()"));
        assert!(page.contains("not run: cannot import x (y); install with"));
        assert!(page.contains("+750.0 MiB"));
        assert!(page.contains("Streaming in Python gets near Rust's memory"));
    }
    // Without the file, no section.
    let empty = tempfile::tempdir().unwrap();
    write(&report, empty.path(), &Extras::default()).unwrap();
    let html = std::fs::read_to_string(empty.path().join("index.html")).unwrap();
    assert!(!html.contains("python-file"));
}

#[test]
fn the_report_joins_time_memory_and_complexity() {
    let (pass, estimates) = fixed_inputs();
    let report = build(&pass, &estimates, None);
    let vec = report.seed("vec", Mode::Opaque).unwrap();
    assert_eq!(vec.memory.unwrap().peak_bytes, 80_000_000);
    assert_eq!(vec.time.as_ref().unwrap().point_ns, 45_000_000.0);
    assert_eq!(
        report.complexity_of("vec", Mode::Opaque).unwrap().summary(),
        "time ~ n^1.00, peak ~ n^1.00"
    );
    let lazy = report.complexity_of("lazy", Mode::AsWritten).unwrap();
    assert!(lazy.folded);
    assert_eq!(lazy.summary(), "time ~ n^0, peak ~ n^0");
    assert!(!report.complexity_of("lazy", Mode::Opaque).unwrap().folded);
    // Without a paired pass, no counting cost is claimed.
    assert!(report.overhead.is_empty());
    let cost = report.allocator_cost.as_ref().unwrap();
    assert_eq!(cost.extra_ns, 10.0);
    assert_eq!(cost.row("stats_alloc").unwrap().one_thread_ns, Some(25.0));
    assert_eq!(cost.row("dhat").unwrap().one_thread_ns, None);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].contains("lazy (as_written)"));
}

/// The report of [`fixed_inputs`] with a timeline, its phases and a quiet strategy,
/// written into a new folder: the folder, the report and the files written.
fn written_report() -> (tempfile::TempDir, BenchReport, Vec<std::path::PathBuf>) {
    let (pass, estimates) = fixed_inputs();
    let report = build(&pass, &estimates, None);
    let dir = tempfile::tempdir().unwrap();
    let extras = Extras {
        criterion: "../target/criterion".to_owned(),
        criterion_present: false,
        timelines: vec!["timeline/overlay.svg".to_owned()],
        quiet: vec![QuietTimeline {
            strategy: "lazy".to_owned(),
            peak_rss_bytes: 0,
        }],
        phases: vec![(
            "vec".to_owned(),
            vec![Phase {
                name: "collect".to_owned(),
                start_ns: 0,
                duration_ns: 43_000_000,
                end_bytes: 80_000_000,
                increment_bytes: 80_000_000,
                peak_bytes: 80_000_000,
                allocations: 1,
            }],
        )],
        python: None,
        python_file: None,
    };
    let written = write(&report, dir.path(), &extras).unwrap();
    (dir, report, written)
}

#[test]
fn every_page_has_every_strategy_figure_and_the_fold_warning() {
    let (dir, _report, _written) = written_report();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let html = read("index.html");
    let readme = read("README.md");
    for page in [&html, &readme] {
        for strategy in crate::workloads::REGISTRY {
            assert!(page.contains(strategy.name()), "no {}", strategy.name());
        }
        assert!(page.contains("80,000,000"));
        assert!(page.contains("45.00 ms"));
        assert!(page.contains("19,531"));
        assert!(page.contains("time ~ n^1.00, peak ~ n^1.00"));
        assert!(page.contains("folded the loop"));
        assert!(page.contains("Example CPU"));
        assert!(page.contains("charts/time_vs_n-opaque.svg"));
        assert!(page.contains("File workload: 10,000,000 numbers read from a file"));
        assert!(page.contains("charts/file_rss_vs_lines.svg"));
        assert!(page.contains("No paired pass has run"));
        assert!(page.contains("+10.0 ns each"));
    }
}

#[test]
fn the_verdict_comes_first_and_the_method_last() {
    let (dir, report, written) = written_report();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let html = read("index.html");
    let readme = read("README.md");
    // Nothing links outside reports/: criterion's pages are named, not linked.
    assert!(!html.contains("href=\"../"), "a link leaves reports/");
    assert!(html.contains("after running cargo bench (absent when this page was written)"));
    let verdict = report.tradeoffs[0].verdict.as_ref().unwrap();
    for page in [&html, &readme] {
        assert!(page.contains("lazy allocates nothing: 0 B of heap at every point"));
        let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("no {needle}"));
        // The short verdict and the trade-off chart come before any table (HTML or
        // Markdown), the method after every other section.
        let first_table = ["<table", "|---"]
            .iter()
            .filter_map(|t| page.find(t))
            .min()
            .unwrap();
        let short = verdict.short();
        let short = [
            sumbench_page::table::escape(&short),
            sumbench_page::table::markdown_text(&short),
        ]
        .into_iter()
        .find_map(|text| page.find(&text))
        .expect("no short verdict");
        assert!(short < first_table);
        assert!(at("tradeoff.svg") < first_table);
        assert!(page.rfind("Method").unwrap() > at("Memory over time"));
        assert!(at("Memory over time") > at("The counting allocator"));
    }
    assert!(html.contains("<p class=\"verdict\">"));
    assert!(written.contains(&dir.path().join("tradeoff.svg")));
    assert!(written.contains(&dir.path().join("tradeoff-file.svg")));
    assert!(html.contains("timeline/overlay.svg"));
    assert!(readme.contains("timeline/overlay.svg"));
    assert!(html.contains("<h3>vec</h3>"));
    assert!(readme.contains("### vec"));
    assert!(html.contains("<td>collect</td>"));
}

#[test]
fn bench_json_and_csv_carry_every_point_and_the_charts_are_drawn() {
    let (dir, report, _written) = written_report();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let html = read("index.html");
    let json: BenchReport = serde_json::from_str(&read("bench.json")).unwrap();
    assert_eq!(json.machine, report.machine);
    assert_eq!(json.points.len(), report.points.len());
    assert!(
        json.points
            .iter()
            .zip(&report.points)
            .all(|(a, b)| a.key == b.key && a.memory == b.memory)
    );
    assert_eq!(json.warnings, report.warnings);
    let csv = read("bench.csv");
    assert_eq!(csv.lines().count(), 1 + report.points.len());
    assert!(csv.contains("seed-opaque/vec/10000000,seed,vec,opaque,10000000,10000,45000000.0"));
    for chart in [
        "time_vs_n-as_written",
        "time_vs_n-opaque",
        "peak_vs_n",
        "chunk_size_time",
        "chunk_size_peak",
    ] {
        let svg = read(&format!("charts/{chart}.svg"));
        assert!(svg.starts_with("<svg"), "{chart} is not an SVG");
        assert!(
            svg.contains("reused_buffer") || chart.contains("peak"),
            "{chart} lacks a legend"
        );
    }
    // The peak chart names the strategies it cannot draw at 0 B.
    assert!(html.contains("not drawn on a log axis: vec_push, lazy"));
}

#[test]
fn the_report_is_exactly_its_files_with_no_temporary_left() {
    let (dir, _report, written) = written_report();
    for name in [
        "index.html",
        "README.md",
        "bench.json",
        "bench.csv",
        BMF_FILE,
    ] {
        assert!(
            written.contains(&dir.path().join(name)),
            "{name} not written"
        );
    }
    // Atomic writes leave no temporary files behind.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "README.md",
            "bench.bmf.json",
            "bench.csv",
            "bench.json",
            "charts",
            "index.html",
            "tradeoff-file.svg",
            "tradeoff.svg"
        ]
    );
}

/// Times within 1 % of `times` round by round, alternately above and below: a pair the
/// paired ratio calls tied whatever its means say.
pub(super) fn within_one_percent(times: &[u64]) -> Vec<u64> {
    times
        .iter()
        .enumerate()
        .map(|(r, t)| {
            if r % 2 == 0 {
                t * 101 / 100
            } else {
                t * 99 / 100
            }
        })
        .collect()
}

#[test]
fn where_heap_and_rss_differ_the_page_says_why() {
    let (pass, estimates) = fixed_inputs();
    let mut report = build(&pass, &estimates, None);
    let page = |report: &BenchReport| page::page(report, &[], &Extras::default()).markdown();
    // Heap and RSS agree in the fixture: no line.
    assert!(!page(&report).contains("Heap and RSS differ"));
    for point in &mut report.points {
        if point.group == Group::Seed && point.strategy == "vec" && point.mode == Mode::Opaque {
            point.memory.as_mut().unwrap().peak_rss_bytes = 0;
        }
    }
    assert!(
        page(&report).contains(
            "Heap and RSS differ: less became resident than was allocated (vec (opaque): \
             76.3 MiB of heap, 0 B resident)"
        ),
        "{}",
        page(&report)
    );
}
