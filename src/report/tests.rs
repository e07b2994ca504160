//! The report built from fixed measurement data: every strategy, every figure, the fold
//! warning, and whole files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use crate::export::tests::{csv_header, field_names, fixed_report};
use crate::timeline::Phase;

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
                    peak_rss_source: crate::measure::rss::PeakRssSource::Kernel,
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
    assert!(html.contains("<h2 id=\"python-file\">Python reading the file, beside ours</h2>"));
    assert!(html.contains("<a href=\"#python-file\">"));
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

#[test]
fn every_file_has_every_strategy_figure_and_the_fold_warning() {
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
    // Nothing links outside reports/: criterion's pages are named, not linked.
    assert!(!html.contains("href=\"../"), "a link leaves reports/");
    assert!(
        html.contains("after running <code>cargo bench</code> (absent when this page was written)")
    );
    for page in [&html, &readme] {
        assert!(page.contains("lazy allocates nothing: 0 B of heap at every point"));
        let verdict = report.tradeoffs[0].verdict.as_ref().unwrap().paragraph();
        let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("no {needle}"));
        // The verdict and the trade-off chart come before any table (HTML or Markdown).
        let first_table = ["<table", "|---"]
            .iter()
            .filter_map(|t| page.find(t))
            .min()
            .unwrap();
        assert!(at(&verdict) < first_table);
        assert!(at("tradeoff.svg") < first_table);
    }
    assert!(html.contains("<nav><h2>Contents</h2>"));
    for id in ["tradeoff", "seed", "charts", "file", "timeline", "phases"] {
        assert!(
            html.contains(&format!("href=\"#{id}\"")),
            "no contents entry {id}"
        );
        assert!(html.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    assert!(written.contains(&dir.path().join("tradeoff.svg")));
    assert!(written.contains(&dir.path().join("tradeoff-file.svg")));
    assert!(html.contains("timeline/overlay.svg"));
    assert!(readme.contains("timeline/overlay.svg"));
    assert!(html.contains("<h3>vec</h3>"));
    assert!(html.contains("<td>collect</td>"));
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

#[test]
fn missing_estimates_are_said_not_invented() {
    let (pass, _) = fixed_inputs();
    let report = build(&pass, &BTreeMap::new(), None);
    assert!(report.points.iter().all(|p| p.time.is_none()));
    assert!(report.overhead.is_empty());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("no criterion estimate"))
    );
    let dir = tempfile::tempdir().unwrap();
    write(&report, dir.path(), &Extras::default()).unwrap();
    let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(html.contains("Not measured yet"));
}

#[test]
fn criterion_links_are_relative_inside_one_project() {
    let link = criterion_link(Path::new("/p/reports"), Path::new("/p/target/criterion"));
    assert_eq!(link, "../target/criterion");
    let link = criterion_link(Path::new("/p/reports"), Path::new("/elsewhere/criterion"));
    assert_eq!(link, "/elsewhere/criterion");
}

#[test]
fn the_file_goals_are_computed_from_the_figures() {
    let (pass, estimates) = fixed_inputs();
    let mut report = build(&pass, &estimates, None);
    let goals = file::goals(&report);
    // Four goals, the cold-read note and mmap against read; no parser or reference
    // timings in these inputs, so no sentences on them.
    assert_eq!(goals.len(), 6, "{goals:?}");
    assert!(goals[0].ends_with("chunked holds 0 B, mmap 0 B (goal ≤ 64 KiB each: met)."));
    assert!(
        goals[1].ends_with("1.00× (goal ≤ 1.3×: met)."),
        "{}",
        goals[1]
    );
    assert!(goals[2].contains("1.00× as fast as mmap on 2 cores (goal ≥ 1.7×: not met)"));
    // 78,888,890 B in 45 ms.
    assert!(
        goals[3].contains("parses 1753 MB/s (goal ≥ 1,000 MB/s: met)"),
        "{}",
        goals[3]
    );
    // Halve mmap_parallel's time: the sentence changes with the figures.
    for point in &mut report.points {
        if point.group == Group::FileSeed && point.strategy == "mmap_parallel" {
            point.time.as_mut().unwrap().point_ns /= 2.0;
        }
    }
    assert!(
        file::goals(&report)[2].contains("2.00× as fast as mmap on 2 cores (goal ≥ 1.7×: met)")
    );
}

