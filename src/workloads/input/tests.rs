//! The input file's tests: the generated file's size, its writing and checking, and the
//! reference reader's counts. In a file of their own to keep input.rs to its code.

use super::*;

#[test]
fn the_generated_size_is_computed_not_guessed() {
    for n in [0, 1, 9, 10, 11, 99, 100, 101, 12_345] {
        let text: String = (0..n).map(|i| format!("{i}\n")).collect();
        assert_eq!(generated_bytes(n), text.len() as u64, "n = {n}");
    }
    assert_eq!(generated_bytes(10_000_000), 78_888_890);
}

#[test]
fn the_generated_file_is_written_once_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = DataFile::generated(dir.path(), 1_000).unwrap();
    let inspected = DataFile::inspect(&file.path).unwrap();
    assert_eq!(
        DataFile {
            generated: true,
            ..inspected
        },
        file
    );
    let modified = std::fs::metadata(&file.path).unwrap().modified().unwrap();
    DataFile::generated(dir.path(), 1_000).unwrap();
    assert_eq!(
        std::fs::metadata(&file.path).unwrap().modified().unwrap(),
        modified
    );
    // A file of the wrong size is replaced.
    std::fs::write(&file.path, "1\n").unwrap();
    DataFile::generated(dir.path(), 1_000).unwrap();
    assert_eq!(std::fs::metadata(&file.path).unwrap().len(), file.bytes);
    file.evict().unwrap();
}

#[test]
fn the_reference_reader_counts_what_the_issue_describes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.txt");
    std::fs::write(&path, "1\r\n\r\n\n22\n333").unwrap();
    let file = DataFile::inspect(&path).unwrap();
    assert_eq!(
        (file.values, file.sum, file.newlines, file.longest_line),
        (3, 356, 4, 3)
    );
    std::fs::write(&path, "1\n2\nx3\n").unwrap();
    let error = DataFile::inspect(&path).unwrap_err().to_string();
    assert!(
        error.ends_with(":3: not an unsigned 64-bit integer: \"x3\""),
        "{error}"
    );
    assert!(matches!(
        DataFile::inspect(dir.path()),
        Err(InputError::Directory(_))
    ));
}
