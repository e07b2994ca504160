//! `sumbench python --workload file`: Python programs reading a file, run for real beside
//! the file strategies. numpy, pandas and polars are optional: a test that needs one says
//! it skipped that part when it is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sumbench_app::python::RustCells;
use sumbench_app::python::file::{FileCsvRow, LIBRARIES, PROGRAMS};

mod common;

use common::{fake_python, python_available, sumbench};

/// Whether `python3` imports `library`.
fn importable(library: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {library}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Says which libraries a test runs without, so that its skipped rows are visible.
fn note_missing_libraries(test: &str) {
    for library in LIBRARIES {
        if !importable(library) {
            eprintln!(
                "{test}: {library} is not installed, so its programs are checked only for \
                 saying so (python3 -m pip install numpy pandas polars)"
            );
        }
    }
}

/// `sumbench python --workload file` on a small run, with `extra` arguments.
fn python_file(extra: &[&str]) -> Command {
    let mut command = sumbench();
    command
        .args([
            "python",
            "--workload",
            "file",
            "--runs",
            "1",
            "--warmups",
            "0",
        ])
        .args(extra);
    command
}

fn succeeded(output: &Output) {
    assert!(
        output.status.success(),
        "{:?}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A folder whose `LIBRARY.py` raises ImportError for each of `libraries`: on PYTHONPATH,
/// it hides them when installed (and hiding numpy hides pandas, which imports it).
fn hidden(dir: &Path, libraries: &[&str]) -> PathBuf {
    let hidden = dir.join("hidden");
    std::fs::create_dir(&hidden).unwrap();
    for library in libraries {
        std::fs::write(
            hidden.join(format!("{library}.py")),
            format!("raise ImportError('{library} is hidden for this test')\n"),
        )
        .unwrap();
    }
    hidden
}

#[test]
fn every_program_sums_the_generated_file_and_the_ratios_come_from_the_figures() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    note_missing_libraries("every_program_sums_the_generated_file");
    let output = python_file(&["--n", "20000", "--format", "json", "--no-save"])
        .output()
        .unwrap();
    succeeded(&output);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["generated"], true);
    assert_eq!(report["values"], 20_000);
    assert_eq!(report["expected_sum"], 20_000u64 * 19_999 / 2);
    assert_eq!(report["chunk_size"], 65_536);
    assert!(
        report["python_version"]
            .as_str()
            .unwrap()
            .starts_with("Python 3")
    );
    // Each library: its version when it imports, else why not.
    let libraries = report["libraries"].as_array().unwrap();
    assert_eq!(libraries.len(), 3);
    for (status, name) in libraries.iter().zip(LIBRARIES) {
        assert_eq!(status["library"], name);
        assert_eq!(status["version"].is_string(), importable(name), "{status}");
        assert_eq!(status["missing"].is_string(), !importable(name), "{status}");
    }
    // The bare interpreter's baseline first, then one per library that imports.
    let baselines = report["baselines"].as_array().unwrap();
    assert_eq!(baselines[0]["library"], Value::Null);
    let with_library: Vec<&str> = baselines[1..]
        .iter()
        .map(|b| b["library"].as_str().unwrap())
        .collect();
    let installed: Vec<&str> = LIBRARIES.into_iter().filter(|l| importable(l)).collect();
    assert_eq!(with_library, installed);
    for baseline in baselines {
        assert_eq!(baseline["figures"]["correct"], true, "{baseline}");
    }
    let rows = report["rows"].as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["program"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = PROGRAMS.iter().map(|p| p.name).collect();
    assert_eq!(names, expected);
    for (row, program) in rows.iter().zip(&PROGRAMS) {
        assert_eq!(row["rust_strategy"], program.rust_strategy, "{row}");
        assert_eq!(row["rust_correct"], true, "{row}");
        let library = row["library"].as_str();
        assert_eq!(library, program.library);
        if library.is_some_and(|l| !importable(l)) {
            assert_eq!(row["python"], Value::Null, "{row}");
            let why = row["not_run"].as_str().unwrap();
            assert!(
                why.contains("python3 -m pip install numpy pandas polars"),
                "{why}"
            );
            continue;
        }
        assert_eq!(row["python"]["correct"], true, "{row}");
        assert_eq!(
            row["python"]["tracemalloc_peak_bytes"],
            Value::Null,
            "{row}"
        );
        let baseline = baselines
            .iter()
            .find(|b| b["library"].as_str() == library)
            .unwrap();
        // The program's own time of its work lies inside its whole process's.
        let whole_ns = row["python"]["median_ns"].as_f64().unwrap();
        let work_ns = row["python"]["work_median_ns"].as_f64().unwrap();
        assert!(0.0 < work_ns && work_ns < whole_ns, "{row}");
        let rust_ns = row["rust_median_ns"].as_f64().unwrap();
        let ratio = row["time_ratio"].as_f64().unwrap();
        assert!((ratio - work_ns / rust_ns).abs() < 1e-9 * ratio, "{row}");
        let rss_above = row["python_rss_above_baseline_bytes"].as_i64().unwrap();
        assert_eq!(
            rss_above,
            row["python"]["max_rss_bytes"].as_i64().unwrap()
                - baseline["figures"]["max_rss_bytes"].as_i64().unwrap()
        );
        let rust_rss = row["rust_peak_rss_bytes"].as_f64().unwrap();
        match row["rss_ratio"].as_f64() {
            Some(r) => assert!((r - rss_above.max(0) as f64 / rust_rss).abs() < 1e-9 * r.max(1.0)),
            None => assert_eq!(rust_rss, 0.0, "{row}"),
        }
    }
    // The findings are there, computed: the list's sentence names its figure.
    let findings = report["findings"].as_array().unwrap();
    let first = findings[0].as_str().unwrap();
    assert!(
        first.starts_with("Reading it all: f.read().split() holds "),
        "{first}"
    );
    let streaming = findings.last().unwrap().as_str().unwrap();
    assert!(streaming.starts_with("Streaming in Python "), "{streaming}");
}

/// A file in every shape the reference reader accepts: CRLF and LF endings, blank lines
/// of both kinds, leading zeros, values past 2^63 (a uint64 column in pandas) with a
/// sum just below 2^64 whose 64-bit partial sums wrap (the programs' exact sum in halves),
/// and a last line without its newline.
const SHAPES: &[u8] = b"\r\n18446744073709551000\r\n\n000400\r\n\r\n\n9\n200\r\n0\n\n5\r\n\r\n1";

#[test]
fn every_program_sums_a_user_file_with_crlf_blank_lines_and_a_sum_near_2_to_the_64() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    note_missing_libraries("every_program_sums_a_user_file");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("shapes.txt");
    std::fs::write(&input, SHAPES).unwrap();
    let expected: u64 = 18_446_744_073_709_551_000 + 400 + 9 + 200 + 5 + 1;
    assert_eq!(expected, u64::MAX);
    // --input alone chooses the file workload, and a chunk of 7 bytes cuts lines.
    let output = sumbench()
        .args([
            "python",
            "--runs",
            "1",
            "--warmups",
            "0",
            "--chunk-size",
            "7",
        ])
        .arg("--input")
        .arg(&input)
        .args(["--format", "csv", "--no-save"])
        .output()
        .unwrap();
    succeeded(&output);
    // Written again from the structs, the rows give back the output byte for byte.
    let rows: Vec<(FileCsvRow, RustCells)> = common::csv_round_trip(&output.stdout);
    let installed: Vec<&str> = LIBRARIES.into_iter().filter(|l| importable(l)).collect();
    let (baselines, programs) = rows.split_at(1 + installed.len());
    assert_eq!(baselines[0].0.program, "baseline");
    for ((baseline, rust), library) in baselines[1..].iter().zip(&installed) {
        assert_eq!(baseline.program, format!("baseline+{library}"));
        assert!(baseline.library_version.is_some(), "{baseline:?}");
        assert_eq!(rust.rust_strategy, None);
    }
    assert_eq!(programs.len(), PROGRAMS.len());
    for (row, rust) in programs {
        assert_eq!(row.values, 7);
        assert_eq!(row.chunk_size, 7);
        assert_eq!(row.input, input.display().to_string());
        assert_eq!(rust.rust_correct, Some(true), "{rust:?}");
        match &row.library {
            Some(library) if !importable(library) => {
                assert_eq!(row.python_correct, None, "{row:?}");
                assert!(row.not_run.is_some(), "{row:?}");
            }
            _ => assert_eq!(row.python_correct, Some(true), "{row:?}"),
        }
    }
}

#[test]
fn a_library_that_cannot_be_imported_gets_a_row_saying_so_and_the_others_still_run() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hidden = hidden(dir.path(), &["numpy"]);
    let python = fake_python(
        dir.path(),
        "python-without-numpy",
        &format!("PYTHONPATH={} exec python3 \"$@\"", hidden.display()),
    );
    let reports = dir.path().join("reports");
    let output = python_file(&["--n", "2000", "--tracemalloc", "--format", "markdown"])
        .arg("--python")
        .arg(&python)
        .arg("--reports-dir")
        .arg(&reports)
        .output()
        .unwrap();
    succeeded(&output);
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(markdown.starts_with("# Python reading the file, beside Rust\n"));
    assert!(markdown.contains("numpy not importable"), "{markdown}");
    let header = format!("| {} |", sumbench_app::python::file::HEADERS.join(" | "));
    assert!(markdown.contains(&header), "{markdown}");
    let row = |approach: &str| {
        markdown
            .lines()
            .find(|l| l.starts_with(&format!("| {approach} |")))
            .unwrap_or_else(|| panic!("no row for {approach}: {markdown}"))
            .to_owned()
    };
    let numpy = row("numpy.loadtxt");
    assert!(
        numpy.contains(
            "not run: cannot import numpy (ImportError: numpy is hidden for this test); \
             install with python3 -m pip install numpy pandas polars"
        ),
        "{numpy}"
    );
    // pandas imports numpy, so it cannot be imported either, and says why.
    assert!(row("pandas.read_csv").contains("not run: cannot import pandas ("));
    // The standard library's programs ran, with their figures, beside their Rust strategy.
    for (approach, rust) in [
        ("f.read().split()", "read_all"),
        ("for line in f", "lines"),
        ("f.read(64.0 KiB) blocks", "chunked"),
    ] {
        let line = row(approach);
        assert!(!line.contains("not run"), "{line}");
        assert!(line.contains(&format!("| {rust} ")), "{line}");
        assert!(!line.contains("WRONG"), "{line}");
    }
    // polars does not need numpy: it runs when installed.
    assert_eq!(
        row("polars.read_csv").contains("not run"),
        !importable("polars")
    );
    // The two files are saved as one set, and the JSON says why numpy is missing.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("python-file.json")).unwrap())
            .unwrap();
    assert_eq!(json["libraries"][0]["library"], "numpy");
    assert_eq!(
        json["libraries"][0]["missing"],
        "ImportError: numpy is hidden for this test"
    );
    // tracemalloc was asked for: every program that ran has its figure, the list the most
    // of the standard library's.
    let traced = |program: &str| {
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["program"] == program)
            .unwrap();
        row["python"]["tracemalloc_peak_bytes"].as_u64().unwrap()
    };
    assert!(traced("read_split") > traced("line_loop"));
    assert!(traced("read_split") > traced("chunks"));
    assert!(json["baselines"][0]["figures"]["tracemalloc_peak_bytes"].is_u64());
    assert_eq!(
        std::fs::read_to_string(reports.join("python-file.md")).unwrap(),
        markdown
    );
    assert!(!reports.join("python.json").exists());
}

