//! The file workload's input: a text file of unsigned integers, one per line, either the
//! user's own (`--input FILE`) or a generated file of `0..n`.
//!
//! Before anything is measured the file is read once by [`DataFile::inspect`], a plain
//! reference reader (std's `read_until` and `str::parse`, none of the strategies' code): it
//! checks every line, counts the values and computes the sum every strategy must return.
//! A bad line is reported there, with the file, line number and text, before any strategy
//! runs.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::parse::parse_error;
use super::sums::{SumError, expected_sum};
use crate::export::fileset::{DirLock, TEMP_PREFIX, ensure_real_dir_tail, remove_stale_temps};
use crate::units::bytes_human;

/// A checked input file and what the reference reader found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// What identifies a file's contents cheaply: its inode, size and modification time.
/// Rewriting, truncating, appending to or replacing the file changes at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity {
    /// The device and inode: which file the path names.
    pub device: u64,
    /// See `device`.
    pub inode: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its modification time, nanoseconds since the epoch.
    pub modified_ns: i128,
}

impl FileIdentity {
    /// The identity recorded in `metadata`.
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self {
            device: metadata.dev(),
            inode: metadata.ino(),
            bytes: metadata.len(),
            modified_ns: i128::from(metadata.mtime()) * 1_000_000_000
                + i128::from(metadata.mtime_nsec()),
        }
    }

    /// How `now` differs from `self`, in words; `None` if it does not.
    fn difference(&self, now: &Self) -> Option<String> {
        if (self.device, self.inode) != (now.device, now.inode) {
            Some("another file now has its name".to_owned())
        } else if self.bytes != now.bytes {
            Some(format!(
                "its size went from {} B to {} B",
                crate::units::grouped(self.bytes),
                crate::units::grouped(now.bytes)
            ))
        } else if self.modified_ns != now.modified_ns {
            Some("it was written to (its modification time changed)".to_owned())
        } else {
            None
        }
    }
}

/// The longest line, its ending included, that the reference reader accepts: 16 MiB. A
/// `u64` has at most 20 digits, so a line of one with a million leading zeros and a CRLF
/// is still below it; a file with a longer line (or an endless one, such as a
/// sparse file of zeros) is refused before any strategy reads it, so that no line buffer
/// grows without bound.
pub const MAX_LINE_BYTES: u64 = 16 << 20;

/// The file workload's read buffer by default: 64 KiB.
pub const FILE_CHUNK_SIZE: usize = 65_536;

