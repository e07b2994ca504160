//! Tests shared by every writer: a report built from fixed figures must come out whole.

use std::collections::BTreeSet;

use super::*;
use crate::export::read_back::{csv_header, field_names};
use crate::measure::StrategyResult;

/// A range result at n = 10,000,000 with fixed figures.
pub(crate) fn result(
    strategy: &str,
    median_ns: u64,
    peak_bytes: u64,
    warnings: Vec<String>,
) -> StrategyResult {
    let base = crate::measure::tests::result(strategy, Mode::AsWritten, median_ns, 10_000_000);
    StrategyResult {
        check: crate::measure::Check {
            sum: Some(49_999_995_000_000),
            expected_sum: Some(49_999_995_000_000),
            ..base.check
        },
        time: crate::measure::TimeFigures {
            runs: 5,
            min_ns: median_ns - 1,
            max_ns: median_ns + 1,
            ..base.time
        },
        memory: crate::measure::MemoryFigures {
            allocations: u64::from(peak_bytes > 0),
            bytes_allocated: peak_bytes,
            minor_faults: 19_532,
            peak_rss_bytes: peak_bytes + 3 * 4096,
            peak_bytes,
            ..base.memory
        },
        heap_bound_bytes: Some(peak_bytes),
        rss_delta_bytes: -4096,
        warnings,
        ..base
    }
}

/// A report with fixed figures: `vec` and a folded `lazy` carrying its warning.
pub(crate) fn fixed_report() -> RunReport {
    RunReport {
        run_id: "20261123T000000.000Z-1".to_owned(),
        input: InputInfo {
            workload: Some(Workload::Range),
            ..InputInfo::default()
        },
        n: 10_000_000,
        chunk_size: Some(10_000),
        mode: Some(Mode::AsWritten),
        title: None,
        parameters: Default::default(),
        timelines: Vec::new(),
        machine: MachineInfo {
            cpu_model: "Example CPU".to_owned(),
            cores: 2,
            memory_bytes: 24 << 30,
            rustc_version: "rustc 1.95.0".to_owned(),
            os: "linux x86_64".to_owned(),
            sumbench_version: "0.1.0".to_owned(),
            date: "2026-11-23T00:00:00Z".to_owned(),
        },
        results: vec![
            result("vec", 45_000_000, 80_000_000, vec![]),
            result(
                "lazy",
                20,
                0,
                vec!["lazy (as_written) took 0.0000 ns per element".to_owned()],
            ),
        ],
        verdict: None,
        seed: Some(7),
        ratios: Vec::new(),
        noise: None,
        baseline: None,
    }
}

#[test]
fn every_format_names_every_strategy_and_warning() {
    let report = fixed_report();
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = render(&report, format).unwrap();
        for name in [
            "vec",
            "lazy",
            "as_written",
            "lazy (as_written) took 0.0000 ns",
        ] {
            assert!(text.contains(name), "{format:?} lacks {name:?}:\n{text}");
        }
    }
}

#[test]
fn table_and_markdown_show_exact_and_human_peaks() {
    let report = fixed_report();
    for format in [Format::Table, Format::Markdown] {
        let text = render(&report, format).unwrap();
        assert!(text.contains("80,000,000"), "{text}");
        assert!(text.contains("76.3 MiB"), "{text}");
        assert!(text.contains("45.00 ms"), "{text}");
        assert!(text.contains("19,532"), "{text}");
        assert!(text.contains("Example CPU, 2 cores"), "{text}");
    }
}

#[test]
fn json_round_trips() {
    let report = fixed_report();
    let text = render(&report, Format::Json).unwrap();
    let back: RunReport = serde_json::from_str(&text).unwrap();
    assert_eq!(back, report);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in ["n", "chunk_size", "opaque", "machine", "results"] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn csv_has_a_header_and_one_row_per_result() {
    let text = render(&fixed_report(), Format::Csv).unwrap();
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let peak_column = headers.iter().position(|h| h == "peak_bytes").unwrap();
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][peak_column], "80000000");
    assert_eq!(&rows[1][peak_column], "0");
    let rss_column = headers.iter().position(|h| h == "peak_rss_bytes").unwrap();
    let source_column = headers.iter().position(|h| h == "peak_rss_source").unwrap();
    assert_eq!(&rows[0][rss_column], "80012288");
    assert_eq!(&rows[0][source_column], "kernel");
}

#[test]
fn json_ends_with_a_newline() {
    assert_eq!(
        sumbench_page::json::pretty(&[1, 2]).unwrap(),
        "[\n  1,\n  2\n]\n"
    );
    assert!(
        render(&fixed_report(), Format::Json)
            .unwrap()
            .ends_with("}\n")
    );
}

#[test]
fn csv_columns_are_the_json_result_fields_and_the_machine() {
    let report = fixed_report();
    let json: serde_json::Value =
        serde_json::from_str(&render(&report, Format::Json).unwrap()).unwrap();
    let header = csv_header(&render(&report, Format::Csv).unwrap());
    let flat = |parent: &str, field: &str| panic!("{parent}.{field}: nested in a flat row");
    let mut expected = field_names(&json["results"][0], &flat);
    expected.extend(field_names(&json["machine"], &flat));
    assert_eq!(header.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert_eq!(header.len(), expected.len(), "a column twice: {header:?}");
}
