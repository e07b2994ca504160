//! The one parser every file strategy shares: lines of bytes in, a checked sum out.
//!
//! A line is what lies between two `\n`; a `\r` before the `\n` is dropped (CRLF files), a
//! blank line is skipped, and anything else must be one unsigned 64-bit integer in plain
//! ASCII digits. Values are added with overflow checks: a sum past `u64::MAX` is an error,
//! never a wrapped number. Lines are counted, blank ones included, so that an error names
//! the line a text editor would show.
//!
//! A buffer of many lines is parsed by [`Summer::lines`] in one pass over its bytes: each
//! byte is a digit (added to the value), a `\n` (the line ends) or anything else (the line
//! is bad), with no second look at any byte. That was the fastest of three candidates the
//! `parse` group of `cargo bench` times on 10^6 short lines (~1.1 GB/s, against ~0.45 for
//! `memchr` to find each newline and then `atoi`'s `FromRadix10Checked` on the line, and
//! ~0.4 for `memchr` then `str::from_utf8` + `str::parse::<u64>`): with lines of 8 bytes a
//! call per line costs more than the digits. A line given alone, as `BufRead` hands them
//! out, goes through [`parse_line`], which uses `atoi` (`str::parse` would need a UTF-8
//! check and accepts a leading `+`). `memchr` finds line boundaries where a strategy cuts
//! its input (the parallel split, the last newline of a read buffer).

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
        match parse_line(line).map_err(|NotANumber| self.bad_line(line))? {
            Some(value) => self.add(value),
            None => Ok(()),
        }
    }

    /// Adds every line of `text`. A `\n` ends a line; text after the last `\n` is one more
    /// line, without an ending (the end of a file, or of a piece of it cut after a `\n`).
    #[inline]
    pub fn lines(&mut self, text: &[u8]) -> Result<(), SumError> {
        self.scan(text, |summer, value| summer.add(value))
    }

    /// Parses every line of `text` as [`Summer::lines`] does, but pushes each value onto
    /// `values` instead of adding it (the sum is left for the caller).
    #[inline]
    pub fn values_into(&mut self, text: &[u8], values: &mut Vec<u64>) -> Result<(), SumError> {
        self.scan(text, |_, value| {
            values.push(value);
            Ok(())
        })
    }

    /// Adds one value to the sum, checked.
    #[inline]
    fn add(&mut self, value: u64) -> Result<(), SumError> {
        self.sum = self.sum.checked_add(value).ok_or_else(|| SumError::Overflow {
            path: self.path.to_owned(),
            line: self.line,
        })?;
        Ok(())
    }

    /// The one pass behind [`Summer::lines`] (see the module's note on why it is one pass):
    /// each byte is a digit, a `\r`, a `\n`, or a fault. A faulty line is only flagged
    /// here; [`Summer::line`] parses it again to name the fault. `on_value` gets each
    /// line's value, with [`Summer::lines_seen`] at that line.
    #[inline]
    fn scan(
        &mut self,
        text: &[u8],
        mut on_value: impl FnMut(&mut Self, u64) -> Result<(), SumError>,
    ) -> Result<(), SumError> {
        let mut value = 0u64;
        let mut digits = false;
        let mut carriage_return = false;
        let mut bad = false;
        let mut start = 0;
        let mut end_line = |summer: &mut Self, value, digits, bad, line: &[u8]| {
            if bad {
                return summer.line(line);
            }
            summer.line += 1;
            if digits { on_value(summer, value) } else { Ok(()) }
        };
        for (at, &byte) in text.iter().enumerate() {
            let digit = byte.wrapping_sub(b'0');
            if digit < 10 {
                // A digit after a `\r`, or one too many for a u64, spoils the line.
                bad |= carriage_return;
                match value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(u64::from(digit)))
                {
                    Some(next) => value = next,
                    None => bad = true,
                }
                digits = true;
            } else if byte == b'\n' {
                end_line(self, value, digits, bad, &text[start..at])?;
                value = 0;
                digits = false;
                carriage_return = false;
                bad = false;
                start = at + 1;
            } else if byte == b'\r' {
                bad |= carriage_return;
                carriage_return = true;
            } else {
                bad = true;
            }
        }
        if start < text.len() {
            end_line(self, value, digits, bad, &text[start..])?;
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

/// A line that is neither blank nor a `u64` in ASCII digits; [`Summer::bad_line`] turns it
/// into an error naming the file and the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// One line's value: `Ok(None)` for a blank line, [`NotANumber`] for anything but ASCII
/// digits forming a `u64`. A final `\r` is dropped first.
#[inline]
pub fn parse_line(line: &[u8]) -> Result<Option<u64>, NotANumber> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Ok(None);
    }
    match u64::from_radix_10_checked(line) {
        (Some(value), used) if used == line.len() => Ok(Some(value)),
        _ => Err(NotANumber),
    }
}

/// The error for line `line` of `path`, quoting its exact bytes (without the `\n` that
/// ends it; a `\r` is quoted, as is any byte that is not printable ASCII, escaped) up to
/// 40 characters.
pub fn parse_error(path: &str, line: u64, text: &[u8]) -> SumError {
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    let escaped = text.escape_ascii().to_string();
    let mut excerpt: String = escaped.chars().take(EXCERPT_CHARS).collect();
    if escaped.chars().count() > EXCERPT_CHARS {
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
            assert_eq!(parse_line(bad), Err(NotANumber), "{:?}", String::from_utf8_lossy(bad));
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
