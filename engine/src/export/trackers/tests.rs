//! Both trackers' formats rendered from one report beside its JSON export: the documented
//! shapes, and every figure the JSON export's.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::export::read_back::{Bounds, benchmark_action_entries, bmf_metrics};
use crate::export::tests::{fixed_report, result};
use crate::export::{Format, render};
use crate::measure::Workload;

/// The fixed report with a file result beside its range ones, for throughput, and a time
/// interval wider than a nanosecond.
fn report_with_a_file() -> RunReport {
    let mut report = fixed_report();
    let mut chunked = result("chunked", 40_000_000, 65_536, vec![]);
    chunked.input.workload = Some(Workload::File);
    chunked.input.input_bytes = Some(78_888_890);
    chunked.time.mb_per_s = Some(megabytes_per_second(78_888_890, 40_000_000));
    chunked.time.ci_low_ns = 39_000_000;
    chunked.time.ci_high_ns = 41_500_000;
    chunked.time.ci_coverage = 0.978;
    report.results.push(chunked);
    report
}

/// Each figure of one result of the JSON export, by measure slug, read by field name.
fn json_figures(result: &Value) -> BTreeMap<&'static str, Bounds> {
    let number = |key: &str| result[key].as_f64().unwrap();
    let mut figures = BTreeMap::from([
        (
            "latency",
            (
                number("median_ns"),
                Some(number("ci_low_ns")),
                Some(number("ci_high_ns")),
            ),
        ),
        ("peak-heap", (number("peak_bytes"), None, None)),
        ("peak-rss", (number("peak_rss_bytes"), None, None)),
        ("allocations", (number("allocations"), None, None)),
        ("bytes-allocated", (number("bytes_allocated"), None, None)),
    ]);
    if let Some(rate) = result["mb_per_s"].as_f64() {
        let bytes = number("input_bytes");
        figures.insert(
            "throughput",
            (
                rate,
                Some(bytes * 1e3 / number("ci_high_ns")),
                Some(bytes * 1e3 / number("ci_low_ns")),
            ),
        );
    }
    figures
}

fn name_of(result: &Value) -> String {
    format!(
        "{}/{}/{}",
        result["workload"].as_str().unwrap(),
        result["mode"].as_str().unwrap(),
        result["strategy"].as_str().unwrap()
    )
}

#[test]
fn bmf_has_its_shape_and_every_figure_of_the_json_export() {
    let report = report_with_a_file();
    let json: Value = serde_json::from_str(&render(&report, Format::Json).unwrap()).unwrap();
    let bmf = bmf_metrics(&render(&report, Format::Bmf).unwrap());
    let results = json["results"].as_array().unwrap();
    assert_eq!(bmf.len(), results.len());
    for result in results {
        let name = name_of(result);
        let metrics = &bmf[&name];
        let expected = json_figures(result);
        assert_eq!(
            metrics.keys().map(String::as_str).collect::<Vec<_>>(),
            expected.keys().copied().collect::<Vec<_>>(),
            "{name}"
        );
        for (slug, figure) in expected {
            assert_eq!(metrics[slug], figure, "{name} {slug}");
        }
    }
    assert!(bmf.contains_key("range/as_written/vec"));
    assert!(bmf["file/as_written/chunked"].contains_key("throughput"));
    assert!(!bmf["range/as_written/vec"].contains_key("throughput"));
    // Counts stay whole numbers in the file, as in the JSON export.
    let raw: Value = serde_json::from_str(&render(&report, Format::Bmf).unwrap()).unwrap();
    assert_eq!(
        raw["range/as_written/vec"]["peak-heap"]["value"],
        80_000_000
    );
    assert_eq!(raw["range/as_written/vec"]["latency"]["value"], 45_000_000);
    // Measures come in the order of the list, as written.
    let text = render(&report, Format::Bmf).unwrap();
    let at = |needle: &str| text.find(needle).unwrap();
    assert!(at("\"latency\"") < at("\"peak-heap\"") && at("\"peak-heap\"") < at("\"peak-rss\""));
}

