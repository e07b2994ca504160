//! Peak resident memory of one call: exact from the kernel where it allows it, sampled
//! where it does not, and always labelled with which.
//!
//! The heap peak says what the program asked for; the resident peak says how much
//! physical memory the call really occupied at its worst. They differ: a `Vec` grown by
//! `push` to 10,000,000 `u64`s holds 134,217,728 B of heap (its capacity) but only the
//! ~80 MB of pages it touched are ever resident, and a memory-mapped file holds no heap at
//! all while its pages are resident.
//!
//! # Exact, from the kernel
//!
//! Linux keeps a resident-set high-water mark per process (`VmHWM` in `/proc/self/status`).
//! Writing `5` to `/proc/self/clear_refs` resets it to the current resident set (see the
//! kernel's `Documentation/filesystems/proc.rst`). So [`PeakRssWatch`] resets it, reads it
//! once (the start), runs the call, and reads it again: the difference is the most memory
//! the process held resident at any instant of the call, above what it held at the start,
//! all threads included. No sampling interval can miss it, unlike mprof's 0.1 s samples.
//!
//! # Sampled, where the kernel refuses
//!
//! On another OS, or where `/proc` is read-only, the reset fails. Then a helper thread reads
//! the resident set every [`RSS_INTERVAL`] and the figure is the largest sample above the
//! start: it can miss a peak shorter than the interval, so it is labelled
//! [`PeakRssSource::Sampled`] everywhere it is shown.
//!
//! Nothing here allocates between the start and the end of a watched call (procfs files are
//! read into stack buffers, the sampler's buffer is allocated before it starts), so the
//! heap counters of the same call are not disturbed.

use std::fs::OpenOptions;
use std::io::Write;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::measure::os;

/// How often the sampler reads the resident set size.
pub const RSS_INTERVAL: Duration = Duration::from_micros(250);
/// Samples one sampler keeps (at [`RSS_INTERVAL`], over four minutes); later ones are
/// dropped, and the buffer never grows.
const SAMPLE_CAPACITY: usize = 1 << 20;

/// How a peak resident figure was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeakRssSource {
    /// The kernel's high-water mark, reset before the call: exact.
    Kernel,
    /// The largest of samples taken every [`RSS_INTERVAL`]: may miss a short peak.
    Sampled,
}

impl PeakRssSource {
    /// A short label for tables: empty for the exact figure, `(sampled)` otherwise.
    pub fn suffix(self) -> &'static str {
        match self {
            PeakRssSource::Kernel => "",
            PeakRssSource::Sampled => " (sampled)",
        }
    }
}

/// The most resident memory one call held, above the resident set at its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeakRss {
    /// Bytes.
    pub bytes: u64,
    /// Whether the kernel measured it or a sampler estimated it.
    pub source: PeakRssSource,
}

/// Resets the process's resident high-water mark to its current resident set, by writing
/// `5` to `/proc/self/clear_refs`. False where the kernel refuses or has no such file.
pub(crate) fn reset_high_water_mark() -> bool {
    // The path is short, so std builds its C string on the stack: nothing is allocated.
    OpenOptions::new()
        .write(true)
        .open("/proc/self/clear_refs")
        .and_then(|mut file| file.write_all(b"5"))
        .is_ok()
}

/// The process's resident high-water mark (`VmHWM` in `/proc/self/status`), in bytes.
pub(crate) fn high_water_mark_bytes() -> Option<u64> {
    os::status_field_kib("VmHWM:").map(|kib| kib * 1024)
}

/// Whether this process can reset its high-water mark (tried once, then remembered).
pub fn kernel_peak_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| reset_high_water_mark() && high_water_mark_bytes().is_some())
}

/// Watches one call's peak resident memory. Start it before the call (it allocates only
/// when it has to start a sampler, and then before the call), finish it after.
#[derive(Debug)]
pub struct PeakRssWatch {
    /// The resident set at the start, in the unit the end is read in.
    start_bytes: u64,
    /// Present when the kernel's mark cannot be reset.
    sampler: Option<Sampler>,
}

impl PeakRssWatch {
    /// Uses the kernel's high-water mark where it can be reset, else a sampler.
    pub fn start() -> Self {
        Self::start_with(if kernel_peak_available() {
            PeakRssSource::Kernel
        } else {
            PeakRssSource::Sampled
        })
    }

