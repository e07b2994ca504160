//! The one parser every file strategy shares: lines of bytes in, a checked sum out.
//!
//! A line is what lies between two `\n`; a `\r` before the `\n` is dropped (CRLF files), a
//! blank line is skipped, and anything else must be one unsigned 64-bit integer in plain
//! ASCII digits. Values are added with overflow checks: a sum past `u64::MAX` is an error,
//! never a wrapped number. Lines are counted, blank ones included, so that an error names
//! the line a text editor would show.
//!
//! A buffer of many lines is parsed by [`Summer::lines`] in blocks of 64 bytes: the
//! block's newlines are found at once as a bit mask (SSE2 compares on x86_64, a portable
//! word-at-a-time version elsewhere), and each line of 1 to 8 bytes is then checked and
//! converted as one 8-byte word, its digits combined by three multiplies (`swar`). Lines
//! the word cannot take (blank, longer, CRLF, bad, the text's last bytes) go through
//! [`parse_line`], which reads 8 digits per step with checked arithmetic. Before it the
//! parser was one pass byte by byte, still here as [`Summer::lines_bytewise`]: each byte a
//! digit, a `\n` or a fault, one multiply-add per digit, and a line could not start before
//! the one before it ended. The `parse` group of `cargo bench` times both on 10^6 short
//! lines, beside `memchr` + `atoi`'s `FromRadix10Checked` per line ([`parse_line_atoi`],
//! what a line given alone went through before) and `memchr` + `str::parse::<u64>`; the
//! block parser ran about 2.5 to 3.5 times as fast as the byte loop in the same runs
//! (figures in `docs/file-strategies.md`). Both give the same sums and the same errors,
//! held to it by `tests/parser.rs`.
//!
//! A line given alone, as `BufRead` hands them out, goes through [`parse_line`]
//! (`str::parse` would need a UTF-8 check and accepts a leading `+`). `memchr` finds line
//! boundaries where a strategy cuts its input (the parallel split, the last newline of a
//! read buffer).

mod swar;

use atoi::FromRadix10Checked;

use super::sums::SumError;

/// The criterion group of `cargo bench` that times the parser candidates on one in-memory
/// text, `0..BENCH_LINES` one per line (no file, no read): `swar` (this parser), `fused`
/// (the byte loop), `atoi` and `std` (`memchr`, then a parse per line).
pub const BENCH_GROUP: &str = "parse";

