//! `sumbench python`: the seed's programs run for real beside their Rust counterparts.

use std::io::Read;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use sumbench_app::python::{RustCells, SeedCsvRow};

mod common;

use common::{fake_python, python_available, sumbench};

#[test]
fn the_programs_sum_correctly_and_the_ratios_come_from_the_figures() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    let output = sumbench()
        .args([
            "python",
            "--n",
            "20000",
            "--chunk-size",
            "300",
            "--runs",
            "1",
        ])
        .args([
            "--warmups",
            "0",
            "--tracemalloc",
            "--format",
            "json",
            "--no-save",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["python_version"]
            .as_str()
            .unwrap()
            .starts_with("Python 3")
    );
    assert_eq!(report["baseline"]["correct"], true);
    let baseline_rss = report["baseline"]["max_rss_bytes"].as_i64().unwrap();
    let baseline_ns = report["baseline"]["median_ns"].as_i64().unwrap();
    let rows = report["rows"].as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["seed_strategy"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["list", "generator", "chunks"]);
    for row in rows {
        assert_eq!(row["python"]["correct"], true, "{row}");
        assert_eq!(row["rust_correct"], true, "{row}");
        let python_ns = row["python"]["median_ns"].as_f64().unwrap();
        let rust_ns = row["rust_median_ns"].as_f64().unwrap();
        let ratio = row["time_ratio"].as_f64().unwrap();
        assert!((ratio - python_ns / rust_ns).abs() < 1e-9 * ratio, "{row}");
        let above = row["python_above_baseline_ns"].as_i64().unwrap();
        assert_eq!(above, python_ns as i64 - baseline_ns);
        let rss_above = row["python_rss_above_baseline_bytes"].as_i64().unwrap();
        assert_eq!(
            rss_above,
            row["python"]["max_rss_bytes"].as_i64().unwrap() - baseline_rss
        );
        let rust_rss = row["rust_peak_rss_bytes"].as_f64().unwrap();
        match row["rss_ratio"].as_f64() {
            Some(r) => assert!((r - rss_above.max(0) as f64 / rust_rss).abs() < 1e-9 * r.max(1.0)),
            None => assert_eq!(rust_rss, 0.0, "{row}"),
        }
        // tracemalloc's figure was asked for, and the list holds at least its numbers.
        assert!(
            row["python"]["tracemalloc_peak_bytes"].as_u64().is_some(),
            "{row}"
        );
    }
    let list_heap = rows[0]["python"]["tracemalloc_peak_bytes"]
        .as_u64()
        .unwrap();
    assert!(list_heap >= 20_000 * 8, "{list_heap}");
    assert_eq!(rows[0]["rust_peak_heap_bytes"], 160_000);
}

#[test]
fn a_missing_interpreter_is_one_line_and_exit_2() {
    let reports = tempfile::tempdir().unwrap();
    let output = sumbench()
        .args([
            "python",
            "--python",
            "/no/such/python3",
            "--n",
            "100",
            "--reports-dir",
        ])
        .arg(reports.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot run /no/such/python3"), "{stderr}");
    assert!(stderr.contains("--python PATH"), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_dir(reports.path()).unwrap().count(), 0);
}

/// A fake interpreter that answers `--version` and, given a program, notes that it started
/// (in `<script>.started`) and waits on a `sleep` of its own, which holds its output open.
const ANSWERS_THEN_HANGS: &str = r#"if [ "$1" = "--version" ]; then echo "Python 3.11.0"; exit 0; fi
touch "$0.started"
sleep 1000"#;

/// The environment variable that marks the processes a test starts, so that any left
/// running can be found in /proc, however they are named.
const MARK: &str = "SUMBENCH_TEST_MARK";

/// The pids of the processes whose environment holds `MARK=mark`.
fn marked_processes(mark: &str) -> Vec<u32> {
    let needle = format!("{MARK}={mark}");
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environ| {
                environ
                    .split(|&b| b == 0)
                    .any(|var| var == needle.as_bytes())
            })
        })
        .collect()
}