#[test]
fn the_parser_wc_and_mmap_figures_are_read_and_explained() {
    let (mut pass, mut estimates) = fixed_inputs();
    let mut time = |key: &str, ns: f64| {
        estimates.insert(
            key.to_owned(),
            TimeEstimate {
                point_ns: ns,
                lower_ns: ns,
                upper_ns: ns,
                confidence_level: 0.95,
                directory: key.to_owned(),
            },
        );
    };
    // 6,888,890 B at 2.5 GB/s, and the byte loop at half that.
    time("parse/swar", 2_755_556.0);
    time("parse/fused", 5_511_112.0);
    for (probe, ms) in [
        ("read_only", 15.0),
        ("map_faults_only", 5.0),
        ("map_populate_only", 3.0),
        ("mmap_plain", 45.0),
        ("mmap_populate", 44.0),
        ("mmap_sequential", 46.0),
        ("mmap_willneed", 45.0),
        ("wc_l", 20.0),
        ("wc_l_empty", 1.0),
    ] {
        time(&format!("file-reference/{probe}/10000000"), ms * 1e6);
    }
    let mmap = all_points(suite::DEFAULT_MAX_N)
        .into_iter()
        .find(|p| p.group == Group::FileSeed && p.strategy.name() == "mmap")
        .unwrap()
        .key();
    pass.records.get_mut(&mmap).unwrap().minor_faults = 1_204;
    let report = build(&pass, &estimates, None);
    let goals = file::goals(&report);
    let text = goals.join("\n");
    assert!(
        text.contains("reads 2.50 GB/s, 2.0× the byte-by-byte parser it replaced (1.25 GB/s) (goal ≥ 2 GB/s: met)"),
        "{text}"
    );
    // 78,888,890 B in 20 ms is 3,944 MB/s; the fastest strategy's 1,753 MB/s is 44 % of it.
    assert!(
        text.contains("3944 MB/s, so mmap runs at 44 % of wc's speed (goal ≥ 30 %: met)"),
        "{text}"
    );
    assert!(
        text.contains("1,204 minor faults, one per 64.0 KiB"),
        "{text}"
    );
    assert!(
        text.contains("So mmap should win by about 10.00 ms"),
        "{text}"
    );
    assert!(text.contains("none moves mmap by 10 % or more"), "{text}");
    // The figures move the words: a populated mapping at half mmap's time is a finding.
    let populate = "file-reference/mmap_populate/10000000";
    estimates.get_mut(populate).unwrap().point_ns = 22.5e6;
    let report = build(&pass, &estimates, None);
    assert!(
        file::goals(&report)
            .join("\n")
            .contains("one moves mmap by 10 % or more")
    );
}