    /// Uses the given source; [`PeakRssSource::Kernel`] falls back to sampling if the reset
    /// fails.
    pub fn start_with(source: PeakRssSource) -> Self {
        if source == PeakRssSource::Kernel
            && reset_high_water_mark()
            && let Some(start_bytes) = high_water_mark_bytes()
        {
            return Self {
                start_bytes,
                sampler: None,
            };
        }
        let sampler = Sampler::start();
        let start_bytes = os::current_rss_bytes().unwrap_or(0);
        sampler.begin(now_ns());
        Self {
            start_bytes,
            sampler: Some(sampler),
        }
    }

    /// The peak since [`PeakRssWatch::start`], above the resident set at that moment.
    pub fn finish(self) -> PeakRss {
        match self.sampler {
            None => PeakRss {
                bytes: high_water_mark_bytes()
                    .unwrap_or(self.start_bytes)
                    .saturating_sub(self.start_bytes),
                source: PeakRssSource::Kernel,
            },
            Some(sampler) => {
                // One last read, so that a call shorter than the interval is seen at its end.
                let last = os::current_rss_bytes().unwrap_or(0);
                let highest = sampler
                    .finish()
                    .iter()
                    .map(|&(_, rss)| rss)
                    .fold(last, u64::max);
                PeakRss {
                    bytes: highest.saturating_sub(self.start_bytes),
                    source: PeakRssSource::Sampled,
                }
            }
        }
    }
}

/// Nanoseconds on the monotonic clock; does not allocate.
pub fn now_ns() -> u64 {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec the call fills.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut time) };
    time.tv_sec as u64 * 1_000_000_000 + time.tv_nsec as u64
}

/// Samples the resident set every [`RSS_INTERVAL`] until told to stop, into a buffer it
/// never grows. Dropped without [`Sampler::finish`] (a panicking strategy), it still stops
/// and joins its thread, so that the thread's memory is freed before anything else is
/// measured.
#[derive(Debug)]
pub struct Sampler {
    stop: Arc<AtomicBool>,
    start_ns: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<Vec<(u64, u64)>>>,
}

impl Sampler {
    /// Starts the thread and waits until it is ready, so that its start-up allocations are
    /// behind the caller. It samples nothing until [`Sampler::begin`].
    pub fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let ready = Arc::new(AtomicBool::new(false));
        let start_ns = Arc::new(AtomicU64::new(0));
        let thread = {
            let (stop, ready, start_ns) = (stop.clone(), ready.clone(), start_ns.clone());
            std::thread::spawn(move || {
                let mut samples: Vec<(u64, u64)> = Vec::with_capacity(SAMPLE_CAPACITY);
                // One read before reporting ready, so that nothing lazily set up on a first
                // read happens while the call runs.
                std::hint::black_box(os::current_rss_bytes());
                ready.store(true, Ordering::Release);
                while !stop.load(Ordering::Acquire) {
                    if start_ns.load(Ordering::Acquire) != 0
                        && samples.len() < samples.capacity()
                        && let Some(rss) = os::current_rss_bytes()
                    {
                        samples.push((now_ns(), rss));
                    }
                    std::thread::sleep(RSS_INTERVAL);
                }
                samples
            })
        };
        while !ready.load(Ordering::Acquire) {
            std::thread::yield_now();
        }
        Self {
            stop,
            start_ns,
            thread: Some(thread),
        }
    }

    /// Starts sampling; `start_ns` is the caller's time origin ([`now_ns`]).
    pub fn begin(&self, start_ns: u64) {
        self.start_ns.store(start_ns.max(1), Ordering::Release);
    }

    /// Stops the thread and returns its samples: `(now_ns, resident bytes)` in time order.
    pub fn finish(mut self) -> Vec<(u64, u64)> {
        self.stop.store(true, Ordering::Release);
        self.thread
            .take()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Held by every unit test that touches large buffers: the high-water mark is
/// process-wide, so two such tests at once would see each other's pages.
/// Growth of peak RSS up to this many bytes (64 pages of 4 KiB) is within the kernel's
/// run-to-run movement and does not fail a memory gate, and a call whose peak stays
/// under it is called quiet.
pub const RSS_SLACK_BYTES: u64 = 256 * 1024;

#[cfg(test)]
pub(crate) static TOUCH_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[cfg(test)]
mod tests;
