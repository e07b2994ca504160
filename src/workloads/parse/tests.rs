//! The parser's own tests: single lines, error messages, overflow and the last line.
//! The block parser against the byte loop is held by `tests/parser.rs`.

use super::*;

#[test]
fn lines_are_digits_with_an_optional_cr() {
    assert_eq!(parse_line(b"42"), Ok(Some(42)));
    assert_eq!(parse_line(b"42\r"), Ok(Some(42)));
    assert_eq!(parse_line(b""), Ok(None));
    assert_eq!(parse_line(b"\r"), Ok(None));
    assert_eq!(parse_line(b"18446744073709551615"), Ok(Some(u64::MAX)));
    assert_eq!(parse_line(b"0000000000000000000000001"), Ok(Some(1)));
    for bad in [
        &b"18446744073709551616"[..],
        b"+1",
        b"-1",
        b" 1",
        b"1 ",
        b"1.0",
        b"x",
        b"1\r\r",
    ] {
        assert_eq!(
            parse_line(bad),
            Err(NotANumber),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn errors_name_the_line_and_quote_it() {
    let error = sum_text("f.txt", b"1\n\n2\r\nthree\n4").unwrap_err();
    assert_eq!(
        error.to_string(),
        "f.txt:4: not an unsigned 64-bit integer: \"three\""
    );
    let long = format!("1\n{}\n", "y".repeat(100));
    let error = sum_text("f.txt", long.as_bytes()).unwrap_err().to_string();
    assert!(
        error.ends_with(&format!("\"{}…\"", "y".repeat(40))),
        "{error}"
    );
}

#[test]
fn an_overflowing_sum_is_an_error() {
    let text = format!("{}\n\n1\n", u64::MAX);
    let error = sum_text("f.txt", text.as_bytes()).unwrap_err();
    assert!(
        matches!(error, SumError::Overflow { line: 3, .. }),
        "{error}"
    );
    assert_eq!(
        sum_text("f.txt", format!("{}\n", u64::MAX).as_bytes()).unwrap(),
        u64::MAX
    );
}

#[test]
fn the_last_line_needs_no_ending() {
    assert_eq!(sum_text("f", b"1\n2").unwrap(), 3);
    assert_eq!(sum_text("f", b"1\n2\n").unwrap(), 3);
    assert_eq!(sum_text("f", b"").unwrap(), 0);
    assert_eq!(sum_text("f", b"\n\n").unwrap(), 0);
}
