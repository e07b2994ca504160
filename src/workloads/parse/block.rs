//! The block parser behind [`Summer::lines`]: the text in blocks of 64 bytes, each block's
//! newlines found at once as a bit mask, then each short line converted as one word. Apart
//! from the `Summer`'s bookkeeping because it is the hot loop, shaped for speed (see the
//! note on `scan`); the rest of the parser is plain code.

use super::{NotANumber, Summer, line_value, swar};
use crate::workloads::sums::SumError;

impl Summer<'_> {
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
    pub(super) fn scan(
        &mut self,
        text: &[u8],
        mut take: impl FnMut(u64) -> bool,
    ) -> Result<(), SumError> {
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
}
