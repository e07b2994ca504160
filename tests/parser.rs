//! The file workload's parser (`parse::sum_text`, eight bytes at a time) against the
//! previous byte-by-byte parser and the reference reader (`DataFile::inspect`, std's
//! `read_until` and `str::parse`): the same sum, or the same error naming the same line
//! with the same quote, on random files (line lengths, leading zeros, CRLF, blank lines,
//! values near and past `u64::MAX`, sums that overflow, a bad byte anywhere), with every
//! byte value at every position of a text, and with the chunked strategy's read buffer
//! cutting lines at every size.

use std::path::Path;

use proptest::prelude::*;
use sumbench_app::workloads::strategy::{Mode, Params, SumError};
use sumbench_app::workloads::{self, input::DataFile, parse};

/// A result with its error spelled out (variant, file, line and quote), so that two
/// results compare exactly.
fn outcome(result: Result<u64, SumError>) -> Result<u64, String> {
    result.map_err(|error| format!("{error:?}"))
}

/// The reference reader's verdict on `text`, written to a file in `dir`: its sum, or its
/// error as the parsers would give it (its path is the file's, so it is put in as `path`).
fn reference(dir: &Path, text: &[u8], path: &str) -> Result<u64, String> {
    let file = dir.join("numbers.txt");
    std::fs::write(&file, text).unwrap();
    match DataFile::inspect(&file) {
        Ok(found) => Ok(found.sum),
        Err(sumbench_app::workloads::input::InputError::Sum(error)) => {
            let shown = file.display().to_string();
            Err(format!("{error:?}").replace(&format!("{shown:?}"), &format!("{path:?}")))
        }
        Err(other) => panic!("the reference reader refused the file: {other}"),
    }
}

/// Both parsers on `text`, which must agree; the new one's verdict.
fn both_parsers(text: &[u8]) -> Result<u64, String> {
    let new = outcome(parse::sum_text("f.txt", text));
    let old = outcome(parse::sum_text_bytewise("f.txt", text));
    assert_eq!(new, old, "on {:?}", String::from_utf8_lossy(text));
    new
}

/// Fails unless both parsers give the same verdict on `text`.
fn parsers_agree(text: &[u8]) {
    let _verdict = both_parsers(text);
}

/// One line's text, without its ending: mostly short numbers like the generated file's,
/// then blank lines, any `u64`, values just below and just past `u64::MAX`, leading
/// zeros that carry a line across a 64-byte block, and runs of digits too long for a u64.
fn line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => (0u64..100_000_000).prop_map(|v| v.to_string().into_bytes()),
        2 => Just(Vec::new()),
        2 => any::<u64>().prop_map(|v| v.to_string().into_bytes()),
        1 => (0u64..1_000).prop_map(|v| (u64::MAX - v).to_string().into_bytes()),
        1 => (1u128..1_000).prop_map(|v| (u128::from(u64::MAX) + v).to_string().into_bytes()),
        2 => (0usize..150, any::<u64>()).prop_map(|(zeros, v)| {
            let mut line = vec![b'0'; zeros];
            line.extend_from_slice(v.to_string().as_bytes());
            line
        }),
        1 => prop::collection::vec(b'0'..=b'9', 1..40),
    ]
}