#[test]
fn benchmark_action_lists_every_smaller_is_better_figure_of_the_json_export() {
    let report = report_with_a_file();
    let json: Value = serde_json::from_str(&render(&report, Format::Json).unwrap()).unwrap();
    let text = render(&report, Format::BenchmarkAction).unwrap();
    let by_name = benchmark_action_entries(&text);
    let list: Value = serde_json::from_str(&text).unwrap();
    let entries = list.as_array().expect("the list is an array");
    let units = BTreeMap::from([
        ("latency", "ns"),
        ("peak-heap", "bytes"),
        ("peak-rss", "bytes"),
        ("allocations", "allocations"),
        ("bytes-allocated", "bytes"),
    ]);
    let results = json["results"].as_array().unwrap();
    assert_eq!(entries.len(), results.len() * units.len());
    for result in results {
        for (slug, (value, _, _)) in json_figures(result) {
            let name = format!("{} {slug}", name_of(result));
            match units.get(slug) {
                Some(unit) => assert_eq!(by_name[&name], (unit.to_string(), value), "{name}"),
                None => assert!(!by_name.contains_key(&name), "{name} is bigger-is-better"),
            }
        }
    }
    let chunked = entries
        .iter()
        .find(|e| e["name"] == "file/as_written/chunked latency")
        .unwrap();
    assert_eq!(chunked["range"], "39.00 ms – 41.50 ms");
    let extra = chunked["extra"].as_str().unwrap();
    assert!(
        extra.starts_with("97.8 % interval: 39.00 ms – 41.50 ms\n"),
        "{extra}"
    );
    assert!(extra.contains("n = 10,000,000"), "{extra}");
    assert!(extra.contains(&report.run_id), "{extra}");
    let heap = entries
        .iter()
        .find(|e| e["name"] == "range/as_written/vec peak-heap")
        .unwrap();
    assert!(heap.get("range").is_none(), "an exact figure has no range");
}

#[test]
fn names_do_not_change_with_the_settings_or_the_figures() {
    let names = |report: &RunReport, format: Format| -> BTreeSet<String> {
        let value: Value = serde_json::from_str(&render(report, format).unwrap()).unwrap();
        match value {
            Value::Object(map) => map.keys().cloned().collect(),
            Value::Array(list) => list
                .iter()
                .map(|e| e["name"].as_str().unwrap().to_owned())
                .collect(),
            _ => panic!("neither an object nor a list"),
        }
    };
    let first = report_with_a_file();
    let mut second = report_with_a_file();
    second.run_id = "20261124T000000.000Z-2".to_owned();
    second.n = 1_000;
    second.chunk_size = Some(100);
    for r in &mut second.results {
        r.n = 1_000;
        r.time.median_ns /= 3;
        r.memory.peak_bytes += 8;
    }
    for format in [Format::Bmf, Format::BenchmarkAction] {
        assert_eq!(names(&first, format), names(&second, format), "{format:?}");
    }
    assert!(names(&first, Format::BenchmarkAction).contains("range/as_written/lazy latency"));
}

#[test]
fn an_interval_that_does_not_enclose_its_value_is_left_out() {
    let figure = Figure::interval(5.0, 6.0, 7.0, 0.95).unwrap();
    assert_eq!((figure.lower, figure.upper), (None, None));
    let figure = Figure::interval(5.0, f64::NAN, 7.0, 0.95).unwrap();
    assert_eq!((figure.lower, figure.upper), (None, None));
    assert!(Figure::interval(f64::INFINITY, 1.0, 2.0, 0.95).is_none());
    let figure = Figure::interval(5u64, 5, 5, 0.5).unwrap();
    assert_eq!(figure.lower, Some(Number::Whole(5)));
}

#[test]
fn the_ci_recipe_names_every_measure_and_unit() {
    let recipe = include_str!("../../../../docs/ci.md");
    for measure in MEASURES {
        assert!(
            recipe.contains(&format!("`{}`", measure.slug)),
            "{}",
            measure.slug
        );
        assert!(recipe.contains(measure.unit), "{}", measure.unit);
    }
    for text in [
        "--format bmf",
        "--format benchmark-action",
        "bench.bmf.json",
    ] {
        assert!(recipe.contains(text), "{text}");
    }
}

#[test]
fn a_comparisons_names_carry_its_title() {
    let mut report = fixed_report();
    report.title = Some("Distinct words".to_owned());
    let bmf: Value = serde_json::from_str(&bmf(&report).unwrap()).unwrap();
    let names: BTreeSet<String> = bmf.as_object().unwrap().keys().cloned().collect();
    let expected: BTreeSet<String> = report
        .results
        .iter()
        .map(|r| format!("distinct-words/{}", r.strategy))
        .collect();
    assert!(!names.is_empty());
    assert_eq!(names, expected);
}
