//! The command line under adversarial use: closed and full outputs, counts too large for
//! memory, partial timelines, zero warm-ups, concurrent and killed runs.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

mod common;

use common::sumbench;

/// A quick run of two strategies whose reports go to `reports`.
fn quick(reports: &Path) -> Command {
    let mut command = sumbench();
    command
        .args(["--n", "1000", "--runs", "1", "--strategy", "vec"])
        .args(["--strategy", "lazy", "--reports-dir"])
        .arg(reports);
    command
}

fn assert_no_panic(output: &Output) {
    common::stderr(output);
}

/// The run id in `latest.json` and the one in `latest.md`.
fn run_ids(reports: &Path) -> (String, String) {
    let md_id = common::md_run_id(&reports.join("latest.md")).unwrap_or_default();
    (common::run_id(&reports.join("latest.json")), md_id)
}

/// Every file below `dir` whose name marks it as left over by a write.
fn strays(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            found.extend(strays(&entry.path()));
        } else if name.starts_with(".sumbench-") {
            found.push(name);
        }
    }
    found
}

#[test]
fn a_closed_stdout_is_a_normal_end_and_the_run_is_saved() {
    for args in [&[][..], &["timeline"][..]] {
        let reports = TempDir::new().unwrap();
        let mut command = sumbench();
        command
            .args(args)
            .args(["--n", "1000", "--strategy", "vec", "--reports-dir"])
            .arg(reports.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        // Close the reading end before the program writes: like `sumbench | head -0`.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        let saved = if args.is_empty() {
            reports.path().join("latest.json")
        } else {
            reports.path().join("timeline-selection/vec.svg")
        };
        assert!(saved.is_file(), "{args:?}: nothing saved");
    }
}

#[test]
fn a_full_stdout_is_a_one_line_error_after_saving() {
    let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let reports = TempDir::new().unwrap();
    let output = quick(reports.path()).stdout(full).output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output"),
        "{stderr}"
    );
    assert!(reports.path().join("latest.md").is_file());
}

#[test]
fn counts_that_size_a_buffer_are_checked_against_memory() {
    for args in [
        &["timeline", "--max-events", "18446744073709551615"][..],
        &["timeline", "--max-events", "1099511627776"][..],
        &["--runs", "4294967295", "--n", "0", "--strategy", "lazy"][..],
    ] {
        let reports = TempDir::new().unwrap();
        let output = sumbench()
            .args(args)
            .arg("--reports-dir")
            .arg(reports.path())
            .output()
            .unwrap();
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("of memory to keep its results"), "{stderr}");
        assert_eq!(fs::read_dir(reports.path()).unwrap().count(), 0);
    }
    // Bounds that overflow say so instead of wrapping.
    let output = sumbench()
        .args(["--list", "--n", "18446744073709551615"])
        .output()
        .unwrap();
    assert_no_panic(&output);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let vec_line = stdout.lines().find(|l| l.starts_with("vec ")).unwrap();
    assert!(vec_line.contains("does not fit"), "{vec_line}");
}

