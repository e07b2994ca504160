//! Nothing outside the reports directory and `target/sumbench/` is written or deleted:
//! journals left by killed runs, links where report folders belong, baselines that cannot
//! be saved, a memory gate that compared nothing, stray temporaries, a full disk.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

mod common;

use common::{run_id, stderr, sumbench_with_target as sumbench};

fn md_run_id(path: &Path) -> String {
    common::md_run_id(path).unwrap()
}

/// A quick run of two strategies with its reports in `reports` (relative to `cwd`).
fn quick(cwd: &Path, target: &Path, reports: &str) -> Command {
    let mut command = sumbench(target);
    command
        .current_dir(cwd)
        .args(["--n", "1000", "--runs", "1", "--warmups", "0"])
        .args([
            "--strategy",
            "vec",
            "--strategy",
            "lazy",
            "--reports-dir",
            reports,
        ]);
    command
}

#[test]
fn a_journal_is_completed_in_its_own_folder_whatever_the_working_directory() {
    let root = TempDir::new().unwrap();
    let (first, second) = (root.path().join("first"), root.path().join("second"));
    fs::create_dir_all(second.join("rep")).unwrap();
    fs::create_dir_all(&first).unwrap();
    let target = root.path().join("target");
    // A file of the user's, where the old journal's cwd-relative path would point.
    fs::write(second.join("rep/latest.md"), "the user's notes").unwrap();

    // Killed after renaming latest.json, before latest.md: a journal is left in first/rep.
    let killed = quick(&first, &target, "rep")
        .env(sumbench_page::fileset::FAULT_VAR, "1")
        .output()
        .unwrap();
    assert!(!killed.status.success());
    assert!(first.join("rep/.sumbench-journal").is_file());

    // The next run into first/rep, from the other folder.
    let output = quick(&second, &target, "../first/rep").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(second.join("rep/latest.md")).unwrap(),
        "the user's notes"
    );
    let reports = first.join("rep");
    assert_eq!(
        run_id(&reports.join("latest.json")),
        md_run_id(&reports.join("latest.md"))
    );
    assert!(!reports.join(".sumbench-journal").exists());
}

#[test]
fn a_journal_that_cannot_be_completed_is_discarded_with_a_warning() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let reports = root.path().join("reports");
    fs::create_dir_all(reports.join("old.md")).unwrap();
    fs::write(reports.join(".sumbench-tmp-x"), "pending").unwrap();
    fs::write(outside(&root), "keep").unwrap();
    fs::write(
        reports.join(".sumbench-journal"),
        format!(
            ".sumbench-tmp-x\told.md\n.sumbench-tmp-x\t../outside.md\n.sumbench-tmp-x\t{}\n",
            outside(&root).display()
        ),
    )
    .unwrap();
    for round in 0..2 {
        let output = quick(root.path(), &target, "reports")
            .arg("--save-baseline")
            .arg("good")
            .output()
            .unwrap();
        let text = stderr(&output);
        assert!(output.status.success(), "round {round}: {text}");
        assert_eq!(text.contains("warning: discarded"), round == 0, "{text}");
    }
    assert_eq!(fs::read_to_string(outside(&root)).unwrap(), "keep");
    assert!(!reports.join(".sumbench-journal").exists());
    assert!(!reports.join(".sumbench-tmp-x").exists());
}

fn outside(root: &TempDir) -> std::path::PathBuf {
    root.path().join("outside.md")
}

#[test]
fn a_baseline_name_too_long_for_a_file_is_refused_before_measuring() {
    let root = TempDir::new().unwrap();
    let name = "b".repeat(5_000);
    let output = quick(root.path(), &root.path().join("target"), "reports")
        .args(["--save-baseline", &name])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "measured before refusing");
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("too long"), "{text}");
    // The longest name that fits is saved.
    let name = "b".repeat(243);
    let output = quick(root.path(), &root.path().join("target"), "reports")
        .args(["--save-baseline", &name])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_baseline_folder_that_cannot_be_written_is_refused_before_measuring() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    fs::create_dir_all(target.join("sumbench")).unwrap();
    fs::write(target.join("sumbench/baselines"), "a file, not a folder").unwrap();
    let output = quick(root.path(), &target, "reports")
        .args(["--save-baseline", "b"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "measured before refusing");
    assert!(!root.path().join("reports/latest.json").exists());
}

