//! The generated input: the file of `0..n`, one per line, planned (its size, longest line
//! and sum computed without touching it) and written once, under the data folder's lock,
//! through a file that has no name until it is whole. Apart from the reference reader because it writes, and only for
//! the generated file; a user's own file never comes here.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::{DataFile, FileIdentity, InputError};
use crate::workloads::sums::expected_sum;
use sumbench_page::fileset::{
    DirLock, TEMP_PREFIX, ensure_real_dir_tail, read_regular, remove_stale_temps,
};
use sumbench_page::units::bytes_human;

impl DataFile {
    /// The generated file of `0..n`, one per line, in `dir` (`range-<n>.txt`): written
    /// through a file with no name until it is whole, and reused while it is the file
    /// written (its size and its recorded identity).
    pub fn generated(dir: &Path, n: u64) -> Result<Self, InputError> {
        let mut file = Self::planned(dir, n)?;
        file.write_if_stale()?;
        let metadata = std::fs::metadata(&file.path).map_err(|reason| InputError::Generate {
            path: file.display.clone(),
            reason,
        })?;
        file.identity = Some(FileIdentity::of(&metadata));
        Ok(file)
    }

    /// Writes a generated file unless the file written before is still there. Every call
    /// takes the data folder's lock and removes the temporaries a killed writer left, even
    /// when the file is already written: they can be as large as the file.
    pub fn write_if_stale(&self) -> Result<(), InputError> {
        if !self.generated {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let generate = |reason| InputError::Generate {
            path: self.display.clone(),
            reason,
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

    /// Whether the file on disk is the one written for this plan: its size, and the
    /// identity recorded when it was written (a file edited in place is written again).
    /// A link is never taken for the file: it is replaced by a file of sumbench's own.
    fn is_written(&self) -> bool {
        let Ok(metadata) = std::fs::symlink_metadata(&self.path) else {
            return false;
        };
        let recorded = read_regular(&stamp_path(&self.path), 4096)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str::<FileIdentity>(&text).ok());
        metadata.file_type().is_file()
            && metadata.len() == self.bytes
            && recorded == Some(FileIdentity::of(&metadata))
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

/// Writes `0..n`, one per line, to `path` through a file in `dir` that has no name until
/// it is whole, then records its identity beside it ([`stamp_path`]).
fn write_range(dir: &Path, path: &Path, n: u64) -> std::io::Result<()> {
    let temporary = PendingFile::create(dir)?;
    let mut out = BufWriter::with_capacity(1 << 16, temporary.file());
    let mut digits = itoa::Buffer::new();
    for i in 0..n {
        out.write_all(digits.format(i).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    drop(out);
    temporary.file().sync_all()?;
    temporary.persist(dir, path)?;
    let identity = FileIdentity::of(&std::fs::symlink_metadata(path)?);
    let stamp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    serde_json::to_writer(stamp.as_file(), &identity)?;
    stamp.persist(stamp_path(path)).map_err(|e| e.error)?;
    Ok(())
}

/// Where the identity of a generated file is kept: the file is reused only while it is
/// still the one written, so that a file edited in place is written again.
fn stamp_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".written");
    name.into()
}

/// A file being written: on Linux, one with no name (`O_TMPFILE`), which vanishes with the
/// process however it ends (Ctrl-C, `kill -9`), and is linked into place once whole. Where
/// the file system cannot do that, a named temporary, which a signal can leave behind
/// until the next run removes it.
enum PendingFile {
    /// The file with no name.
    Unnamed(std::fs::File),
    /// The fallback.
    Named(tempfile::NamedTempFile),
}

impl PendingFile {
    fn create(dir: &Path) -> std::io::Result<Self> {
        use std::os::unix::fs::OpenOptionsExt;
        let anonymous = std::fs::OpenOptions::new()
            .write(true)
            .mode(0o644)
            .custom_flags(libc::O_TMPFILE)
            .open(dir);
        match anonymous {
            Ok(file) => Ok(Self::Unnamed(file)),
            Err(_) => Ok(Self::Named(
                tempfile::Builder::new()
                    .prefix(TEMP_PREFIX)
                    .tempfile_in(dir)?,
            )),
        }
    }

    fn file(&self) -> &std::fs::File {
        match self {
            Self::Unnamed(file) => file,
            Self::Named(named) => named.as_file(),
        }
    }

    /// Gives the file its name `path` in `dir`, replacing what was there: linked under a
    /// temporary name, then renamed, since a link never replaces a file.
    fn persist(self, dir: &Path, path: &Path) -> std::io::Result<()> {
        match self {
            Self::Named(named) => named.persist(path).map(drop).map_err(|e| e.error),
            Self::Unnamed(file) => {
                use std::os::fd::AsRawFd;
                let name = dir.join(format!("{TEMP_PREFIX}{:016x}", fastrand::u64(..)));
                let from = std::ffi::CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
                    .map_err(std::io::Error::other)?;
                let to = std::ffi::CString::new(name.as_os_str().as_encoded_bytes())
                    .map_err(std::io::Error::other)?;
                // SAFETY: both are NUL-terminated paths; the descriptor is open.
                let linked = unsafe {
                    libc::linkat(
                        libc::AT_FDCWD,
                        from.as_ptr(),
                        libc::AT_FDCWD,
                        to.as_ptr(),
                        libc::AT_SYMLINK_FOLLOW,
                    )
                };
                if linked != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                std::fs::rename(&name, path).inspect_err(|_| {
                    let _ = std::fs::remove_file(&name);
                })
            }
        }
    }
}
