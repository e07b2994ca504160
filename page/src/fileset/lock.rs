//! The directory lock: one writer at a time into a directory (the module documentation of
//! [`super`], item 1). Separate because the input file's cache takes the same lock.

use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::Context;

/// An exclusive `flock` on a directory, released when dropped (or when the process dies).
pub struct DirLock {
    _held: File,
}

impl DirLock {
    /// Waits for the lock on `dir` and takes it. A symbolic link is refused
    /// (`O_NOFOLLOW`): the lock is taken on the real directory or not at all.
    pub fn acquire(dir: &Path) -> anyhow::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
            .open(dir)
            .with_context(|| format!("cannot open {}", dir.display()))?;
        // SAFETY: flock on a file descriptor this value owns.
        let free = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if !free {
            // Held by another run: say so, then wait for it, rather than wait in silence.
            crate::say!(
                "waiting for another sumbench run to finish writing {}",
                dir.display()
            );
        }
        // SAFETY: flock on a file descriptor this value owns.
        let status = if free {
            0
        } else {
            unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) }
        };
        if status != 0 {
            return Err(std::io::Error::last_os_error())
                .with_context(|| format!("cannot lock {}", dir.display()));
        }
        Ok(Self { _held: file })
    }
}
