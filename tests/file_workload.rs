//! Every file strategy returns the reference reader's sum on the generated file and on
//! handmade files (CRLF, no final newline, blank lines, `u64::MAX`, one line, empty),
//! names the same line on a bad one, refuses an overflowing sum, and agrees on random
//! files (proptest).

use std::path::Path;

use proptest::prelude::*;
use sumbench_app::workloads::strategy::{Mode, Params, SumError, Workload};
use sumbench_app::workloads::{self, input::DataFile};

/// Read buffers that cut lines everywhere: one byte, a prime, the default.
const CHUNK_SIZES: [usize; 4] = [1, 3, 7, 65_536];

/// Each file strategy's result on `path` at every chunk size in [`CHUNK_SIZES`].
fn results(path: &Path) -> Vec<(String, Result<u64, SumError>)> {
    // Only the path matters to a strategy; sizes and bounds are not checked here.
    let file = DataFile {
        path: path.to_owned(),
        display: path.display().to_string(),
        generated: false,
        identity: None,
        ..DataFile::planned(Path::new("."), 0).unwrap()
    };
    let mut out = Vec::new();
    for chunk_size in CHUNK_SIZES {
        let params = Params::file(file.clone(), chunk_size);
        for strategy in workloads::of(Workload::File) {
            out.push((
                format!("{} (chunk {chunk_size})", strategy.name()),
                strategy.run(&params, Mode::AsWritten),
            ));
        }
    }
    out
}

/// Writes `text`, checks that the reference reader finds `expected`, and that every
/// strategy returns it.
fn all_agree(text: &[u8], expected: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.txt");
    std::fs::write(&path, text).unwrap();
    assert_eq!(DataFile::inspect(&path).unwrap().sum, expected);
    for (name, result) in results(&path) {
        assert_eq!(
            result.unwrap_or_else(|e| panic!("{name}: {e}")),
            expected,
            "{name} on {:?}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn handmade_files() {
    all_agree(b"", 0);
    all_agree(b"\n", 0);
    all_agree(b"42", 42);
    all_agree(b"42\n", 42);
    all_agree(b"1\r\n2\r\n3\r\n", 6);
    all_agree(b"1\r\n2\r\n3", 6);
    all_agree(b"\n\n1\n\r\n\n2\n\n", 3);
    all_agree(format!("{}\n", u64::MAX).as_bytes(), u64::MAX);
    all_agree(format!("{}\r\n0\r\n", u64::MAX).as_bytes(), u64::MAX);
    all_agree(format!("{}7\n1", "0".repeat(100)).as_bytes(), 8);
}

#[test]
fn the_generated_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = DataFile::generated(dir.path(), 123_457).unwrap();
    assert_eq!(file.sum, 123_457 * 123_456 / 2);
    for chunk_size in [1, 4_096, 65_536] {
        let params = Params::file(file.clone(), chunk_size);
        for strategy in workloads::of(Workload::File) {
            assert_eq!(
                strategy.run(&params, Mode::AsWritten).unwrap(),
                file.sum,
                "{} at chunk {chunk_size}",
                strategy.name()
            );
        }
    }
}

/// Every strategy fails on `text`, naming line `line` as the reference reader does.
fn all_refuse(text: &[u8], line: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, text).unwrap();
    let reference = DataFile::inspect(&path).unwrap_err().to_string();
    assert!(reference.contains(&format!(":{line}:")), "{reference}");
    for (name, result) in results(&path) {
        match result {
            Err(SumError::Parse { line: at, .. }) | Err(SumError::Overflow { line: at, .. }) => {
                assert_eq!(at, line, "{name}")
            }
            other => panic!(
                "{name} returned {other:?} for {:?}",
                String::from_utf8_lossy(text)
            ),
        }
    }
}

#[test]
fn bad_lines_and_overflow_are_errors_naming_the_line() {
    all_refuse(b"1\n2\nthree\n4\n", 3);
    all_refuse(b"1\r\n\r\n-2\r\n", 3);
    all_refuse(b"5\n+6\n", 2);
    all_refuse(b" 7\n", 1);
    all_refuse(b"1\n18446744073709551616\n", 2);
    all_refuse(b"1\n2\n3 4", 3);
    all_refuse(b"1\n\xff\xfe\n", 2);
    all_refuse(format!("{}\n\n1\n", u64::MAX).as_bytes(), 3);
}

/// A random file: values with a line ending each (LF or CRLF), blank lines between, and
/// maybe no final ending; lines of every length, some zero-padded far past a buffer (a
/// line of thousands of bytes is cut by every read buffer of [`CHUNK_SIZES`] but the last).
fn random_file() -> impl Strategy<Value = (Vec<u8>, Option<u64>)> {
    (
        prop::collection::vec(
            (
                any::<u64>(),
                any::<bool>(),
                0usize..3,
                prop::sample::select(vec![0usize, 0, 0, 1, 17, 5_000]),
            ),
            0..200,
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, small, final_newline)| {
            let mut text = Vec::new();
            let mut sum = Some(0u64);
            for (value, crlf, blanks, zeros) in lines {
                // Small values keep most sums in range; large ones test overflow.
                let value = if small { value % 1_000_000 } else { value };
                let ending: &[u8] = if crlf { b"\r\n" } else { b"\n" };
                text.extend(std::iter::repeat_n(b'0', zeros));
                text.extend(value.to_string().as_bytes());
                text.extend(ending);
                for _ in 0..blanks {
                    text.extend(ending);
                }
                sum = sum.and_then(|s| s.checked_add(value));
            }
            if !final_newline {
                while text.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    text.pop();
                }
            }
            (text, sum)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_strategy_returns_the_reference_sum((text, sum) in random_file()) {
        match sum {
            Some(sum) => all_agree(&text, sum),
            None => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("big.txt");
                std::fs::write(&path, &text).unwrap();
                let reference = DataFile::inspect(&path).unwrap_err().to_string();
                prop_assert!(reference.contains("does not fit in a u64"), "{}", reference);
                for (name, result) in results(&path) {
                    prop_assert!(matches!(result, Err(SumError::Overflow { .. })), "{}", name);
                }
            }
        }
    }
}
