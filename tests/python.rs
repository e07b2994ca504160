//! `sumbench python`: the seed's programs run for real beside their Rust counterparts.

use std::process::Command;

use serde_json::Value;

fn sumbench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sumbench"))
}

fn python_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

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
