//! What the integration tests share: the `sumbench` command, small fixture files, the
//! run ids a run leaves, and the checks of a command that fails in one line.
//!
//! Each test binary compiles this module on its own and uses part of it; the items some
//! binaries leave unused carry `#[allow(dead_code)]`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tempfile::TempDir;

/// The `sumbench` binary cargo built for these tests.
#[allow(dead_code)]
pub fn sumbench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sumbench"))
}

/// `sumbench` keeping its own files (baselines, generated data, journals) in `target`,
/// given as `CARGO_TARGET_DIR`.
#[allow(dead_code)]
pub fn sumbench_with_target(target: &Path) -> Command {
    let mut command = sumbench();
    command.env("CARGO_TARGET_DIR", target);
    command
}

/// The same binary, for assert_cmd's assertions.
#[allow(dead_code)]
pub fn assert_sumbench() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("sumbench").unwrap()
}

/// A file `numbers.txt` holding `text` in a fresh directory: the directory (dropped, it
/// goes) and the file's path.
#[allow(dead_code)]
pub fn input_file(text: &[u8]) -> (TempDir, String) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("numbers.txt");
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

/// The JSON file at `path`.
#[allow(dead_code)]
pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The run id of the `latest.json` at `path`.
#[allow(dead_code)]
pub fn run_id(path: &Path) -> String {
    read_json(path)["run_id"].as_str().unwrap().to_owned()
}

/// The run id the `latest.md` at `path` names on its `Run:` line, if it has one.
#[allow(dead_code)]
pub fn md_run_id(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .find_map(|l| Some(l.strip_prefix("Run: ")?.trim_end().to_owned()))
}

/// `output`'s stderr, checked for a panic.
#[allow(dead_code)]
pub fn stderr(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!text.contains("panicked"), "{text}");
    text
}

/// Checks that `output` ended with exit code `code` and one line on stderr containing
/// `message`; returns that line.
#[allow(dead_code)]
pub fn failed_in_one_line(output: &Output, code: i32, message: &str) -> String {
    assert_eq!(output.status.code(), Some(code), "{output:?}");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    stderr
}

/// Runs `command` with `args` (its reports going to `reports`) and checks that it is
/// refused: exit code 2, nothing on stdout, one line on stderr naming `message`, nothing
/// written into `reports`. Returns the line.
#[allow(dead_code)]
pub fn refused_without_writing(
    mut command: assert_cmd::Command,
    reports: &Path,
    args: &[&str],
    message: &str,
) -> String {
    let output = command.assert().code(2).stdout("").get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    assert!(
        stderr.contains(message),
        "{args:?}: {stderr:?} lacks {message:?}"
    );
    let written: Vec<_> = std::fs::read_dir(reports).unwrap().collect();
    assert!(written.is_empty(), "{args:?} wrote {written:?}");
    stderr
}

/// Whether a `python3` runs here.
#[allow(dead_code)]
pub fn python_available() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Writes an executable shell script `name` into `dir`, standing in for an interpreter.
#[allow(dead_code)]
pub fn fake_python(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The rows of a CSV `text` whose row is a pair of structs (their columns one after the
/// other), each read from the same record by its field names, checked to give back `text`
/// byte for byte when written again as pairs: the header is the structs' fields and nothing
/// was lost.
#[allow(dead_code)]
pub fn csv_round_trip<A, B>(text: &[u8]) -> Vec<(A, B)>
where
    A: Serialize + DeserializeOwned,
    B: Serialize + DeserializeOwned,
{
    let mut reader = csv::Reader::from_reader(text);
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<(A, B)> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let own = record.deserialize(Some(&headers)).unwrap();
            (own, record.deserialize(Some(&headers)).unwrap())
        })
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        writer.serialize(row).unwrap();
    }
    assert_eq!(
        String::from_utf8(writer.into_inner().unwrap()).unwrap(),
        String::from_utf8(text.to_vec()).unwrap()
    );
    rows
}

/// Builds the binary `bin` of `examples/own-strategies` with this test's profile and
/// target directory, and gives its path: nothing is built twice.
#[allow(dead_code)]
pub fn own_strategies_bin(bin: &str) -> PathBuf {
    example_bin("own-strategies", bin)
}

/// The binary `bin` of the workspace's example `package`, built by cargo into this test's
/// own target directory and profile, so nothing is built twice.
#[allow(dead_code)]
pub fn example_bin(package: &str, bin: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/TEST-HASH
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let target_dir = profile_dir.parent().unwrap();
    let mut build = Command::new(env!("CARGO"));
    build
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "-p", package, "--bin", bin])
        .env("CARGO_TARGET_DIR", target_dir);
    if profile_dir.file_name().unwrap() == "release" {
        build.arg("--release");
    }
    let status = build.status().unwrap();
    assert!(
        status.success(),
        "cargo build -p {package} --bin {bin} failed"
    );
    profile_dir.join(bin)
}
