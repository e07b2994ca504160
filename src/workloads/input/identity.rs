//! Whether the input file is still the one that was checked: its [`FileIdentity`] (inode,
//! size, modification time), the regular-file check made before any read, and the
//! strategies' `open`. Apart from the reader and the generator because every measured call
//! goes through it, before and after, while they run once.

use std::fs::File;
use std::os::unix::fs::OpenOptionsExt;

use super::{DataFile, InputError};
use crate::workloads::sums::SumError;

/// What identifies a file's contents cheaply: its inode, size and modification time.
/// Rewriting, truncating, appending to or replacing the file changes at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
                sumbench_page::units::grouped(self.bytes),
                sumbench_page::units::grouped(now.bytes)
            ))
        } else if self.modified_ns != now.modified_ns {
            Some("it was written to (its modification time changed)".to_owned())
        } else {
            None
        }
    }
}

impl DataFile {
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
}

/// Refuses what is not a regular file: a directory, a FIFO, a device, a socket.
pub(super) fn not_regular(display: &str, metadata: &std::fs::Metadata) -> Result<(), InputError> {
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
