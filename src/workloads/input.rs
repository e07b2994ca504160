//! The file workload's input: a text file of unsigned integers, one per line, either the
//! user's own (`--input FILE`) or a generated file of `0..n`.
//!
//! Before anything is measured the file is read once by [`DataFile::inspect`], a plain
//! reference reader (std's `read_until` and `str::parse`, none of the strategies' code): it
//! checks every line, counts the values and computes the sum every strategy must return.
//! A bad line is reported there, with the file, line number and text, before any strategy
//! runs.
//!
//! The file's parts live in three modules: `identity` (is it still the file that was
//! checked), `generate` (the file of `0..n`) and `reader` (the reference reader).

mod generate;
mod identity;
mod reader;

use std::fs::File;
use std::io::{BufReader, ErrorKind};
use std::os::fd::AsRawFd;
use std::path::PathBuf;

pub use generate::generated_bytes;
pub use identity::FileIdentity;

use super::parse::parse_error;
use super::sums::SumError;

/// A checked input file and what the reference reader found in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DataFile {
    /// Where it is.
    pub path: PathBuf,
    /// The path as the user gave it, for messages.
    pub display: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its `\n` characters: a reader that sizes a buffer by lines counts these.
    pub newlines: u64,
    /// Its values (non-blank lines).
    pub values: u64,
    /// Its longest line, with its line ending, in bytes: a line buffer grows to this.
    pub longest_line: u64,
    /// The sum of its values, which fits in a `u64` (checked).
    pub sum: u64,
    /// Whether sumbench generated it (a file of `0..n`) rather than the user giving it.
    pub generated: bool,
    /// What the file was when it was checked: a run compares it before and after every
    /// call, so that a file changed mid-run is named as the cause of a wrong sum. `None`
    /// for a file not yet written.
    pub identity: Option<FileIdentity>,
}

/// The longest line, its ending included, that the reference reader accepts: 16 MiB. A
/// `u64` has at most 20 digits, so a line of one with a million leading zeros and a CRLF
/// is still below it; a file with a longer line (or an endless one, such as a
/// sparse file of zeros) is refused before any strategy reads it, so that no line buffer
/// grows without bound.
pub const MAX_LINE_BYTES: u64 = 16 << 20;

/// The file workload's read buffer by default: 64 KiB.
pub const FILE_CHUNK_SIZE: usize = 65_536;

pub use sumbench::measure::CacheState;

/// Why an input file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// It is a directory.
    #[error("{0}: is a directory, not a file of numbers")]
    Directory(String),
    /// It is a FIFO, a device or a socket: every strategy reads the file anew, and such a
    /// file cannot be read twice alike (or may never end).
    #[error(
        "{path}: is {what}, not a regular file; sumbench reads its input several times, so save the numbers to a file first"
    )]
    NotRegular {
        /// The file, as given.
        path: String,
        /// What it is.
        what: &'static str,
    },
    /// A line longer than [`MAX_LINE_BYTES`].
    #[error("{path}:{line}: the line is longer than {limit} bytes, the most a line of one number may take (a u64 has at most 20 digits)", limit = sumbench_page::units::grouped(MAX_LINE_BYTES))]
    LineTooLong {
        /// The file, as given.
        path: String,
        /// 1-based line number.
        line: u64,
    },
    /// A line is not a number, the sum overflows, or reading failed.
    #[error(transparent)]
    Sum(#[from] SumError),
    /// The generated file could not be written.
    #[error("cannot write the generated file {path}: {reason}")]
    Generate {
        /// Where it was being written.
        path: String,
        /// What the system said: in the message, and not its source, so that a chain of
        /// causes does not say it twice.
        reason: std::io::Error,
    },
    /// The sum of `0..n` does not fit in a `u64`.
    #[error("the sum of 0..{0} does not fit in a u64: n may be at most 6,074,001,000")]
    TooLarge(u64),
    /// The file system has no room for the generated file.
    #[error(
        "the generated file {path} needs {needed} of disk space, but only {free} is free there; choose a smaller --n"
    )]
    NoSpace {
        /// Where it would be written.
        path: String,
        /// Its size, in words.
        needed: String,
        /// The space free to this user, in words.
        free: String,
    },
}

impl DataFile {
    /// Drops the file's pages from the page cache, so that the next read comes from
    /// storage: dirty pages are written back first, as `POSIX_FADV_DONTNEED` drops clean
    /// pages only. Needs no privileges. Pages still mapped by a process stay resident.
    pub fn evict(&self) -> Result<(), SumError> {
        let io = |source| SumError::Io {
            path: self.display.clone(),
            error: source,
        };
        let file = self.open()?;
        file.sync_data().map_err(io)?;
        // SAFETY: a plain system call on a descriptor that `file` keeps open.
        let status =
            unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        if status != 0 {
            return Err(io(std::io::Error::from_raw_os_error(status)));
        }
        Ok(())
    }
}

/// The read buffer of the line-by-line strategies: std's default size, made explicit so
/// that their heap bound can name it.
pub const LINE_BUFFER_BYTES: u64 = 8 * 1024;

/// The most a line `String` grows to: `Vec`'s growth at least doubles and never allocates
/// fewer than 8 bytes, so a buffer that last grew to hold the longest line is below twice
/// its length.
pub fn line_buffer_bound(file: &DataFile) -> u64 {
    file.longest_line.saturating_mul(2).max(8)
}

/// Heap that opening `file` by its path may take: std turns a path of 384 bytes or more
/// into a heap `CString` for the system call (shorter ones go through a stack buffer).
pub fn open_overhead(file: &DataFile) -> u64 {
    file.path.as_os_str().len() as u64 + 1
}

/// The heap bound of a line-by-line strategy over `file`: its read buffer of
/// [`LINE_BUFFER_BYTES`], its line buffer at its largest and the path's open overhead.
pub fn line_reader_heap(file: &DataFile) -> u64 {
    LINE_BUFFER_BYTES
        .saturating_add(line_buffer_bound(file))
        .saturating_add(open_overhead(file))
}

impl DataFile {
    /// Opens the file behind a `BufReader` of [`LINE_BUFFER_BYTES`], as the line-by-line
    /// strategies read it.
    pub fn line_reader(&self) -> Result<BufReader<File>, SumError> {
        Ok(BufReader::with_capacity(
            LINE_BUFFER_BYTES as usize,
            self.open()?,
        ))
    }

    /// The error for a failed read of line `line` into a `String`: a line that is not UTF-8
    /// is named as a bad line; anything else is a read error.
    pub fn line_read_error(&self, line: u64, error: std::io::Error) -> SumError {
        if error.kind() == ErrorKind::InvalidData {
            parse_error(&self.display, line, b"(not UTF-8)")
        } else {
            SumError::Io {
                path: self.display.clone(),
                error,
            }
        }
    }
}

#[cfg(test)]
mod tests;