#[test]
fn a_memory_gate_that_compared_nothing_fails() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let base = sumbench(&target)
        .current_dir(root.path())
        .args(["--n", "1000", "--runs", "1", "--strategy", "vec"])
        .args(["--no-save", "--save-baseline", "only-vec"])
        .output()
        .unwrap();
    assert!(base.status.success(), "{}", stderr(&base));
    let output = sumbench(&target)
        .current_dir(root.path())
        .args([
            "--n",
            "1000",
            "--runs",
            "1",
            "--strategy",
            "lazy",
            "--no-save",
        ])
        .args(["--baseline", "only-vec", "--max-memory-growth", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("nothing was compared"), "{text}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("gate passed"));
}

#[test]
fn a_linked_timeline_folder_is_refused_and_what_it_points_to_kept() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let elsewhere = root.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("vec.svg"), "the user's").unwrap();
    fs::write(elsewhere.join("thesis.md"), "the user's").unwrap();
    let reports = root.path().join("reports");
    fs::create_dir_all(&reports).unwrap();
    symlink(&elsewhere, reports.join("timeline-selection")).unwrap();
    let output = sumbench(&target)
        .args([
            "timeline",
            "--n",
            "1000",
            "--strategy",
            "vec",
            "--reports-dir",
        ])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("symbolic link"), "{text}");
    let mut names: Vec<_> = fs::read_dir(&elsewhere)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["thesis.md", "vec.svg"]);
    assert_eq!(
        fs::read_to_string(elsewhere.join("vec.svg")).unwrap(),
        "the user's"
    );

    // A reports directory that is itself a link is refused too, before measuring.
    let linked = root.path().join("linked-reports");
    symlink(&elsewhere, &linked).unwrap();
    let output = quick(root.path(), &target, "linked-reports")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(!elsewhere.join("latest.json").exists());
}

#[test]
fn a_timeline_removes_only_the_files_its_previous_run_wrote() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let reports = root.path().join("reports");
    let timeline = |strategy: &str| {
        let output = sumbench(&target)
            .args(["timeline", "--n", "1000", "--strategy", strategy])
            .arg("--reports-dir")
            .arg(&reports)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    };
    timeline("vec");
    let folder = reports.join("timeline-selection");
    fs::write(folder.join("notes.md"), "the user's").unwrap();
    assert!(folder.join("vec.csv").is_file());
    timeline("chunks_collected");
    assert!(
        !folder.join("vec.csv").exists(),
        "the previous run's file is left"
    );
    assert!(folder.join("chunks_collected.csv").is_file());
    assert_eq!(
        fs::read_to_string(folder.join("notes.md")).unwrap(),
        "the user's"
    );
}

#[test]
fn a_write_that_fails_midway_leaves_no_temporaries_and_the_old_set_whole() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let first = quick(root.path(), &target, "reports").output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let reports = root.path().join("reports");
    let before = run_id(&reports.join("latest.json"));

    // A file-size limit stands in for a full disk: the second report file cannot be
    // written whole (EFBIG, as ENOSPC would).
    let mut command = quick(root.path(), &target, "reports");
    limit_file_size(&mut command, 4_096);
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let mut names: Vec<_> = fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".sumbench"))
        .collect();
    names.sort();
    assert!(names.is_empty(), "left behind: {names:?}");
    assert_eq!(run_id(&reports.join("latest.json")), before);
    assert_eq!(md_run_id(&reports.join("latest.md")), before);
}

/// Sets `RLIMIT_FSIZE` in the child, with `SIGXFSZ` ignored so that a write past it fails
/// with `EFBIG` instead of killing the process.
fn limit_file_size(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[test]
fn a_stale_temporary_of_the_data_folder_is_removed_when_the_file_is_reused() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let run = || {
        sumbench(&target)
            .args([
                "--n",
                "1000",
                "--runs",
                "1",
                "--strategy",
                "chunked",
                "--no-save",
            ])
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    let data = target.join("sumbench/data");
    assert!(data.join("range-1000.txt").is_file());
    let stale = data.join(".sumbench-tmp-killed");
    fs::write(&stale, "0\n1\n").unwrap();
    let output = run();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stale.exists(), "the stale temporary is still there");
}

#[test]
fn a_run_killed_between_renames_by_a_signal_is_completed_from_another_folder() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("skipped: strace is not installed (apt-get install strace)");
        return;
    }
    let root = TempDir::new().unwrap();
    let (first, second) = (root.path().join("first"), root.path().join("second"));
    fs::create_dir_all(&first).unwrap();
    fs::create_dir_all(&second).unwrap();
    let target = root.path().join("target");
    // The second rename(2) of the process is the first report file's: SIGKILL there, with
    // no hook in the binary (the journal's own rename goes through renameat).
    let mut command = Command::new("strace");
    command
        .current_dir(&first)
        .env("CARGO_TARGET_DIR", &target)
        .args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", "inject=rename:signal=SIGKILL:when=2"])
        .arg(env!("CARGO_BIN_EXE_sumbench"))
        .args([
            "--n",
            "1000",
            "--runs",
            "1",
            "--warmups",
            "0",
            "--strategy",
            "vec",
        ])
        .args(["--reports-dir", "rep"]);
    let killed = command.output().unwrap();
    assert!(!killed.status.success());
    if !first.join("rep/.sumbench-journal").is_file() {
        eprintln!("skipped: strace could not inject the signal here");
        return;
    }
    let output = quick(&second, &target, "../first/rep").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!second.join("rep").exists(), "wrote into the other folder");
    let reports = first.join("rep");
    assert_eq!(
        run_id(&reports.join("latest.json")),
        md_run_id(&reports.join("latest.md"))
    );
}