#[test]
fn a_filtered_timeline_leaves_the_full_set_alone() {
    let reports = TempDir::new().unwrap();
    let timeline = |args: &[&str]| {
        let output = sumbench()
            .args(["timeline", "--reports-dir"])
            .arg(reports.path())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    timeline(&["--n", "20000"]);
    let full = reports.path().join("timeline");
    let before = fs::read_to_string(full.join("run.json")).unwrap();
    let phases_before = fs::read_to_string(full.join("phases.json")).unwrap();

    timeline(&["--strategy", "vec", "--n", "30000"]);
    assert_eq!(fs::read_to_string(full.join("run.json")).unwrap(), before);
    assert_eq!(
        fs::read_to_string(full.join("phases.json")).unwrap(),
        phases_before
    );
    let selection = reports.path().join("timeline-selection");
    let run: Value =
        serde_json::from_str(&fs::read_to_string(selection.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["n"], 30_000);
    assert_eq!(run["strategies"], serde_json::json!(["vec"]));

    // A second selection replaces the first whole: no file of the old one stays.
    timeline(&["--strategy", "lazy", "--n", "20000"]);
    assert!(!selection.join("vec.svg").exists());
    assert!(selection.join("lazy.csv").is_file());
}

#[test]
fn zero_warmups_report_the_steady_state_memory() {
    let figures = |warmups: &str| -> Vec<(String, u64)> {
        let output = sumbench()
            .args(["--n", "1000000", "--runs", "1", "--warmups", warmups])
            .args(["--strategy", "rayon_collect", "--strategy", "rayon_sum"])
            .args(["--format", "json", "--no-save"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["strategy"].as_str().unwrap().to_owned(),
                    r["peak_bytes"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // The steady state is the data alone, plus at most the scheduler's allowance when a
    // busy machine makes rayon steal more (a queue block); the pool's start-up (19,080 B
    // here) is larger than that allowance, so it cannot hide in it.
    let allowance = sumbench_app::workloads::strategy::RAYON_SCHEDULER_BYTES;
    for warmups in ["0", "2"] {
        let got = figures(warmups);
        assert_eq!(got[0].0, "rayon_collect");
        assert!(
            (8_000_000..=8_000_000 + allowance).contains(&got[0].1),
            "--warmups {warmups}: {got:?}"
        );
        assert_eq!(got[1].0, "rayon_sum");
        assert!(got[1].1 <= allowance, "--warmups {warmups}: {got:?}");
    }
}

#[test]
fn concurrent_runs_leave_one_runs_set() {
    let reports = TempDir::new().unwrap();
    for _ in 0..5 {
        let children: Vec<_> = (0..2)
            .map(|_| quick(reports.path()).stdout(Stdio::null()).spawn().unwrap())
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        let (json_id, md_id) = run_ids(reports.path());
        assert_eq!(json_id, md_id);
        assert!(strays(reports.path()).is_empty());
    }
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(reports.path().join("latest.json"))
            .unwrap()
            .permissions()
            .mode()
    };
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn a_run_killed_between_renames_is_completed_by_the_next() {
    let reports = TempDir::new().unwrap();
    assert!(quick(reports.path()).output().unwrap().status.success());
    let first = run_ids(reports.path());

    // Killed after renaming latest.json, before latest.md.
    let output = quick(reports.path())
        .env(sumbench_page::fileset::FAULT_VAR, "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let (json_id, md_id) = run_ids(reports.path());
    assert_ne!(json_id, first.0, "the first file was replaced");
    assert_eq!(md_id, first.1, "the second was not");
    assert!(reports.path().join(".sumbench-journal").is_file());

    // The next write into the directory finishes the killed set first, then writes its own.
    assert!(quick(reports.path()).output().unwrap().status.success());
    let (json_id, md_id) = run_ids(reports.path());
    assert_eq!(json_id, md_id);
    assert!(
        strays(reports.path()).is_empty(),
        "{:?}",
        strays(reports.path())
    );
}

#[test]
fn output_paths_are_checked_before_measuring() {
    for (taken, message) in [
        ("latest.json", "latest.json is not a file"),
        (".sumbench-journal", ".sumbench-journal is not a file"),
    ] {
        let reports = TempDir::new().unwrap();
        fs::create_dir(reports.path().join(taken)).unwrap();
        let output = sumbench()
            .args(["--n", "1000", "--runs", "1", "--reports-dir"])
            .arg(reports.path())
            .output()
            .unwrap();
        assert!(output.stdout.is_empty(), "measured before refusing");
        common::failed_in_one_line(&output, 2, message);
    }
}

#[test]
fn a_file_where_a_folder_belongs_is_named_and_its_error_said_once() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    fs::write(&target, "").unwrap();
    let output = sumbench()
        .env("CARGO_TARGET_DIR", &target)
        .args(["--workload", "file", "--n", "100", "--runs", "1"])
        .args(["--strategy", "chunked", "--no-save"])
        .output()
        .unwrap();
    let first = common::failed_in_one_line(&output, 1, "is a file, where a directory is expected");
    assert!(first.contains(&target.display().to_string()), "{first}");
    let output = sumbench()
        .args(["--n", "100", "--runs", "1", "--reports-dir"])
        .arg(target.join("reports"))
        .output()
        .unwrap();
    let second = common::failed_in_one_line(&output, 2, "is a file, where a directory is expected");
    // No cause is said twice along the chain.
    for line in [first, second] {
        let causes: Vec<&str> = line.trim_end().split(": ").collect();
        let unique: std::collections::BTreeSet<&str> = causes.iter().copied().collect();
        assert_eq!(causes.len(), unique.len(), "said twice: {line}");
    }
}