#[test]
fn the_bmf_file_has_every_measured_point_with_the_figures_of_bench_json() {
    let (mut pass, mut estimates) = fixed_inputs();
    // A point the memory pass skipped keeps its time; one with neither is left out.
    let skipped = "seed-opaque/vec_push/10000000".to_owned();
    pass.records.remove(&skipped);
    pass.skipped
        .insert(skipped.clone(), "does not fit".to_owned());
    let untimed = "chunk_size-opaque/chunks_collected/10".to_owned();
    estimates.remove(&untimed);
    pass.records.remove(&untimed);
    let report = build(&pass, &estimates, None);
    let dir = tempfile::tempdir().unwrap();
    write(&report, dir.path(), &Extras::default()).unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let bmf = crate::export::trackers::tests::bmf_metrics(&read(BMF_FILE));
    let json: BenchReport = serde_json::from_str(&read("bench.json")).unwrap();
    let mut expected_benchmarks = 0;
    for point in &json.points {
        let name = format!("bench/{}", point.key);
        let mut expected = BTreeMap::new();
        if let Some(time) = &point.time {
            expected.insert(
                "latency",
                (time.point_ns, Some(time.lower_ns), Some(time.upper_ns)),
            );
            if let Some(bytes) = point.input_bytes {
                let rate = |ns: f64| bytes as f64 * 1e3 / ns;
                expected.insert(
                    "throughput",
                    (
                        rate(time.point_ns),
                        Some(rate(time.upper_ns)),
                        Some(rate(time.lower_ns)),
                    ),
                );
            }
        }
        if let Some(m) = &point.memory {
            for (slug, value) in [
                ("peak-heap", m.peak_bytes),
                ("peak-rss", m.peak_rss_bytes),
                ("allocations", m.allocations),
                ("bytes-allocated", m.bytes_allocated),
            ] {
                expected.insert(slug, (value as f64, None, None));
            }
        }
        if expected.is_empty() {
            assert!(!bmf.contains_key(&name), "{name} has no figure");
            continue;
        }
        expected_benchmarks += 1;
        let metrics = &bmf[&name];
        assert_eq!(metrics.len(), expected.len(), "{name}: {metrics:?}");
        // serde_json reads a real number back to within an ulp of what it wrote.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
        for (slug, (value, lower, upper)) in expected {
            let (v, l, u) = metrics[slug];
            assert!(
                close(v, value)
                    && lower.is_some() == l.is_some()
                    && lower.zip(l).is_none_or(|(a, b)| close(a, b))
                    && upper.zip(u).is_none_or(|(a, b)| close(a, b)),
                "{name} {slug}: {:?} against {:?}",
                metrics[slug],
                (value, lower, upper)
            );
        }
    }
    assert_eq!(bmf.len(), expected_benchmarks);
    assert!(!bmf.contains_key(&format!("bench/{untimed}")));
    assert_eq!(
        bmf[&format!("bench/{skipped}")].keys().collect::<Vec<_>>(),
        ["latency"]
    );
    assert!(bmf["bench/seed-opaque/vec/10000000"].contains_key("peak-heap"));
    assert!(
        bmf.keys()
            .any(|k| k.starts_with("bench/file-seed/") && bmf[k].contains_key("throughput"))
    );
}

#[test]
fn the_memory_pass_is_compared_with_its_baseline_exactly() {
    let (pass, _) = fixed_inputs();
    let target = tempfile::tempdir().unwrap();
    assert_eq!(
        memory_baseline::compare(&pass, target.path(), "b").unwrap(),
        None
    );
    memory_baseline::save(&pass, target.path(), "b").unwrap();
    let mut grown = pass.clone();
    let (key, figures) = grown.records.iter_mut().next().unwrap();
    let key = key.clone();
    figures.peak_bytes += 8;
    let comparison = memory_baseline::compare(&grown, target.path(), "b")
        .unwrap()
        .unwrap();
    assert_eq!(comparison.changes.len(), pass.records.len());
    let changed = comparison.changed_rows();
    assert_eq!(changed.len(), 1, "only the changed point: {changed:?}");
    assert_eq!(changed[0][0], key);
    assert!(changed[0][2].starts_with("+8 ("), "{:?}", changed[0]);
}