#[test]
fn a_link_where_sumbench_keeps_its_own_folders_is_refused() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let outside = root.path().join("outside");
    fs::create_dir_all(outside.join("data")).unwrap();
    fs::write(outside.join("data/.sumbench-tmp-keep"), "the user's").unwrap();
    fs::create_dir_all(&target).unwrap();
    symlink(&outside, target.join("sumbench")).unwrap();
    let output = sumbench(&target)
        .args([
            "--workload",
            "file",
            "--n",
            "1000",
            "--runs",
            "1",
            "--no-save",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    let output = quick(root.path(), &target, "reports")
        .args(["--save-baseline", "b"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let mut names: Vec<_> = fs::read_dir(&outside)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["data"]);
    assert!(outside.join("data/.sumbench-tmp-keep").is_file());
    assert!(!outside.join("data/range-1000.txt").exists());
}

#[test]
fn a_baseline_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let root = TempDir::new().unwrap();
    let target = root.path().join("target");
    let folder = target.join("sumbench/baselines");
    fs::create_dir_all(&folder).unwrap();
    let fifo =
        std::ffi::CString::new(folder.join("fifo.json").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    symlink("/dev/zero", folder.join("zero.json")).unwrap();
    fs::write(root.path().join("elsewhere.json"), "{}").unwrap();
    symlink(root.path().join("elsewhere.json"), folder.join("link.json")).unwrap();
    for (name, message) in [
        ("fifo", "not a regular file"),
        ("zero", "symbolic link"),
        ("link", "symbolic link"),
    ] {
        let output = quick(root.path(), &target, "reports")
            .args(["--baseline", name])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(message),
            "{name}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn an_empty_target_dir_variable_means_target_as_for_cargo() {
    let root = TempDir::new().unwrap();
    let output = common::sumbench()
        .current_dir(root.path())
        .env("CARGO_TARGET_DIR", "")
        .args([
            "--n",
            "1000",
            "--runs",
            "1",
            "--no-save",
            "--strategy",
            "lazy",
        ])
        .args(["--save-baseline", "b"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        root.path()
            .join("target/sumbench/baselines/b.json")
            .is_file()
    );
    assert!(!root.path().join("sumbench").exists());
}

#[test]
fn a_held_lock_is_said_not_waited_on_in_silence() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    let root = TempDir::new().unwrap();
    let reports = root.path().join("reports");
    fs::create_dir_all(&reports).unwrap();
    let held = fs::File::open(&reports).unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);
    let mut child = quick(root.path(), &root.path().join("target"), "reports")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let mut said = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&said).contains('\n') && pipe.read(&mut byte).unwrap() == 1 {
        said.push(byte[0]);
    }
    let said = String::from_utf8_lossy(&said).into_owned();
    assert!(said.contains("waiting for another sumbench run"), "{said}");
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        run_id(&reports.join("latest.json")),
        md_run_id(&reports.join("latest.md"))
    );
}

/// The `n` a chart of the trade-off shows in its caption, `"1,000"` or `"1,001"`.
fn chart_n(path: &Path) -> Vec<String> {
    let svg = fs::read_to_string(path).unwrap();
    let mut seen: Vec<String> = ["1,000", "1,001"]
        .into_iter()
        .filter(|n| svg.contains(n))
        .map(str::to_owned)
        .collect();
    seen.sort();
    seen
}

#[test]
fn a_signal_during_a_save_waits_for_the_whole_set_then_ends_the_run_as_it_would() {
    use std::os::unix::process::ExitStatusExt;
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("skipped: strace is not installed (apt-get install strace)");
        return;
    }
    for signal in ["SIGTERM", "SIGINT", "SIGHUP"] {
        let root = TempDir::new().unwrap();
        let target = root.path().join("target");
        let first = quick(root.path(), &target, "rep").output().unwrap();
        assert!(first.status.success(), "{}", stderr(&first));
        // The signal arrives at the second rename of the commit.
        let mut command = Command::new("strace");
        command
            .current_dir(root.path())
            .env("CARGO_TARGET_DIR", &target)
            .args(["-f", "-qq", "-o", "/dev/null", "-e"])
            .arg(format!(
                "inject=rename,renameat,renameat2:signal={signal}:when=2"
            ))
            .arg(env!("CARGO_BIN_EXE_sumbench"))
            .args(["--n", "1001", "--runs", "1", "--warmups", "0"])
            .args(["--strategy", "vec", "--strategy", "lazy"])
            .args(["--reports-dir", "rep"]);
        let output = command.output().unwrap();
        let reports = root.path().join("rep");
        if output.status.success() {
            eprintln!("skipped: strace could not inject the signal here");
            return;
        }
        // Ended by the signal: strace ends itself with its tracee's.
        assert!(
            output.status.signal().is_some(),
            "{signal}: {:?}",
            output.status
        );
        assert!(!reports.join(".sumbench-journal").exists(), "{signal}");
        let json = fs::read_to_string(reports.join("latest.json")).unwrap();
        assert!(
            json.contains("\"n\": 1001"),
            "{signal}: latest.json is the old run"
        );
        assert_eq!(
            run_id(&reports.join("latest.json")),
            md_run_id(&reports.join("latest.md")),
            "{signal}"
        );
        assert_eq!(
            chart_n(&reports.join("tradeoff-latest.svg")),
            ["1,001"],
            "{signal}"
        );
    }
}
