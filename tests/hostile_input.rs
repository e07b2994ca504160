//! Inputs a hostile or unlucky user gives: devices, FIFOs, endless and sparse files, one
//! very long line, a file that shrinks or is rewritten during the run, odd numbers and
//! repeated names. Each ends in a clear line and the right exit code, never a panic, a
//! hang, a signal, or a wrong answer that exits 0.

use std::fs;
use std::io::{Seek, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

mod common;

fn sumbench(root: &Path) -> Command {
    let mut command = common::sumbench_with_target(&root.join("target"));
    command.current_dir(root);
    command
}

/// Runs `command`, killing it after `limit`: a hang is a failure, not a stuck test.
fn output_within(command: &mut Command, limit: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(limit);
        // SAFETY: a plain kill; if the child already ended and was reaped the pid may
        // name nothing, and the call fails harmlessly.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    });
    let output = child.wait_with_output().unwrap();
    drop(watchdog);
    assert!(
        output.status.code().is_some(),
        "killed after {limit:?} or by a signal: {output:?}"
    );
    output
}

/// Exit code 2 and one line on stderr that contains `message`.
fn refused(output: &Output, message: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
}

const QUICK: Duration = Duration::from_secs(30);

#[test]
fn devices_fifos_and_sockets_are_refused_from_their_stat_without_blocking() {
    let root = TempDir::new().unwrap();
    let fifo = root.path().join("numbers.fifo");
    let path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    let socket_path = root.path().join("numbers.sock");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    for (input, what) in [
        (fifo.as_path(), "FIFO"),
        (socket_path.as_path(), "socket"),
        (Path::new("/dev/zero"), "character device"),
        (Path::new("/dev/null"), "character device"),
    ] {
        for list in [false, true] {
            let mut command = sumbench(root.path());
            command.arg("--input").arg(input).arg("--no-save");
            if list {
                command.arg("--list");
            }
            let output = output_within(&mut command, QUICK);
            refused(&output, what);
            // The system's message is said once.
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.matches("os error").count() <= 1, "{stderr}");
        }
    }
}

#[test]
fn an_endless_line_is_refused_at_the_line_limit() {
    let root = TempDir::new().unwrap();
    let sparse = root.path().join("sparse.txt");
    // 50 GB of zero bytes that take no disk: one line with no end in sight.
    fs::File::create(&sparse)
        .unwrap()
        .set_len(50 << 30)
        .unwrap();
    let output = output_within(sumbench(root.path()).arg("--input").arg(&sparse), QUICK);
    refused(
        &output,
        "sparse.txt:1: the line is longer than 16,777,216 bytes",
    );
}

/// 100,000 short lines and one 1.5 MB zero-padded line at the end: the first newline after
/// the middle of the mapping is its last byte.
#[test]
fn one_very_long_line_is_summed_by_every_file_strategy() {
    let root = TempDir::new().unwrap();
    let path = root.path().join("long.txt");
    let mut text = String::new();
    for i in 0..100_000u64 {
        text.push_str(&format!("{}\n", i % 10));
    }
    text.push_str(&"0".repeat(1_500_000));
    text.push_str("7\n");
    fs::write(&path, &text).unwrap();
    let output = output_within(
        sumbench(root.path()).arg("--input").arg(&path).args([
            "--runs",
            "1",
            "--warmups",
            "0",
            "--format",
            "json",
            "--no-save",
        ]),
        Duration::from_secs(120),
    );
    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = (0..100_000u64).map(|i| i % 10).sum::<u64>() + 7;
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for result in results {
        assert_eq!(result["sum"], expected, "{}", result["strategy"]);
        assert_eq!(result["correct"], true);
    }
}

