//! What a sum can go wrong with, and the range's correct answer: the lowest piece of the
//! built-in workloads, shared by the strategies, the parser and the input file.

/// Why a call could not return a sum. The range workload never fails; the file workload
/// meets what a real input holds.
#[derive(Debug, thiserror::Error)]
pub enum SumError {
    /// A line that is neither blank nor one unsigned 64-bit integer.
    #[error("{path}:{line}: not an unsigned 64-bit integer: \"{text}\"")]
    Parse {
        /// The file, as given.
        path: String,
        /// 1-based line number.
        line: u64,
        /// The line's bytes, without its `\n`, escaped as Rust escapes ASCII (`\r`,
        /// `\xff`), shortened to 40 characters.
        text: String,
    },
    /// The values add up to more than `u64::MAX`.
    #[error("{path}:{line}: the sum of the numbers does not fit in a u64 (it passes {max} here)", max = u64::MAX)]
    Overflow {
        /// The file, as given.
        path: String,
        /// 1-based number of the line whose value overflowed the sum.
        line: u64,
    },
    /// Opening, mapping or reading the file failed.
    // Not a `source`: the message says it once, where a chain would repeat it.
    #[error("{path}: {error}")]
    Io {
        /// The file, as given.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// The input file changed while the run read it: its sums are of no one version.
    #[error(
        "{path} changed during the run ({what}): the sums of a file being written are not comparable; run again on a file nothing writes to"
    )]
    Changed {
        /// The file, as given.
        path: String,
        /// What changed, in words.
        what: String,
    },
    /// A file strategy was given the range workload's parameters.
    #[error("a file strategy needs an input file")]
    NoInput,
}

/// The correct answer, `n(n−1)/2`, or `None` when it does not fit in a `u64`
/// (`n` above 6,074,001,000).
pub fn expected_sum(n: u64) -> Option<u64> {
    let n = u128::from(n);
    u64::try_from(n * n.saturating_sub(1) / 2).ok()
}

/// The sum of `0..n` overflows a `u64`.
#[derive(Debug, thiserror::Error)]
#[error("the sum of 0..{n} does not fit in a u64: n may be at most 6,074,001,000")]
pub struct SumOverflow {
    /// The rejected size.
    pub n: u64,
}
