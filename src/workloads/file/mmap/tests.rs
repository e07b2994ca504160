use super::*;

/// The file the child below maps and truncates, named by its parent.
const CHILD_VAR: &str = "SUMBENCH_TEST_SIGBUS_FILE";

#[test]
fn a_file_truncated_while_mapped_ends_the_process_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.txt");
    std::fs::write(&path, "12345678\n".repeat(100_000)).unwrap();
    // The fault ends the process, so it happens in a child: this test binary, running
    // only the ignored test below.
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "--nocapture", "--test-threads=1"])
        .arg("workloads::file::mmap::tests::child_reads_past_a_truncated_end")
        .env(CHILD_VAR, &path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: {} changed size while mapped",
            path.display()
        )),
        "{stderr}"
    );
}

/// The child of the test above: maps the file, truncates it, and reads its last page.
#[test]
#[ignore = "run by a_file_truncated_while_mapped_ends_the_process_with_one_line"]
fn child_reads_past_a_truncated_end() {
    let path = std::env::var_os(CHILD_VAR).expect("run by its parent test");
    let file = DataFile::inspect(std::path::Path::new(&path)).unwrap();
    let mapping = map(&file).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(0)
        .unwrap();
    let last = std::hint::black_box(mapping[mapping.len() - 1]);
    panic!("read {last} past the end without a fault");
}
