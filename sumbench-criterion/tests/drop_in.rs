//! A criterion bench written as crates write them (`examples/criterion-bench`), built
//! against this crate and run as cargo runs it: `--list`, `cargo test --benches` (no
//! `--bench`), and `cargo bench -- FILTER` with the engine's figures checked exactly.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::bench_binary;
use serde_json::Value;

fn run(args: &[&str], target: &Path) -> Output {
    let output = Command::new(bench_binary())
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn list_and_test_mode_name_every_benchmark_and_write_nothing() {
    let target = tempfile::tempdir().unwrap();
    let listed = String::from_utf8(run(&["--list"], target.path()).stdout).unwrap();
    assert_eq!(
        listed.lines().collect::<Vec<_>>(),
        [
            "parse/borrowed/1000: benchmark",
            "parse/owned_map/1000: benchmark",
            "parse/borrowed/10000: benchmark",
            "parse/owned_map/10000: benchmark",
            "sort/sort_unstable: benchmark",
            "sort/sort: benchmark",
            "sum_to_1000/sum_to_1000: benchmark",
        ]
    );
    // As `cargo test --benches` runs it: no --bench, each routine once.
    let tested = String::from_utf8(run(&["sort"], target.path()).stdout).unwrap();
    assert_eq!(
        tested,
        "Testing sort/sort_unstable\nSuccess\nTesting sort/sort\nSuccess\n"
    );
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0);
}

/// One group's `latest.json` row by strategy name.
fn row<'r>(report: &'r Value, name: &str) -> &'r Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["strategy"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn a_filtered_bench_measures_each_benchmark_with_exact_memory() {
    let target = tempfile::tempdir().unwrap();
    let printed = run(
        &[
            "--bench",
            "--time",
            "0.3",
            "--format",
            "json",
            "parse/borrowed",
        ],
        target.path(),
    );
    // A sweep in JSON prints one document, the sweep's.
    let printed: Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(printed["sizes"], serde_json::json!([1000, 10000]));
    let reports = target.path().join("sumbench/reports/criterion");
    // The groups the filter does not name are not measured.
    assert!(!reports.join("sort").exists());
    // A Vec of pairs of &str (32 B each) grows by doubling from 4: one allocation and 8
    // reallocations to 1,024 pairs for 1,000 lines, 12 to 16,384 for 10,000; the peak is
    // the last capacity. Each size is a comparison of its own, in the sweep's folder.
    for (size, capacity, reallocs) in [(1000, 1024u64, 8u64), (10_000, 16_384, 12)] {
        let path = reports.join(format!("parse/parameter-{size}/latest.json"));
        let parse: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(parse["parameters"]["parameter"], size);
        // Only what the filter names.
        assert_eq!(parse["results"].as_array().unwrap().len(), 1);
        let memory = row(&parse, "borrowed");
        assert_eq!(memory["peak_bytes"], 32 * capacity, "{size}: {memory}");
        assert_eq!(memory["allocations"], 1, "{size}");
        assert_eq!(memory["reallocations"], reallocs, "{size}");
        // The group's `Throughput::Bytes` of the text gives MB/s.
        let bytes: usize = (0..size).map(|i| format!("key{i}=value{i}\n").len()).sum();
        let median = memory["median_ns"].as_f64().unwrap();
        let throughput = memory["mb_per_s"].as_f64().unwrap();
        assert!(
            (throughput - bytes as f64 * 1e3 / median).abs() < 1e-9 * throughput,
            "{size}: {throughput} MB/s"
        );
    }
    // The sizes make a sweep: one fitted growth per strategy, its peak exponent that of
    // 32,768 B to 524,288 B over a tenfold size.
    let sweep: Value =
        serde_json::from_slice(&std::fs::read(reports.join("parse/sweep.json")).unwrap()).unwrap();
    assert_eq!(sweep["sizes"], serde_json::json!([1000, 10000]));
    let growth = &sweep["growth"][0];
    assert_eq!(growth["strategy"], "borrowed", "{sweep}");
    let expected = (524_288f64 / 32_768.0).log10();
    assert!(
        (growth["peak_exponent"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{growth}"
    );
    assert!(reports.join("parse/index.html").is_file());
    assert!(reports.join("parse/parameter-1000/latest.html").is_file());
    assert!(reports.join("index.html").is_file());
}

#[test]
fn setup_stays_out_of_the_figures() {
    let target = tempfile::tempdir().unwrap();
    run(&["--bench", "--time", "0.3", "sort/"], target.path());
    let path = target
        .path()
        .join("sumbench/reports/criterion/sort/latest.json");
    let sort: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    // iter_batched's clone of the 10,000 numbers is setup: sort_unstable allocates
    // nothing; the stable sort allocates its one scratch buffer, at most the input's size.
    let unstable = row(&sort, "sort_unstable");
    assert_eq!(unstable["peak_bytes"], 0, "{unstable}");
    assert_eq!(unstable["allocations"], 0);
    let stable = row(&sort, "sort");
    assert_eq!(stable["allocations"], 1, "{stable}");
    let peak = stable["peak_bytes"].as_u64().unwrap();
    assert!(peak > 0 && peak <= 80_000, "{peak}");
}

#[test]
fn baselines_are_saved_per_group_and_size_and_a_rerun_passes_the_gate() {
    let target = tempfile::tempdir().unwrap();
    let bench = ["--bench", "--time", "0.2", "r"];
    run(
        &[&bench[..], &["--save-baseline", "main"]].concat(),
        target.path(),
    );
    let dir = target.path().join("sumbench/baselines");
    let mut saved: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    saved.sort();
    // "r" names the parse and sort groups, not sum_to_1000: one baseline for each
    // comparison, none shared between groups.
    assert_eq!(
        saved,
        [
            "main.parse.parameter-1000.json",
            "main.parse.parameter-10000.json",
            "main.sort.json",
        ]
    );
    let compared = run(
        &[&bench[..], &["--baseline", "main"]].concat(),
        target.path(),
    );
    let stdout = String::from_utf8(compared.stdout).unwrap();
    assert!(
        stdout.contains("Compared with baseline main.sort "),
        "{stdout}"
    );
}