/// A file of such lines, each ended by `\n` or `\r\n`, the last perhaps without its
/// ending, and perhaps one byte replaced by any byte at any position.
fn file() -> impl Strategy<Value = Vec<u8>> {
    let ended = (line(), prop::bool::weighted(0.3)).prop_map(|(mut line, crlf)| {
        line.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        line
    });
    (
        prop::collection::vec(ended, 0..60),
        prop::bool::ANY,
        prop::option::weighted(0.4, (any::<prop::sample::Index>(), any::<u8>())),
    )
        .prop_map(|(lines, cut_last, corruption)| {
            let mut text = lines.concat();
            if cut_last {
                while matches!(text.last(), Some(b'\n' | b'\r')) {
                    text.pop();
                }
            }
            if let Some((at, byte)) = corruption
                && !text.is_empty()
            {
                let at = at.index(text.len());
                text[at] = byte;
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The new parser, the previous one and the reference reader give the same sum or
    /// the same error, and the values the new parser hands out are those of each line.
    #[test]
    fn the_parsers_and_the_reference_reader_agree(text in file()) {
        let verdict = both_parsers(&text);
        let dir = tempfile::tempdir().unwrap();
        prop_assert_eq!(&verdict, &reference(dir.path(), &text, "f.txt"));
        let mut values = Vec::new();
        let listed = parse::Summer::new("f.txt").values_into(&text, &mut values);
        if let Ok(sum) = verdict {
            prop_assert!(listed.is_ok());
            prop_assert_eq!(values.iter().try_fold(0u64, |s, &v| s.checked_add(v)), Some(sum));
            let one_by_one: Vec<u64> = text
                .split(|&b| b == b'\n')
                .filter_map(|line| parse::parse_line_atoi(line).unwrap())
                .collect();
            prop_assert_eq!(values, one_by_one);
        }
    }

    /// Fed in two pieces cut after any `\n`, as a read buffer hands them over, the parser
    /// counts lines on across the cut and gives the verdict of one pass.
    #[test]
    fn pieces_cut_after_a_newline_parse_as_one(text in file(), at in any::<prop::sample::Index>()) {
        let whole = both_parsers(&text);
        let cuts: Vec<usize> = (0..text.len()).filter(|&i| text[i] == b'\n').map(|i| i + 1).collect();
        if !cuts.is_empty() {
            let cut = cuts[at.index(cuts.len())];
            let mut summer = parse::Summer::new("f.txt");
            let pieces = summer
                .lines(&text[..cut])
                .and_then(|()| summer.lines(&text[cut..]))
                .map(|()| summer.finish());
            prop_assert_eq!(outcome(pieces), whole);
        }
    }

    /// A line given alone, as `BufRead` hands them out: the same verdict as the previous
    /// `atoi` reading.
    #[test]
    fn one_line_reads_as_before(line in line(), crlf in prop::bool::ANY, byte in any::<u8>(), at in any::<prop::sample::Index>()) {
        let mut line = line;
        if crlf {
            line.push(b'\r');
        }
        prop_assert_eq!(parse::parse_line(&line), parse::parse_line_atoi(&line));
        if !line.is_empty() {
            let at = at.index(line.len());
            line[at] = byte;
            prop_assert_eq!(parse::parse_line(&line), parse::parse_line_atoi(&line));
        }
    }
}

/// A text of about two and a half blocks of 64 bytes: short lines, a line across a block
/// edge, CRLF, blank lines, `u64::MAX`, and a last line without its newline.
fn sample_text() -> Vec<u8> {
    let mut text = Vec::new();
    for value in [0u64, 7, 42, 1_234_567, 12_345_678, 99] {
        text.extend_from_slice(format!("{value}\n").as_bytes());
    }
    text.extend_from_slice(b"\n1\r\n\r\n");
    text.extend_from_slice(format!("{}\n", u64::MAX).as_bytes());
    text.extend_from_slice(
        b"00000000000000000000000000000000000000000000000000000000000000000123\n",
    );
    text.extend_from_slice(b"5\n66\n777\n8888\n99999\n12\r\n345");
    text
}

/// Where the line after `u64::MAX` starts in [`sample_text`].
fn after_max(text: &[u8]) -> usize {
    let max = u64::MAX.to_string();
    text.windows(max.len())
        .position(|w| w == max.as_bytes())
        .unwrap()
        + max.len()
        + 1
}

#[test]
fn every_byte_at_every_position_gives_the_previous_verdict() {
    let text = sample_text();
    assert!(text.len() > 2 * 64, "the text spans more than two blocks");
    // Unchanged, the sum overflows after u64::MAX; from the line after it, it does not.
    assert!(both_parsers(&text).unwrap_err().starts_with("Overflow"));
    let start = after_max(&text);
    assert!(both_parsers(&text[start..]).is_ok());
    for base in [&text[..], &text[start..]] {
        for at in 0..base.len() {
            for byte in 0..=255u8 {
                let mut changed = base.to_vec();
                changed[at] = byte;
                parsers_agree(&changed);
            }
        }
    }
}

#[test]
fn each_prefix_and_each_piece_parses_as_before() {
    let text = sample_text();
    for end in 0..=text.len() {
        parsers_agree(&text[..end]);
        parsers_agree(&text[end..]);
    }
}

#[test]
fn the_chunked_read_buffer_cuts_lines_at_every_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.txt");
    let text = sample_text();
    let start = after_max(&text);
    let chunked = workloads::find("chunked").unwrap();
    for text in [&text[start..], &text[..]] {
        std::fs::write(&path, text).unwrap();
        let expected = reference(dir.path(), text, &path.display().to_string());
        let file = DataFile::inspect(&path).ok().unwrap_or_else(|| DataFile {
            path: path.clone(),
            display: path.display().to_string(),
            generated: false,
            identity: None,
            ..DataFile::planned(Path::new("."), 0).unwrap()
        });
        for chunk_size in 1..=text.len() + 1 {
            let params = Params::file(file.clone(), chunk_size);
            assert_eq!(
                outcome(chunked.run(&params, Mode::AsWritten)),
                expected,
                "chunk {chunk_size}"
            );
        }
    }
}
