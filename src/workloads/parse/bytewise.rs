//! The previous parser, one byte at a time, with `atoi` for a single line: kept as the
//! reference the property tests hold the block parser to, and as `fused` and `atoi` in the
//! `parse` group of `cargo bench`. Apart from the block parser because nothing measured
//! runs it.

use atoi::FromRadix10Checked;

use super::{NotANumber, Summer};
use crate::workloads::sums::SumError;

impl Summer<'_> {
    /// Adds every line of `text` with the previous parser, one byte at a time (see the
    /// `parse` module's note): the same results and errors as [`Summer::lines`]. Kept as the
    /// reference the property tests hold the block parser to, and as `fused` in the
    /// `parse` group of `cargo bench`.
    pub fn lines_bytewise(&mut self, text: &[u8]) -> Result<(), SumError> {
        self.scan_bytewise(text, |summer, value| summer.add(value))
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
}

/// [`parse_line`](super::parse_line) as it was before the word-at-a-time parser: `atoi`'s
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

/// [`sum_text`](super::sum_text) with the previous byte-by-byte parser ([`Summer::lines_bytewise`]).
pub fn sum_text_bytewise(path: &str, text: &[u8]) -> Result<u64, SumError> {
    let mut summer = Summer::new(path);
    summer.lines_bytewise(text)?;
    Ok(summer.finish())
}