/// A paired pass over the range seed in opaque mode: `lazy` and `rayon_sum` within 1 % of
/// each other round by round, `vec` 10× slower; counting costs `vec` 0.5 %.
fn fixed_paired() -> PairedPass {
    use crate::measure::StrategyResult;
    use crate::stats::PairedRatio;
    let lazy: Vec<u64> = (0..15).map(|r| 45_000_000 + r * 100_000).collect();
    let rayon: Vec<u64> = lazy
        .iter()
        .enumerate()
        .map(|(r, t)| {
            if r % 2 == 0 {
                t * 101 / 100
            } else {
                t * 99 / 100
            }
        })
        .collect();
    let vec: Vec<u64> = lazy.iter().map(|t| t * 10).collect();
    let base = crate::export::tests::fixed_report().results[0].clone();
    let result = |strategy: &str, median_ns: u64, allocations: u64, cost: f64| StrategyResult {
        strategy: strategy.to_owned(),
        median_ns,
        memory: crate::measure::MemoryFigures {
            allocations,
            ..base.memory
        },
        counting_cost_percent: cost,
        counting_cost_low_percent: cost - 0.2,
        counting_cost_high_percent: cost + 0.2,
        counting_off_effect_percent: allocations as f64 * 0.3 / median_ns as f64 * 100.0,
        mode: Mode::Opaque,
        ..base.clone()
    };
    PairedPass {
        machine: fixed_report().machine,
        seed: 11,
        groups: vec![crate::suite::paired::PairedGroup {
            group: Group::Seed,
            mode: Mode::Opaque,
            results: vec![
                result("vec", 450_000_000, 1, 0.5),
                result("lazy", 45_000_000, 0, 0.0),
                result("rayon_sum", 45_000_000, 0, 0.1),
            ],
            ratios: vec![
                PairedRatio::of("vec", &vec, "lazy", &lazy).unwrap(),
                PairedRatio::of("vec", &vec, "rayon_sum", &rayon).unwrap(),
                PairedRatio::of("lazy", &lazy, "rayon_sum", &rayon).unwrap(),
            ],
            noise: Some(crate::stats::NoiseFloor::of(
                PairedRatio::of("vec", &vec, "vec", &vec).unwrap(),
            )),
        }],
    }
}

#[test]
fn the_paired_pass_decides_ties_and_gives_the_counting_cost() {
    let (pass, estimates) = fixed_inputs();
    let paired = fixed_paired();
    let report = build(&pass, &estimates, Some(&paired));
    let range = report
        .tradeoffs
        .iter()
        .find(|t| t.workload == Workload::Range)
        .unwrap();
    assert_eq!(range.ratios.len(), 3);
    assert_eq!(range.ratios[2].numerator, "lazy (opaque)");
    let verdict = range.verdict.as_ref().unwrap();
    // criterion's synthetic estimates are equal for every opaque point at n = 10^7; the
    // paired pass ties lazy and rayon_sum and puts vec behind both.
    assert!(
        verdict.fastest.contains(&"lazy (opaque)".to_owned()),
        "{verdict:?}"
    );
    assert!(
        verdict.fastest.contains(&"rayon_sum (opaque)".to_owned()),
        "{verdict:?}"
    );
    assert!(!verdict.fastest.contains(&"vec (opaque)".to_owned()));
    assert_eq!(report.overhead.len(), 3);
    let vec = &report.overhead[0];
    assert_eq!(vec.strategy, "vec (opaque)");
    assert_eq!(vec.cost_percent, 0.5);
    // One allocation at 10 ns extra on 450 ms.
    let expected = 10.0 / 450_000_000.0 * 100.0;
    assert!((vec.predicted_percent.unwrap() - expected).abs() < 1e-12);
    let page = markdown::render(&report, &[], &Extras::default());
    assert!(page.contains("comes from the paired pass"), "{page}");
    assert!(page.contains("seed 11"));
    assert!(page.contains("Control: lazy (opaque), rayon_sum (opaque) make no allocation"));
}

#[test]
fn bench_csv_columns_are_the_json_point_fields_and_the_machine() {
    let (pass, estimates) = fixed_inputs();
    let report = build(&pass, &estimates, None);
    let json: serde_json::Value = serde_json::from_str(&exports::json(&report).unwrap()).unwrap();
    let header = csv_header(&exports::csv(&report).unwrap());
    // `memory`'s figures keep their names; `time`'s are `time_` and the field, criterion's
    // point estimate being `time_ns`.
    let flattened = |parent: &str, field: &str| match parent {
        "memory" => field.to_owned(),
        _ => format!("{parent}_{}", field.trim_start_matches("point_")),
    };
    let point = json["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["time"].is_object() && p["memory"].is_object())
        .unwrap();
    let mut expected = field_names(point, &flattened);
    expected.extend(field_names(&json["machine"], &flattened));
    assert_eq!(header.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert_eq!(header.len(), expected.len(), "a column twice: {header:?}");
}