/// Waits up to `limit` for no marked process to remain (a killed process takes a moment to
/// go); returns those that remain.
fn wait_for_no_marked_processes(mark: &str, limit: Duration) -> Vec<u32> {
    let start = Instant::now();
    loop {
        let left = marked_processes(mark);
        if left.is_empty() || start.elapsed() > limit {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits up to `limit` for `child` to end; kills it and fails the test if it does not.
fn wait_bounded(mut child: Child, limit: Duration) -> (ExitStatus, String) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status, stderr);
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("sumbench was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `sumbench python` with the interpreter `python`, marked with `mark`, its output piped.
fn spawn_python(python: &Path, mark: &str, extra: &[&str]) -> Child {
    sumbench()
        .arg("python")
        .arg("--python")
        .arg(python)
        .args(["--n", "100", "--runs", "1", "--warmups", "0", "--no-save"])
        .args(extra)
        .env(MARK, mark)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn an_interpreter_that_hangs_on_version_is_killed_and_named_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let python = fake_python(dir.path(), "hangs-on-version", "sleep 1000");
    let mark = dir.path().to_str().unwrap();
    let start = Instant::now();
    let (status, stderr) = wait_bounded(spawn_python(&python, mark, &[]), Duration::from_secs(30));
    assert!(start.elapsed() < Duration::from_secs(30));
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(python.to_str().unwrap()), "{stderr}");
    assert!(stderr.contains("--version"), "{stderr}");
    let left = wait_for_no_marked_processes(mark, Duration::from_secs(5));
    assert!(left.is_empty(), "still running: {left:?}");
}

#[test]
fn a_program_past_its_timeout_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let python = fake_python(dir.path(), "hangs-on-programs", ANSWERS_THEN_HANGS);
    let mark = dir.path().to_str().unwrap();
    let start = Instant::now();
    let child = spawn_python(&python, mark, &["--timeout", "2"]);
    let (status, stderr) = wait_bounded(child, Duration::from_secs(30));
    assert!(start.elapsed() >= Duration::from_secs(2), "{stderr}");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // The baseline program runs first.
    assert!(stderr.contains("seed_baseline.py"), "{stderr}");
    assert!(stderr.contains("within 2 s (--timeout)"), "{stderr}");
    // The interpreter script and the sleep it started are both gone.
    assert!(dir.path().join("hangs-on-programs.started").exists());
    let left = wait_for_no_marked_processes(mark, Duration::from_secs(5));
    assert!(left.is_empty(), "still running: {left:?}");
}

#[test]
fn a_timeout_must_be_a_whole_number_of_seconds_of_at_least_1() {
    for bad in ["0", "abc", "-3", "1.5"] {
        let output = sumbench()
            .args(["python", "--python", "/no/such/python3", "--timeout", bad])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!("invalid value '{bad}' for '--timeout")),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_signal_kills_the_program_and_removes_the_programs_folder() {
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let dir = tempfile::tempdir().unwrap();
        let python = fake_python(dir.path(), "hangs-on-programs", ANSWERS_THEN_HANGS);
        let temp = tempfile::tempdir().unwrap();
        let mark = dir.path().to_str().unwrap();
        let mut command = sumbench();
        command
            .arg("python")
            .arg("--python")
            .arg(&python)
            .args(["--n", "100", "--runs", "1", "--warmups", "0", "--no-save"])
            .env(MARK, mark)
            .env("TMPDIR", temp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = command.spawn().unwrap();
        let started = dir.path().join("hangs-on-programs.started");
        let start = Instant::now();
        while !started.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no program started"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // The programs' folder is there while a program runs.
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 1);
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: kill has no memory effects; `pid` is our unreaped child.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let (status, stderr) = wait_bounded(child, Duration::from_secs(20));
        assert_eq!(status.code(), Some(code), "{status:?} {stderr}");
        let left: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let running = wait_for_no_marked_processes(mark, Duration::from_secs(5));
        assert!(running.is_empty(), "still running: {running:?}");
    }
}

#[test]
fn csv_has_the_baseline_and_a_row_per_program_with_headers_from_the_row_struct() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    let output = sumbench()
        .args(["python", "--n", "20000", "--runs", "1", "--warmups", "0"])
        .args(["--format", "csv", "--no-save"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // Written again from the structs, the rows give back the output byte for byte: the
    // header is the structs' fields and nothing was lost on the way.
    let rows: Vec<(SeedCsvRow, RustCells)> = common::csv_round_trip(&output.stdout);
    let names: Vec<&str> = rows.iter().map(|(r, _)| r.seed_strategy.as_str()).collect();
    assert_eq!(names, ["baseline", "list", "generator", "chunks"]);
    let (baseline, baseline_rust) = &rows[0];
    assert!(baseline.python_correct);
    assert_eq!(baseline_rust.rust_strategy, None);
    assert_eq!(baseline_rust.time_ratio, None);
    for (row, rust) in &rows[1..] {
        assert!(row.python_correct, "{row:?}");
        assert_eq!(rust.rust_correct, Some(true), "{rust:?}");
        assert_eq!(
            row.python_above_baseline_ns,
            row.python_median_ns as i64 - baseline.python_median_ns as i64
        );
        assert_eq!(
            row.python_rss_above_baseline_bytes,
            row.python_max_rss_bytes as i64 - baseline.python_max_rss_bytes as i64
        );
        let ratio = rust.time_ratio.unwrap();
        let expected = row.python_median_ns as f64 / rust.rust_median_ns.unwrap() as f64;
        assert!((ratio - expected).abs() < 1e-9 * ratio, "{rust:?}");
        assert_eq!(row.n, 20_000);
    }
}

#[test]
fn a_temporary_folder_that_cannot_be_made_is_named_with_what_it_was_for() {
    if !python_available() {
        eprintln!("skipped: python3 is not on PATH");
        return;
    }
    let root = tempfile::TempDir::new().unwrap();
    let not_a_folder = root.path().join("file");
    std::fs::write(&not_a_folder, "").unwrap();
    let output = sumbench()
        .env("TMPDIR", &not_a_folder)
        .args(["python", "--n", "1000", "--runs", "1", "--no-save"])
        .output()
        .unwrap();
    let line = common::failed_in_one_line(&output, 1, "cannot write the Python programs");
    assert!(line.contains(&not_a_folder.display().to_string()), "{line}");
}
