//! What the operating system saw: page faults, resident set size, available memory.
//!
//! The heap counters say what the program asked for; these say what the kernel did about
//! it. A fresh 80 MB buffer costs about 19,500 *minor page faults* (one per 4 KiB page the
//! first time it is touched), and that first touch, not the arithmetic, is most of the time
//! of a materializing strategy.
//!
//! Everything here reads without allocating (`getrusage`, and procfs files read into a
//! stack buffer), so it can run beside the counting allocator, and from a sampling thread,
//! without being counted as the measured code's heap.

use std::fs::File;
use std::io::Read;

/// Process-wide counters from `getrusage(RUSAGE_SELF)`: all threads, rayon's included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Rusage {
    /// Page faults served without I/O (`ru_minflt`): mostly first touches of fresh pages.
    pub minor_faults: u64,
    /// Page faults that needed I/O (`ru_majflt`).
    pub major_faults: u64,
    /// The process's resident-set high-water mark so far, in bytes (`ru_maxrss` × 1024).
    pub max_rss_bytes: u64,
}

/// Reads `getrusage(RUSAGE_SELF)`; zeros if the call fails (it cannot on Linux).
pub(crate) fn rusage() -> Rusage {
    // SAFETY: `rusage` is plain old data; an all-zero value is valid and the kernel fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a `rusage` the call may write.
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if status != 0 {
        return Rusage::default();
    }
    let non_negative = |value: libc::c_long| u64::try_from(value).unwrap_or(0);
    Rusage {
        minor_faults: non_negative(usage.ru_minflt),
        major_faults: non_negative(usage.ru_majflt),
        max_rss_bytes: non_negative(usage.ru_maxrss) * 1024,
    }
}

/// Reads a small procfs file into a stack buffer, so that nothing is allocated.
fn read_small(path: &str, buffer: &mut [u8]) -> Option<usize> {
    let mut file = File::open(path).ok()?;
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(_) => return None,
        }
    }
    Some(filled)
}

fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).ok().filter(|&s| s > 0).unwrap_or(4096)
}

/// The process's current resident set size in bytes (the second field of
/// `/proc/self/statm`, in pages), or `None` where procfs is not available.
pub fn current_rss_bytes() -> Option<u64> {
    let mut buffer = [0u8; 256];
    let len = read_small("/proc/self/statm", &mut buffer)?;
    let text = std::str::from_utf8(&buffer[..len]).ok()?;
    let resident_pages: u64 = text.split_ascii_whitespace().nth(1)?.parse().ok()?;
    Some(resident_pages * page_size())
}

/// A `kB` field of `/proc/self/status` (`"VmHWM:"`, `"VmRSS:"`), in KiB.
pub(crate) fn status_field_kib(field: &str) -> Option<u64> {
    let mut buffer = [0u8; 4096];
    let len = read_small("/proc/self/status", &mut buffer)?;
    let text = std::str::from_utf8(&buffer[..len]).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_ascii_whitespace().nth(1)?.parse().ok()
}

/// Bytes this process (all its threads) caused to be fetched from storage so far
/// (`read_bytes` in `/proc/self/io`): reads served from the page cache do not count, so a
/// warm read of a file adds nothing and a cold one adds its size. `None` where the kernel
/// does not keep I/O accounting.
pub(crate) fn storage_read_bytes() -> Option<u64> {
    let mut buffer = [0u8; 512];
    let len = read_small("/proc/self/io", &mut buffer)?;
    let text = std::str::from_utf8(&buffer[..len]).ok()?;
    let line = text.lines().find(|l| l.starts_with("read_bytes:"))?;
    line.split_ascii_whitespace().nth(1)?.parse().ok()
}

/// Memory the kernel estimates is available for new allocations without swapping
/// (`MemAvailable` in `/proc/meminfo`), in bytes.
pub fn available_memory_bytes() -> Option<u64> {
    let mut buffer = [0u8; 4096];
    let len = read_small("/proc/meminfo", &mut buffer)?;
    let text = std::str::from_utf8(&buffer[..len]).ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_ascii_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests;
