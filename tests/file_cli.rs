//! The file workload from the command line: the user's file, the generated one, the cache
//! state in every output, and every bad input refused in one line with exit code 2 before
//! anything is measured or written.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

mod common;

use common::input_file as input;

/// `sumbench` quick and saving into `reports`, with `args` after.
fn sumbench(reports: &Path, args: &[&str]) -> Command {
    let mut command = common::assert_sumbench();
    command
        .args(["--runs", "1", "--warmups", "0", "--reports-dir"])
        .arg(reports)
        .args(args);
    command
}

fn json(reports: &Path) -> serde_json::Value {
    common::read_json(&reports.join("latest.json"))
}

#[test]
fn the_users_file_is_summed_by_every_file_strategy() {
    let (_dir, path) = input(b"1\r\n\r\n2\n18446744073709551000\n3");
    let reports = TempDir::new().unwrap();
    let output = sumbench(reports.path(), &["--input", &path])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("warm cache"), "{stdout}");
    for strategy in sumbench_app::workloads::of(sumbench_app::workloads::strategy::Workload::File) {
        assert!(stdout.contains(strategy.name()), "{stdout}");
    }
    assert!(!stdout.contains("WRONG"));
    let report = json(reports.path());
    assert_eq!(report["workload"], "file");
    assert_eq!(report["input_path"], path.as_str());
    assert_eq!(report["input_bytes"], 29);
    assert_eq!(report["cache"], "warm");
    for result in report["results"].as_array().unwrap() {
        assert_eq!(result["sum"], 18_446_744_073_709_551_006u64);
        assert_eq!(result["correct"], true);
        assert_eq!(result["n"], 4);
        assert!(result["mb_per_s"].as_f64().unwrap() > 0.0);
        assert!(result.get("major_faults").is_some() && result.get("read_bytes").is_some());
    }
    let markdown = std::fs::read_to_string(reports.path().join("latest.md")).unwrap();
    assert!(markdown.contains("| major faults | read from storage |"));
}

#[test]
fn an_empty_file_sums_to_zero_and_cold_is_recorded() {
    let (_dir, path) = input(b"");
    let reports = TempDir::new().unwrap();
    sumbench(
        reports.path(),
        &[
            "--input",
            &path,
            "--cold",
            "--strategy",
            "chunked",
            "--format",
            "csv",
        ],
    )
    .assert()
    .success();
    let report = json(reports.path());
    assert_eq!(report["cache"], "cold");
    assert_eq!(report["results"][0]["sum"], 0);
    assert_eq!(report["results"][0]["cache"], "cold");
}

#[test]
fn a_file_strategy_named_alone_runs_the_generated_file() {
    let reports = TempDir::new().unwrap();
    sumbench(reports.path(), &["--strategy", "mmap", "--n", "1000"])
        .assert()
        .success();
    let report = json(reports.path());
    assert_eq!(report["workload"], "file");
    assert_eq!(report["results"][0]["sum"], 499_500);
    assert_eq!(report["results"][0]["peak_bytes"], 0);
    let path = report["input_path"].as_str().unwrap();
    assert!(path.ends_with("sumbench/data/range-1000.txt"), "{path}");
}

/// Runs `sumbench` with `args`: one line naming `message`, exit 2, nothing written.
fn rejects(args: &[&str], message: &str) {
    let reports = TempDir::new().unwrap();
    let command = sumbench(reports.path(), args);
    common::refused_without_writing(command, reports.path(), args, message);
}

#[test]
fn bad_files_and_options_are_refused_in_one_line() {
    let (dir, bad) = input(b"1\n2\nthree\n");
    rejects(
        &["--input", &bad],
        &format!("{bad}:3: not an unsigned 64-bit integer: \"three\""),
    );
    let (_over, overflow) = input(format!("{}\n1\n", u64::MAX).as_bytes());
    rejects(
        &["--input", &overflow],
        &format!("{overflow}:2: the sum of the numbers does not fit in a u64"),
    );
    let missing = dir.path().join("absent.txt").display().to_string();
    rejects(&["--input", &missing], &format!("{missing}: No such file"));
    let folder = dir.path().display().to_string();
    rejects(&["--input", &folder], "is a directory");
    rejects(&["--cold"], "--cold");
    rejects(
        &["--workload", "file", "--opaque"],
        "--opaque applies to the range",
    );
    rejects(
        &["--input", &bad, "--workload", "range"],
        "--input is read by the file",
    );
    rejects(
        &["--workload", "file", "--strategy", "vec"],
        "'vec' belongs to the range workload",
    );
    rejects(
        &["--workload", "file", "--n", "6074001001"],
        "does not fit in a u64",
    );
}

