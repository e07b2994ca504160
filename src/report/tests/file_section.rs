//! The report's missing estimates, its links to criterion, and the file workload's goals and explanations, computed from the figures.

use super::*;

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
    // Without a paired pass, two means decide no order.
    assert!(
        text.contains("no paired pass has run, so no order is given"),
        "{text}"
    );
    // With one, the order is the paired ratio's: chunked within 1 % of mmap round by round
    // is a tie, whatever the means say.
    let mmap_times: Vec<u64> = (0..6).map(|r| 50_000_000 + r * 1_000_000).collect();
    let chunked_times = super::within_one_percent(&mmap_times);
    let paired = crate::suite::paired::PairedPass {
        machine: pass.machine.clone(),
        seed: 1,
        groups: vec![crate::suite::paired::PairedGroup {
            group: Group::FileSeed,
            mode: sumbench::measure::Mode::AsWritten,
            results: Vec::new(),
            ratios: sumbench::stats::PairedRatio::of(
                "chunked",
                &chunked_times,
                "mmap",
                &mmap_times,
            )
            .into_iter()
            .collect(),
            noise: None,
        }],
    };
    let with_pairs = file::goals(&build(&pass, &estimates, Some(&paired))).join("\n");
    assert!(
        with_pairs.contains("timed in the same rounds of the paired pass, chunked over mmap is")
            && with_pairs.contains("tied, neither resolvably faster"),
        "{with_pairs}"
    );
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
