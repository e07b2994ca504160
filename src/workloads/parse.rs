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

mod block;
mod bytewise;
mod swar;

pub use bytewise::{parse_line_atoi, sum_text_bytewise};

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
mod tests;
