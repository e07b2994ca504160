//! The file workload's tests, and the rows and report they build, which the report's tests
//! use too.

use super::*;
use crate::workloads::strategy::Workload;
use sumbench::measure::machine::MachineInfo;

const MIB: u64 = 1 << 20;

#[test]
fn ratios_keep_two_significant_digits_below_ten() {
    assert_eq!(times(0.0), "0×");
    assert_eq!(times(0.0466), "0.047×");
    assert_eq!(times(0.5), "0.50×");
    assert_eq!(times(1.0), "1.0×");
    assert_eq!(times(9.94), "9.9×");
    assert_eq!(times(14.2), "14×");
}

#[test]
fn every_rust_counterpart_is_a_file_strategy_and_each_is_run_once() {
    let names = rust_strategies();
    assert_eq!(names, ["read_all", "lines", "chunked", "mmap_parallel"]);
    for name in names {
        let strategy = crate::workloads::find(name).expect(name);
        assert_eq!(strategy.workload(), Workload::File, "{name}");
    }
}

#[test]
fn the_standard_library_programs_import_no_library() {
    let stdlib = PROGRAMS
        .iter()
        .filter(|p| p.library.is_none())
        .map(|p| (p.file, p.source))
        .chain([FILELIB, (BASELINE_FILE, BASELINE_SOURCE)]);
    for (file, source) in stdlib {
        for library in LIBRARIES {
            let imports = source.lines().any(|line| {
                let line = line.trim();
                line.starts_with(&format!("import {library}"))
                    || line.starts_with(&format!("from {library}"))
            });
            assert!(!imports, "{file} imports {library}");
        }
    }
    // And each library program imports its own.
    for program in PROGRAMS.iter().filter(|p| p.library.is_some()) {
        let library = program.library.unwrap();
        assert!(
            program.source.contains(&format!("import {library}")),
            "{}",
            program.file
        );
    }
}

fn figures(median_ns: u64, max_rss_bytes: u64) -> Figures {
    Figures {
        median_ns,
        work_median_ns: Some(median_ns / 2),
        max_rss_bytes,
        tracemalloc_peak_bytes: None,
        correct: true,
    }
}

/// A row of `program` that held `above` bytes above its baseline (`None`: it did not
/// run), its Rust strategy `rust_rss` bytes resident.
pub(crate) fn row(program: &str, above: Option<u64>, rust_rss: u64) -> FileRow {
    let program = PROGRAMS.iter().find(|p| p.name == program).unwrap();
    FileRow {
        program: program.name.to_owned(),
        approach: program.approach.to_owned(),
        library: program.library.map(str::to_owned),
        streams: program.streams,
        python: above.map(|bytes| figures(2_000_000_000, bytes + 14 * MIB)),
        not_run: above
            .is_none()
            .then(|| format!("cannot import x (y); install with {INSTALL}")),
        python_rss_above_baseline_bytes: above.map(|bytes| bytes as i64),
        rust: crate::python::RustSide {
            strategy: program.rust_strategy.to_owned(),
            median_ns: 100_000_000,
            peak_rss_bytes: rust_rss,
            peak_heap_bytes: 65_536,
            correct: true,
        },
        time_ratio: Some(10.0),
        rss_ratio: (rust_rss > 0).then(|| above.unwrap_or(0) as f64 / rust_rss as f64),
    }
}

/// A report of `rows` on a 75 MiB file, with its findings left empty.
pub(crate) fn report(rows: Vec<FileRow>) -> FileReport {
    FileReport {
        run_id: "test".to_owned(),
        input: "data.txt".to_owned(),
        generated: true,
        input_bytes: 75 * MIB,
        values: 10_000_000,
        expected_sum: 49_999_995_000_000,
        chunk_size: 65_536,
        runs: 3,
        python_version: "Python 3.11.7".to_owned(),
        libraries: Vec::new(),
        machine: MachineInfo::current(),
        baselines: vec![
            Baseline {
                library: None,
                figures: figures(20_000_000, 14 * MIB),
            },
            Baseline {
                library: Some("pandas".to_owned()),
                figures: figures(1_000_000_000, 70 * MIB),
            },
        ],
        rows,
        findings: Vec::new(),
    }
}

#[test]
fn the_findings_are_computed_from_the_rows() {
    let report = report(vec![
        row("read_split", Some(750 * MIB), 150 * MIB),
        row("line_loop", Some(3 * MIB), 0),
        row("chunks", Some(2 * MIB), 0),
        row("pandas_read_csv", Some(225 * MIB), 150 * MIB),
        row("pandas_chunks", Some(6 * MIB), 0),
        row("polars_read_csv", Some(150 * MIB), 150 * MIB),
    ]);
    let found = findings(&report);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with(
            "Reading it all: f.read().split() holds 750.0 MiB above the bare interpreter \
             (10× the file), against 150.0 MiB for Rust's read_all (5.0× as much), and \
             takes 10× its time."
        ),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains(
            "polars.read_csv holds the least: 150.0 MiB above its import (2.0× the file), \
             1.0× what Rust's read_all holds."
        ),
        "{}",
        found[0]
    );
    assert!(found[1].contains("pandas.read_csv holds 225.0 MiB above `import pandas`"));
    assert!(found[1].contains("(3.0× the file)"), "{}", found[1]);
    assert!(found[1].contains("importing pandas alone holds 56.0 MiB"));
    assert!(found[1].contains("pandas.read_csv(chunksize=100_000) holds 6.0 MiB"));
    assert!(
        found[2].starts_with(
            "Streaming in Python does not get near Rust's memory: the leanest, \
             f.read(CHUNK_SIZE) blocks, adds 2.0 MiB"
        ),
        "{}",
        found[2]
    );
    assert!(found[2].contains("more than 1 MiB"), "{}", found[2]);
    assert!(
        found[2]
            .contains("the other streaming programs add for line in f 3.0 MiB (4.0 % of the file)"),
        "{}",
        found[2]
    );
}

#[test]
fn streaming_within_a_mebibyte_gets_near_and_a_library_not_run_is_said() {
    let report = report(vec![
        row("read_split", Some(750 * MIB), 150 * MIB),
        row("line_loop", Some(100 << 10), 0),
        row("chunks", Some(2 * MIB), 0),
        row("pandas_read_csv", None, 150 * MIB),
        row("pandas_chunks", None, 0),
    ]);
    let found = findings(&report);
    assert!(
        found[1].starts_with("pandas was not measured: cannot import x (y); install with"),
        "{}",
        found[1]
    );
    assert!(found[1].ends_with("python3 -m pip install numpy pandas polars."));
    assert!(
        found[2].starts_with("Streaming in Python gets near Rust's memory: the leanest, for line in f, adds 100.0 KiB"),
        "{}",
        found[2]
    );
    assert!(found[2].contains("within 1 MiB"), "{}", found[2]);
    // Rows that did not run are not among the streaming programs.
    assert!(!found[2].contains("pandas"), "{}", found[2]);
}
