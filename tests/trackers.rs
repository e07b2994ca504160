//! `--format bmf` and `--format benchmark-action` from the command line: their documented
//! shapes for every workload, the same names in two runs, and memory figures equal to a
//! JSON run's.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use sumbench_app::workloads::strategy::Workload;
use tempfile::TempDir;

mod common;
// Each crate's tests use some of the shared readers.
#[path = "../engine/src/export/read_back.rs"]
#[allow(dead_code)]
mod read_back;

use read_back::benchmark_action_entries as benchmark_action;

/// A quick run printing `format`, saving nothing, with `args` after.
fn run(format: &str, args: &[&str]) -> String {
    let output = common::assert_sumbench()
        .args(["--n", "20000", "--runs", "3", "--warmups", "0", "--no-save"])
        .args(["--format", format])
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).unwrap()
}

/// A file of the numbers 0..20,000, one per line, for the file workload.
fn numbers() -> (TempDir, String) {
    let text: String = (0..20_000).map(|i| format!("{i}\n")).collect();
    common::input_file(text.as_bytes())
}

/// BMF's documented shape checked: an object of benchmarks, each an object of measures,
/// each with a numeric `value` and, where given, numeric bounds around it. Returns each
/// benchmark's measures with their values.
fn bmf(text: &str) -> BTreeMap<String, BTreeMap<String, f64>> {
    let document: Value = serde_json::from_str(text).unwrap();
    let mut found = BTreeMap::new();
    for (name, measures) in document.as_object().expect("an object of benchmarks") {
        let mut values = BTreeMap::new();
        for (slug, metric) in measures.as_object().expect("an object of measures") {
            let number = |key: &str| metric.get(key).map(|v| v.as_f64().expect("a number"));
            let value = number("value").unwrap_or_else(|| panic!("{name} {slug}: no value"));
            assert!(
                number("lower_value").is_none_or(|l| l <= value),
                "{name} {slug}"
            );
            assert!(
                number("upper_value").is_none_or(|u| value <= u),
                "{name} {slug}"
            );
            values.insert(slug.clone(), value);
        }
        found.insert(name.clone(), values);
    }
    found
}

fn names(workload: Workload) -> impl Iterator<Item = &'static str> {
    sumbench_app::workloads::of(workload).map(|s| s.name())
}

#[test]
fn both_formats_have_their_shapes_and_the_same_names_in_two_runs_for_every_workload() {
    let (_dir, path) = numbers();
    let memory = ["peak-heap", "peak-rss", "allocations", "bytes-allocated"];
    for (workload, mode, args) in [
        (Workload::Range, "as_written", vec![]),
        (Workload::Range, "opaque", vec!["--opaque"]),
        (Workload::File, "as_written", vec!["--input", path.as_str()]),
    ] {
        let first = bmf(&run("bmf", &args));
        let expected: BTreeSet<String> = names(workload)
            .map(|s| format!("{workload}/{mode}/{s}"))
            .collect();
        assert_eq!(first.keys().cloned().collect::<BTreeSet<_>>(), expected);
        for (name, measures) in &first {
            let mut slugs: Vec<&str> = vec!["latency"];
            slugs.extend(memory);
            if workload == Workload::File {
                slugs.push("throughput");
            }
            assert_eq!(
                measures.keys().map(String::as_str).collect::<BTreeSet<_>>(),
                slugs.into_iter().collect(),
                "{name}"
            );
        }
        let second = bmf(&run("bmf", &args));
        assert_eq!(
            first
                .iter()
                .map(|(n, m)| (n, m.keys().collect()))
                .collect::<Vec<(_, Vec<_>)>>(),
            second
                .iter()
                .map(|(n, m)| (n, m.keys().collect()))
                .collect::<Vec<(_, Vec<_>)>>(),
        );

        let list = benchmark_action(&run("benchmark-action", &args));
        let again = benchmark_action(&run("benchmark-action", &args));
        assert_eq!(
            list.keys().collect::<Vec<_>>(),
            again.keys().collect::<Vec<_>>()
        );
        assert_eq!(list.len(), expected.len() * 5);
        for name in &expected {
            assert_eq!(list[&format!("{name} latency")].0, "ns");
            assert_eq!(list[&format!("{name} peak-heap")].0, "bytes");
            assert_eq!(list[&format!("{name} allocations")].0, "allocations");
            assert!(!list.contains_key(&format!("{name} throughput")));
        }
    }
}

#[test]
fn exact_memory_figures_are_a_json_runs() {
    // Strategies off rayon's pool, whose heap repeats to the byte from run to run.
    let selection = [
        "--seed",
        "7",
        "--opaque",
        "--strategy",
        "vec",
        "--strategy",
        "vec_push",
        "--strategy",
        "chunks_collected",
        "--strategy",
        "lazy",
    ];
    let json: Value = serde_json::from_str(&run("json", &selection)).unwrap();
    let bmf = bmf(&run("bmf", &selection));
    let list = benchmark_action(&run("benchmark-action", &selection));
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for result in results {
        let name = format!("range/opaque/{}", result["strategy"].as_str().unwrap());
        for (slug, field) in [
            ("peak-heap", "peak_bytes"),
            ("allocations", "allocations"),
            ("bytes-allocated", "bytes_allocated"),
        ] {
            let expected = result[field].as_f64().unwrap();
            assert_eq!(bmf[&name][slug], expected, "{name} {slug}");
            assert_eq!(list[&format!("{name} {slug}")].1, expected, "{name} {slug}");
        }
    }
    assert_eq!(bmf["range/opaque/vec"]["peak-heap"], 160_000.0);
}

#[test]
fn python_refuses_a_trackers_format_in_one_line() {
    let output = common::assert_sumbench()
        .args(["python", "--format", "bmf", "--no-save"])
        .output()
        .unwrap();
    common::failed_in_one_line(&output, 2, "expected table, json, csv or markdown");
}