#[test]
fn a_wrong_sum_fails_the_command_and_saves_nothing() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hidden = hidden(dir.path(), &LIBRARIES);
    // The line loop prints a sum of 1; everything else runs for real (without the
    // libraries, to keep the test short).
    let python = fake_python(
        dir.path(),
        "python-wrong-loop",
        &format!(
            "case \"$1\" in *file_line_loop.py) echo '{{\"sum\": 1, \"vm_hwm_bytes\": 1, \
             \"tracemalloc_peak_bytes\": null}}'; exit 0;; esac\n\
             PYTHONPATH={} exec python3 \"$@\"",
            hidden.display()
        ),
    );
    let reports = dir.path().join("reports");
    // Its own data folder: a test beside it writing the shared one would make this run
    // wait, and say so on stderr.
    let output = python_file(&["--n", "1000"])
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .arg("--python")
        .arg(&python)
        .arg("--reports-dir")
        .arg(&reports)
        .output()
        .unwrap();
    common::failed_in_one_line(&output, 1, "wrong sums from: line_loop; nothing was saved");
    // The table is shown, with the wrong row marked.
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("WRONG SUM"), "{stdout}");
    assert!(
        !reports.exists() || std::fs::read_dir(&reports).unwrap().next().is_none(),
        "something was saved"
    );
}

#[test]
fn input_with_the_range_workload_is_refused_in_one_line() {
    let (_dir, input) = common::input_file(b"1\n2\n");
    let output = sumbench()
        .args(["python", "--workload", "range", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    common::failed_in_one_line(&output, 2, "--input is read by the file workload");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_bad_input_line_is_refused_before_any_program_runs() {
    let (_dir, input) = common::input_file(b"1\n-2\n");
    // No interpreter is needed to refuse it: the file is checked first.
    let output = sumbench()
        .args(["python", "--python", "/no/such/python3", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    common::failed_in_one_line(&output, 2, "numbers.txt:2: not an unsigned 64-bit integer");
}