/// The lines of the `parse` group's text: the numbers `0..10^6`, one per line, 6,888,890
/// bytes ([`generated_bytes`](super::input::generated_bytes)), short lines like the seed
/// file's.
pub const BENCH_LINES: u64 = 1_000_000;

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
        let mut sum = self.sum;
        let scanned = self.scan(text, |value| match sum.checked_add(value) {
            Some(next) => {
                sum = next;
                true
            }
            None => false,
        });
        self.sum = sum;
        scanned
    }

    /// Parses every line of `text` as [`Summer::lines`] does, but pushes each value onto
    /// `values` instead of adding it (the sum is left for the caller).
    #[inline]
    pub fn values_into(&mut self, text: &[u8], values: &mut Vec<u64>) -> Result<(), SumError> {
        self.scan(text, |value| {
            values.push(value);
            true
        })
    }

    /// Adds one value to the sum, checked.
    #[inline]
    fn add(&mut self, value: u64) -> Result<(), SumError> {
        self.sum = self
            .sum
            .checked_add(value)
            .ok_or_else(|| SumError::Overflow {
                path: self.path.to_owned(),
                line: self.line,
            })?;
        Ok(())
    }

    /// Adds every line of `text` with the previous parser, one byte at a time (see the
    /// module's note): the same results and errors as [`Summer::lines`]. Kept as the
    /// reference the property tests hold the block parser to, and as `fused` in the
    /// `parse` group of `cargo bench`.
    pub fn lines_bytewise(&mut self, text: &[u8]) -> Result<(), SumError> {
        self.scan_bytewise(text, |summer, value| summer.add(value))
    }

    /// The pass behind [`Summer::lines`]: the text in blocks of 64 bytes, each block's
    /// newlines found at once as a bit mask ([`swar::newlines`]), then each line taken from
    /// the mask. Knowing where every line of a block ends before parsing any, the
    /// processor works on several lines at once; the byte loop could not start a line
    /// before finishing the one before. A line of 1 to 8 bytes (almost every line) is
    /// checked and converted as one word ([`swar::non_digits`], [`swar::value_of`]); any
    /// other line (blank, longer, a `\r`, a bad byte) goes to [`line_value`], as do the
    /// lines of the text's last 64 to 135 bytes, whose words could reach past its end.
    ///
    /// `take` gets each value and says whether it was taken (`false`: the sum overflows).
    /// The line count lives in a local and the closures own no `&mut self`, so that the
    /// count and the sum stay in registers: through memory, each line's store and reload
    /// was the slowest chain of the loop (a quarter of its time).
    #[inline]
    fn scan(&mut self, text: &[u8], mut take: impl FnMut(u64) -> bool) -> Result<(), SumError> {
        let mut line = self.line;
        // Where the current line starts.
        let mut start = 0;
        let mut block = 0;
        // A line ending in the block starts at most 8 bytes before its `\n`: with 8 bytes
        // to spare after the block, its word lies inside the text.
        while block + swar::BLOCK + 8 <= text.len() {
            let bytes = &text[block..block + swar::BLOCK];
            let mut ends = swar::newlines(bytes.try_into().expect("a whole block"));
            while ends != 0 {
                let end = block + ends.trailing_zeros() as usize;
                ends &= ends - 1;
                line += 1;
                let length = end - start;
                let value = if length.wrapping_sub(1) < 8 {
                    let word = swar::word_at(text, start);
                    // The first non-digit is the `\n` (byte `length`, or past the word).
                    if (swar::non_digits(word).trailing_zeros() / 8) as usize >= length {
                        Some(swar::value_of(word, length))
                    } else {
                        line_value(&text[start..end])
                            .map_err(|NotANumber| self.error_at(line, &text[start..end]))?
                    }
                } else {
                    line_value(&text[start..end])
                        .map_err(|NotANumber| self.error_at(line, &text[start..end]))?
                };
                if let Some(value) = value
                    && !take(value)
                {
                    return Err(self.overflow_at(line));
                }
                start = end + 1;
            }
            block += swar::BLOCK;
        }
        // The last bytes, and the line after the last `\n`, if any.
        let mut ends = memchr::memchr_iter(b'\n', &text[block..]).map(|at| block + at);
        while start < text.len() {
            let end = ends.next().unwrap_or(text.len());
            line += 1;
            let value = line_value(&text[start..end])
                .map_err(|NotANumber| self.error_at(line, &text[start..end]))?;
            if let Some(value) = value
                && !take(value)
            {
                return Err(self.overflow_at(line));
            }
            start = end + 1;
        }
        self.line = line;
        Ok(())
    }

    /// The error for line `line`, `text`, which is not a number; the count moves to it.
    #[cold]
    fn error_at(&mut self, line: u64, text: &[u8]) -> SumError {
        self.line = line;
        self.bad_line(text)
    }

    /// The error for a sum that overflows at line `line`; the count moves to it.
    #[cold]
    fn overflow_at(&mut self, line: u64) -> SumError {
        self.line = line;
        SumError::Overflow {
            path: self.path.to_owned(),
            line,
        }
    }

    /// The previous one-pass parser, byte by byte: each byte is a digit, a `\r`, a `\n`,
    /// or a fault. A faulty line is only flagged here; [`parse_line_atoi`] parses it again
    /// to name the fault. `on_value` gets each line's value, with [`Summer::lines_seen`]
    /// at that line.
    #[inline]
    fn scan_bytewise(
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
            summer.line += 1;
            if bad {
                return match parse_line_atoi(line).map_err(|NotANumber| summer.bad_line(line))? {
                    Some(value) => on_value(summer, value),
                    None => Ok(()),
                };
            }
            if digits {
                on_value(summer, value)
            } else {
                Ok(())
            }
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
/// digits forming a `u64`. A final `\r` is dropped first. Eight digits at a time
/// (`swar::parse_digits`), as in [`Summer::lines`].
#[inline]
pub fn parse_line(line: &[u8]) -> Result<Option<u64>, NotANumber> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Ok(None);
    }
    swar::parse_digits(line).map(Some).ok_or(NotANumber)
}

/// [`parse_line`] out of line, for what the fast path of [`Summer::scan`] leaves: kept
/// out of the loop so that the loop's registers are not spent on it.
#[cold]
#[inline(never)]
fn line_value(line: &[u8]) -> Result<Option<u64>, NotANumber> {
    parse_line(line)
}

/// [`parse_line`] as it was before the word-at-a-time parser: `atoi`'s
/// `FromRadix10Checked`, one checked multiply-add per digit. The reference the property
/// tests compare with, and `atoi` in the `parse` group of `cargo bench`.
#[inline]
pub fn parse_line_atoi(line: &[u8]) -> Result<Option<u64>, NotANumber> {
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

/// [`sum_text`] with the previous byte-by-byte parser ([`Summer::lines_bytewise`]).
pub fn sum_text_bytewise(path: &str, text: &[u8]) -> Result<u64, SumError> {
    let mut summer = Summer::new(path);
    summer.lines_bytewise(text)?;
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
}