/// Starts a long run over `path` with `strategy`, its reports in their default folder.
fn long_run(root: &Path, path: &Path, strategy: &str, runs: &str) -> Child {
    sumbench(root)
        .arg("--input")
        .arg(path)
        .args(["--strategy", strategy, "--runs", runs, "--warmups", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Calls `change` every 20 ms until `child` ends (at most 60 s), and returns its output.
fn change_until_done(mut child: Child, mut change: impl FnMut()) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        change();
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

/// Whether a child process of `parent` (a worker) has `path` mapped.
fn mapped_by_a_child(parent: u32, path: &Path) -> bool {
    let children =
        fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).unwrap_or_default();
    children.split_whitespace().any(|pid| {
        fs::read_to_string(format!("/proc/{pid}/maps"))
            .is_ok_and(|maps| maps.contains(path.to_str().unwrap()))
    })
}

/// A quick run that leaves a whole report set in its default folder; returns its run id.
fn previous_reports(root: &Path) -> String {
    let output = sumbench(root)
        .args(["--n", "1000", "--runs", "1", "--strategy", "vec"])
        .output()
        .unwrap();
    assert!(output.status.success());
    run_id(root)
}

fn run_id(root: &Path) -> String {
    common::run_id(&root.join("target/sumbench/reports/latest.json"))
}

fn failed_in_one_line(status: ExitStatus, stderr: &[u8], messages: &[&str]) {
    let stderr = String::from_utf8_lossy(stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(1), "{status:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        messages.iter().any(|m| stderr.contains(m)),
        "{stderr}: none of {messages:?}"
    );
}

#[test]
fn a_mapped_file_that_shrinks_ends_the_run_in_one_line_and_keeps_the_reports() {
    let root = TempDir::new().unwrap();
    let before = previous_reports(root.path());
    let path = root.path().join("numbers.txt");
    fs::write(&path, "12345678\n".repeat(500_000)).unwrap();
    for strategy in ["mmap", "mmap_parallel"] {
        fs::write(&path, "12345678\n".repeat(500_000)).unwrap();
        let child = long_run(root.path(), &path, strategy, "100000");
        // Truncated once the run has the file mapped, that is, once it is measuring: in
        // the strategy's worker process, a child of the run.
        let parent = child.id();
        let mut truncated = false;
        let output = change_until_done(child, || {
            let mapped = mapped_by_a_child(parent, &path);
            if mapped && !truncated {
                fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .unwrap()
                    .set_len(1_000)
                    .unwrap();
                truncated = true;
            }
        });
        // During a call the mapping faults; between calls the size check sees it first.
        failed_in_one_line(
            output.status,
            &output.stderr,
            &["changed size while mapped", "changed during the run"],
        );
        assert_eq!(run_id(root.path()), before, "{strategy}");
    }
}

#[test]
fn a_file_that_grows_during_the_run_is_named_as_the_cause() {
    let root = TempDir::new().unwrap();
    let before = previous_reports(root.path());
    let path = root.path().join("numbers.txt");
    fs::write(&path, "1\n".repeat(20_000)).unwrap();
    let child = long_run(root.path(), &path, "chunked", "100000");
    let output = change_until_done(child, || {
        let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"3\n").unwrap();
    });
    failed_in_one_line(
        output.status,
        &output.stderr,
        &["numbers.txt changed during the run (its size went from"],
    );
    assert_eq!(run_id(root.path()), before);
}

/// Rewritten in place with other digits, the same size and its modification time put
/// back: nothing a `stat` sees changes, so only the sums show it, and a wrong sum must
/// fail the run.
#[test]
fn a_wrong_sum_fails_the_run_and_saves_nothing() {
    let root = TempDir::new().unwrap();
    let before = previous_reports(root.path());
    let path = root.path().join("numbers.txt");
    fs::write(&path, "1\n".repeat(20_000)).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let child = long_run(root.path(), &path, "chunked", "2000");
    let mut ones = false;
    let output = change_until_done(child, || {
        let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.rewind().unwrap();
        let digit = if ones { "1\n" } else { "2\n" };
        file.write_all(digit.repeat(20_000).as_bytes()).unwrap();
        file.set_modified(modified).unwrap();
        ones = !ones;
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // A stat taken between a write and the restored time may see the change first.
    assert!(
        stderr.contains("wrong sum: chunked returned") || stderr.contains("changed during"),
        "{stderr}"
    );
    assert_eq!(run_id(root.path()), before);
}

#[test]
fn messages_name_the_option_and_quote_the_exact_bytes() {
    let root = TempDir::new().unwrap();
    let output = output_within(
        sumbench(root.path()).args([
            "--workload",
            "file",
            "--n",
            "1000",
            "--chunk-size",
            "18446744073709551615",
        ]),
        QUICK,
    );
    refused(&output, "choose a smaller --chunk-size");

    let bad = root.path().join("bad.txt");
    fs::write(&bad, b"1\n2\r\r\n3\n").unwrap();
    let output = output_within(sumbench(root.path()).arg("--input").arg(&bad), QUICK);
    refused(
        &output,
        r#"bad.txt:2: not an unsigned 64-bit integer: "2\r\r""#,
    );

    let dangling = root.path().join("dangling");
    std::os::unix::fs::symlink(root.path().join("missing"), &dangling).unwrap();
    let output = output_within(
        sumbench(root.path())
            .args(["--n", "1000", "--reports-dir"])
            .arg(&dangling),
        QUICK,
    );
    refused(&output, "is a symbolic link");
    assert!(!root.path().join("missing").exists());
}

#[test]
fn a_strategy_named_twice_is_measured_once() {
    let root = TempDir::new().unwrap();
    let output = output_within(
        sumbench(root.path()).args([
            "--n",
            "1000",
            "--runs",
            "1",
            "--strategy",
            "vec",
            "--strategy",
            "vec",
            "--format",
            "json",
            "--no-save",
        ]),
        QUICK,
    );
    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["results"].as_array().unwrap().len(), 1);
}

#[test]
fn help_and_version_into_a_full_device_fail_in_one_line() {
    let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    for flag in ["--help", "--version"] {
        let output = common::sumbench()
            .arg(flag)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{flag}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write to standard output"),
            "{stderr}"
        );
    }
}

#[test]
fn a_full_stderr_and_odd_bytes_in_names_keep_errors_to_one_line_and_the_right_code() {
    let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let root = TempDir::new().unwrap();
    let output = sumbench(root.path())
        .args(["--n", "x"])
        .stderr(full.try_clone().unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = sumbench(root.path())
        .args(["--n", "1000", "--runs", "1", "--no-save", "--format", "csv"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));

    let output = output_within(sumbench(root.path()).args(["--input", "no\nfile"]), QUICK);
    refused(&output, "no\\nfile");
}

#[test]
fn python_refuses_counts_it_cannot_keep_before_running_anything() {
    let root = TempDir::new().unwrap();
    for (args, message) in [
        (&["--runs", "4294967295"][..], "--runs"),
        (&["--chunk-size", "9223372036854775808"][..], "sys.maxsize"),
    ] {
        let output = output_within(
            sumbench(root.path())
                .arg("python")
                .args(["--n", "10"])
                .args(args),
            QUICK,
        );
        refused(&output, message);
    }
}
