//! The one parser every file strategy shares: lines of bytes in, a checked sum out.
//!
//! A line is what lies between two `\n`; a `\r` before the `\n` is dropped (CRLF files), a
//! blank line is skipped, and anything else must be one unsigned 64-bit integer in plain
//! ASCII digits. Values are added with overflow checks: a sum past `u64::MAX` is an error,
//! never a wrapped number. Lines are counted, blank ones included, so that an error names
//! the line a text editor would show.
//!
//! Newlines are found with `memchr` (SIMD) and digits are parsed with `atoi`'s
//! `FromRadix10Checked`, straight from the bytes. On the generated 10M-line file this pair
//! parsed faster than `std::str::from_utf8` + `str::parse::<u64>` (which validates UTF-8
//! and accepts a leading `+`), as the `parse` group of `cargo bench` shows.

use atoi::FromRadix10Checked;

use crate::strategy::SumError;

/// Longest excerpt of a bad line an error message quotes, in characters.
const EXCERPT_CHARS: usize = 40;

/// A running, checked sum over lines, with the line count for error messages.
#[derive(Debug)]
pub struct Summer<'a> {
    /// The file's name as the user gave it, for errors.
    path: &'a str,
    /// Lines seen so far, blank ones included.
    line: u64,
    /// Sum of the values so far.
    sum: u64,
}

impl<'a> Summer<'a> {
    /// An empty sum over the file called `path`.
    pub fn new(path: &'a str) -> Self {
        Self {
            path,
            line: 0,
            sum: 0,
        }
    }

    /// Adds one line, given without its `\n` (a trailing `\r` is allowed).
    #[inline]
    pub fn line(&mut self, line: &[u8]) -> Result<(), SumError> {
        self.line += 1;
        let Some(value) = parse_line(line).map_err(|()| self.bad_line(line))? else {
            return Ok(());
        };
        self.sum = self.sum.checked_add(value).ok_or_else(|| SumError::Overflow {
            path: self.path.to_owned(),
            line: self.line,
        })?;
        Ok(())
    }

    /// Adds every line of `text`. A `\n` ends a line; text after the last `\n` is one more
    /// line, without an ending (the end of a file, or of a piece of it cut after a `\n`).
    #[inline]
    pub fn lines(&mut self, text: &[u8]) -> Result<(), SumError> {
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text) {
            self.line(&text[start..end])?;
            start = end + 1;
        }
        if start < text.len() {
            self.line(&text[start..])?;
        }
        Ok(())
    }

    /// Lines added so far, blank ones included.
    pub fn lines_seen(&self) -> u64 {
        self.line
    }

    /// The sum of every value added.
    pub fn finish(self) -> u64 {
        self.sum
    }

    /// The error for a line that is not a number, quoting it.
    pub fn bad_line(&self, line: &[u8]) -> SumError {
        parse_error(self.path, self.line, line)
    }
}

/// One line's value: `Ok(None)` for a blank line, `Err(())` for anything but ASCII digits
/// forming a `u64`. A final `\r` is dropped first.
#[inline]
pub fn parse_line(line: &[u8]) -> Result<Option<u64>, ()> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Ok(None);
    }
    match u64::from_radix_10_checked(line) {
        (Some(value), used) if used == line.len() => Ok(Some(value)),
        _ => Err(()),
    }
}

/// The error for line `line` of `path`, quoting at most 40 characters of its text.
pub fn parse_error(path: &str, line: u64, text: &[u8]) -> SumError {
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let lossy = String::from_utf8_lossy(text);
    let mut excerpt: String = lossy.chars().take(EXCERPT_CHARS).collect();
    if lossy.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    SumError::Parse {
        path: path.to_owned(),
        line,
        text: excerpt,
    }
}

/// The sum of a whole text, parsed in one pass.
pub fn sum_text(path: &str, text: &[u8]) -> Result<u64, SumError> {
    let mut summer = Summer::new(path);
    summer.lines(text)?;
    Ok(summer.finish())
}

#[cfg(test)]
mod tests {
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
            assert_eq!(parse_line(bad), Err(()), "{:?}", String::from_utf8_lossy(bad));
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
        assert!(error.ends_with(&format!("\"{}…\"", "y".repeat(40))), "{error}");
    }

    #[test]
    fn an_overflowing_sum_is_an_error() {
        let text = format!("{}\n\n1\n", u64::MAX);
        let error = sum_text("f.txt", text.as_bytes()).unwrap_err();
        assert!(matches!(error, SumError::Overflow { line: 3, .. }), "{error}");
        assert_eq!(sum_text("f.txt", format!("{}\n", u64::MAX).as_bytes()).unwrap(), u64::MAX);
    }

    #[test]
    fn the_last_line_needs_no_ending() {
        assert_eq!(sum_text("f", b"1\n2").unwrap(), 3);
        assert_eq!(sum_text("f", b"1\n2\n").unwrap(), 3);
        assert_eq!(sum_text("f", b"").unwrap(), 0);
        assert_eq!(sum_text("f", b"\n\n").unwrap(), 0);
    }
}