pub use crate::measure::CacheState;

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
    #[error("{path}:{line}: the line is longer than {limit} bytes, the most a line of one number may take (a u64 has at most 20 digits)", limit = crate::units::grouped(MAX_LINE_BYTES))]
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
    #[error("cannot write the generated file {path}: {source}")]
    Generate {
        /// Where it was being written.
        path: String,
        /// What the system said.
        source: std::io::Error,
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
    /// Opens the user's file and reads it once with the reference reader. Only a regular
    /// file is read: a FIFO, a device or a socket is refused from its `stat`, before any
    /// `open` could block or read for ever.
    pub fn inspect(path: &Path) -> Result<Self, InputError> {
        let display = path.display().to_string();
        let io = |source| SumError::Io {
            path: display.clone(),
            error: source,
        };
        let metadata = std::fs::metadata(path).map_err(io)?;
        not_regular(&display, &metadata)?;
        // O_NONBLOCK: should the path have become a FIFO since the stat, the open does not
        // wait for a writer; the descriptor's own stat below refuses it.
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .map_err(io)?;
        let metadata = opened.metadata().map_err(io)?;
        not_regular(&display, &metadata)?;
        let identity = FileIdentity::of(&metadata);
        let mut reader = BufReader::new(opened);
        let mut file = DataFile {
            path: path.to_owned(),
            display: display.clone(),
            bytes: 0,
            newlines: 0,
            values: 0,
            longest_line: 0,
            sum: 0,
            generated: false,
            identity: Some(identity),
        };
        let mut line = Vec::new();
        let mut number = 0;
        loop {
            line.clear();
            let read = (&mut reader)
                .take(MAX_LINE_BYTES + 1)
                .read_until(b'\n', &mut line)
                .map_err(io)?;
            if read == 0 {
                break;
            }
            if read as u64 > MAX_LINE_BYTES {
                return Err(InputError::LineTooLong {
                    path: display,
                    line: number + 1,
                });
            }
            number += 1;
            file.bytes += read as u64;
            file.longest_line = file.longest_line.max(read as u64);
            let mut text = line.as_slice();
            if let Some(rest) = text.strip_suffix(b"\n") {
                file.newlines += 1;
                text = rest;
            }
            let line_text = text;
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.is_empty() {
                continue;
            }
            let value = std::str::from_utf8(text)
                .ok()
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse::<u64>().ok())
                .ok_or_else(|| parse_error(&display, number, line_text))?;
            file.values += 1;
            file.sum = file.sum.checked_add(value).ok_or(SumError::Overflow {
                path: display.clone(),
                line: number,
            })?;
        }
        // Written to while being read: the sum above is of no one version of the file.
        file.check_unchanged()?;
        Ok(file)
    }

    /// Opens the file for a strategy's read: without waiting (`O_NONBLOCK`, which changes
    /// nothing for a regular file), and only if it is still a regular file, so that a path
    /// swapped for a FIFO or a device after the last check neither hangs nor reads for ever.
    pub fn open(&self) -> Result<File, SumError> {
        let io = |source| SumError::Io {
            path: self.display.clone(),
            error: source,
        };
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&self.path)
            .map_err(io)?;
        if !opened.metadata().map_err(io)?.is_file() {
            return Err(SumError::Changed {
                path: self.display.clone(),
                what: "it is no longer a regular file".to_owned(),
            });
        }
        Ok(opened)
    }

    /// Fails, naming the file and what changed, if the file is no longer the one that was
    /// checked (see [`FileIdentity`]). Called before and after every measured call.
    pub fn check_unchanged(&self) -> Result<(), SumError> {
        let Some(checked) = &self.identity else {
            return Ok(());
        };
        let now = std::fs::metadata(&self.path).map(|m| FileIdentity::of(&m));
        let what = match now {
            Ok(now) => checked.difference(&now),
            Err(error) => Some(format!("it can no longer be read ({error})")),
        };
        match what {
            None => Ok(()),
            Some(what) => Err(SumError::Changed {
                path: self.display.clone(),
                what,
            }),
        }
    }

    /// The generated file of `0..n`, one per line, in `dir` (`range-<n>.txt`): written
    /// through a temporary file and a rename, and reused while its size is right.
    pub fn generated(dir: &Path, n: u64) -> Result<Self, InputError> {
        let mut file = Self::planned(dir, n)?;
        file.write_if_stale()?;
        let metadata = std::fs::metadata(&file.path).map_err(|source| InputError::Generate {
            path: file.display.clone(),
            source,
        })?;
        file.identity = Some(FileIdentity::of(&metadata));
        Ok(file)
    }

    /// Writes a generated file unless a file of its size is already there. Every call
    /// takes the data folder's lock and removes the temporaries a killed writer left, even
    /// when the file is already written: they can be as large as the file.
    pub fn write_if_stale(&self) -> Result<(), InputError> {
        if !self.generated {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let generate = |source| InputError::Generate {
            path: self.display.clone(),
            source,
        };
        // `sumbench/data` in the target directory: sumbench's own folders, never links.
        ensure_real_dir_tail(dir, 2)
            .map_err(|e| generate(std::io::Error::other(format!("{e:#}"))))?;
        // One writer at a time: a second run waits here, then finds the file written.
        let _lock =
            DirLock::acquire(dir).map_err(|e| generate(std::io::Error::other(format!("{e:#}"))))?;
        // A writer killed mid-way leaves its temporary; none is being written now.
        remove_stale_temps(dir);
        if self.is_written() {
            return Ok(());
        }
        if let Some(free) = free_space(dir).filter(|&free| free < self.bytes) {
            return Err(InputError::NoSpace {
                path: self.display.clone(),
                needed: bytes_human(self.bytes),
                free: bytes_human(free),
            });
        }
        write_range(dir, &self.path, self.values).map_err(generate)
    }

    /// Whether the file on disk has the planned size.
    /// A link is never taken for the file: it is replaced by a file of sumbench's own.
    fn is_written(&self) -> bool {
        std::fs::symlink_metadata(&self.path)
            .is_ok_and(|m| m.file_type().is_file() && m.len() == self.bytes)
    }

    /// What the generated file of `0..n` in `dir` holds, computed without touching it.
    pub fn planned(dir: &Path, n: u64) -> Result<Self, InputError> {
        let sum = expected_sum(n).ok_or(InputError::TooLarge(n))?;
        let path = dir.join(format!("range-{n}.txt"));
        let bytes = generated_bytes(n);
        Ok(DataFile {
            display: path.display().to_string(),
            path,
            bytes,
            newlines: n,
            values: n,
            longest_line: n.checked_sub(1).map_or(0, |last| digits(last) + 1),
            sum,
            generated: true,
            identity: None,
        })
    }

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

/// Refuses what is not a regular file: a directory, a FIFO, a device, a socket.
fn not_regular(display: &str, metadata: &std::fs::Metadata) -> Result<(), InputError> {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        return Err(InputError::Directory(display.to_owned()));
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(InputError::NotRegular {
        path: display.to_owned(),
        what,
    })
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

/// Decimal digits of `value`.
fn digits(value: u64) -> u64 {
    u64::from(value.checked_ilog10().unwrap_or(0)) + 1
}

/// The size of the file of `0..n`, one per line: for each number of digits d, the count of
/// numbers below `n` with d digits, times d + 1.
pub fn generated_bytes(n: u64) -> u64 {
    let mut total = 0u64;
    let mut low = 0u64;
    let mut high = 10u64;
    for width in 1..=20u64 {
        if low >= n {
            break;
        }
        let count = high.min(n) - low;
        total = total.saturating_add(count.saturating_mul(width + 1));
        low = high;
        high = high.saturating_mul(10);
    }
    total
}

/// The bytes an unprivileged user may still write on `dir`'s file system, if the system
/// says.
fn free_space(dir: &Path) -> Option<u64> {
    let path = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: a zeroed statvfs is a valid value to be filled in by the call below.
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a NUL-terminated string and `stats` a valid, writable statvfs.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stats) } != 0 {
        return None;
    }
    #[allow(
        clippy::useless_conversion,
        reason = "fsblkcnt_t and c_ulong are u64 on 64-bit Linux, narrower on other targets"
    )]
    let (blocks, block_size) = (u64::from(stats.f_bavail), u64::from(stats.f_frsize));
    Some(blocks.saturating_mul(block_size))
}

/// Writes `0..n`, one per line, to a temporary file in `dir`, then renames it to `path`.
fn write_range(dir: &Path, path: &Path, n: u64) -> std::io::Result<()> {
    let temporary = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    let mut out = BufWriter::with_capacity(1 << 16, temporary.as_file());
    let mut digits = itoa::Buffer::new();
    for i in 0..n {
        out.write_all(digits.format(i).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    drop(out);
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests;