#[test]
fn an_unreadable_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = input(b"1\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, which reads a file of mode 000");
        return;
    }
    rejects(&["--input", &path], "Permission denied");
}

#[test]
fn the_timeline_records_a_file_strategy() {
    let reports = TempDir::new().unwrap();
    common::assert_sumbench()
        .args([
            "timeline",
            "--workload",
            "file",
            "--n",
            "200000",
            "--strategy",
            "mmap",
        ])
        .arg("--reports-dir")
        .arg(reports.path())
        .assert()
        .success();
    let dir = reports.path().join("timeline-selection");
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["workload"], "file");
    let phases = std::fs::read_to_string(dir.join("phases.json")).unwrap();
    assert!(phases.contains("map and parse"), "{phases}");
    assert!(dir.join("mmap.svg").is_file());
}

#[test]
fn a_generated_file_too_large_to_read_whole_is_refused_before_it_is_written() {
    let target = TempDir::new().unwrap();
    let reports = TempDir::new().unwrap();
    let output = sumbench(
        reports.path(),
        &["--workload", "file", "--n", "3_000_000_000", "--no-save"],
    )
    .env("CARGO_TARGET_DIR", target.path())
    .assert()
    .code(2)
    .get_output()
    .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // The text, 29.7 GiB, and one u64 per line, 22.4 GiB (and the path, for opening it).
    assert!(
        stderr.starts_with("error: strategy 'read_all' needs 52.1 GiB (55,888,888,9"),
        "{stderr}"
    );
    assert!(
        stderr.contains("range-3000000000.txt (29.7 GiB)"),
        "{stderr}"
    );
    let data = target.path().join("sumbench/data");
    let written: Vec<_> = std::fs::read_dir(&data)
        .map(|entries| entries.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        written.is_empty(),
        "written before the refusal: {written:?}"
    );
}

#[test]
fn a_temporary_left_by_a_killed_writer_is_removed_by_the_next() {
    let target = TempDir::new().unwrap();
    let data = target.path().join("sumbench/data");
    std::fs::create_dir_all(&data).unwrap();
    let stale = data.join(".sumbench-tmp-killed");
    std::fs::write(&stale, b"0\n1\n2\n").unwrap();
    let reports = TempDir::new().unwrap();
    sumbench(
        reports.path(),
        &[
            "--workload",
            "file",
            "--n",
            "100",
            "--strategy",
            "chunked",
            "--no-save",
        ],
    )
    .env("CARGO_TARGET_DIR", target.path())
    .assert()
    .success();
    assert!(!stale.exists(), "the stale temporary is still there");
    assert_eq!(
        std::fs::read(data.join("range-100.txt")).unwrap().len(),
        290
    );
}

/// The generated file's run: `--n` values, one strategy, nothing saved, in `target`.
fn generated_run(target: &Path, n: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sumbench"));
    command
        .env("CARGO_TARGET_DIR", target)
        .args(["--workload", "file", "--n", n, "--strategy", "chunked"])
        .args(["--runs", "1", "--warmups", "0", "--no-save"]);
    command
}

#[test]
fn a_generated_file_edited_in_place_is_written_again() {
    let target = TempDir::new().unwrap();
    let reports = TempDir::new().unwrap();
    let run = || {
        sumbench(
            reports.path(),
            &["--workload", "file", "--n", "100", "--strategy", "chunked"],
        )
        .env("CARGO_TARGET_DIR", target.path())
        .assert()
        .success()
    };
    run();
    let path = target.path().join("sumbench/data/range-100.txt");
    let mut text = std::fs::read(&path).unwrap();
    // The same size, a different sum.
    text[0] = b'7';
    std::fs::write(&path, &text).unwrap();
    run();
    assert_eq!(
        std::fs::read(&path).unwrap()[0],
        b'0',
        "the edited file was kept"
    );
    assert_eq!(json(reports.path())["results"][0]["sum"], 4950);
}

#[test]
fn a_signal_while_the_file_is_generated_leaves_no_temporary() {
    use std::os::unix::process::ExitStatusExt;
    let target = TempDir::new().unwrap();
    // ~890 MB: long enough to be stopped part way.
    let mut child = generated_run(target.path(), "100000000")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let data = target.path().join("sumbench/data");
    let started = std::time::Instant::now();
    while !data.is_dir() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: signalling a child of ours by its pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    if status.success() {
        eprintln!("skipped: the file was written before the signal arrived");
        return;
    }
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    let left: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
