//! The counting global allocator: stats_alloc's counters plus live and peak heap bytes.
//!
//! [`stats_alloc::StatsAlloc`] counts allocations, deallocations, reallocations and bytes,
//! but it keeps no notion of *live* bytes, so it cannot say how much heap a strategy held at
//! once. [`CountingAlloc`] wraps it and adds two process-wide atomics:
//!
//! - **live bytes**: bytes currently allocated through this allocator, by every thread
//!   (rayon's workers included, since all threads share the one global allocator);
//! - **peak live bytes**: the highest value live bytes has reached since the last
//!   [`measure`] began.
//!
//! # How a `realloc` is counted
//!
//! A `realloc` of a block from `old` to `new` bytes changes live bytes by `new − old`, as
//! valgrind's DHAT and dhat-rs count it (dhat-rs applies a `Delta` of `new − old`; DHAT's
//! t-gmax agrees, which `tests/dhat_crosscheck.rs` checks). That is also what the machine
//! holds: glibc grows a block above its mmap threshold with `mremap`, which moves the pages
//! without copying them, so the old and the new block are never both resident. Growing a
//! `Vec<u64>` to 10,000,000 elements by `push` thus peaks at its final capacity,
//! 16,777,216 × 8 = 134,217,728 B, and only the ~80 MB of pages it touched are resident.
//! (A small block that glibc moves by copying does hold both for the length of the copy;
//! neither DHAT nor this counter shows that instant.)
//!
//! # What it costs
//!
//! On top of stats_alloc's own two read-modify-writes per call, an allocation adds one
//! `fetch_add` on live bytes and one relaxed load of the peak; the peak is written only
//! when it is exceeded, which in a steady state is almost never (a `fetch_max` is a
//! compare-and-swap loop on x86, so calling it unconditionally cost more than the rest). A
//! deallocation adds one `fetch_sub`. Live bytes and the peak sit on cache lines of their
//! own ([`CachePadded`]), so a thread that reads the peak does not slow down the one that
//! changes live bytes. With several threads allocating at once the shared counters still
//! bounce between cores, stats_alloc's as well as ours; the `allocator_cost` bench group
//! measures one thread and all cores against the system allocator, and the report shows
//! both. A listener may ask to hear every change of live bytes ([`set_live_listener`]):
//! sumbench's timeline installs one that writes an event (a clock read and two stores) while
//! it records and returns after one relaxed load when it does not. Before any listener is
//! installed, a change costs one more atomic load. The allocator names no module above
//! it, so the timeline depends on the allocator and not the other way round.
//!
//! # Counting off, for timing
//!
//! Counting has a cost of its own (tens of ns per allocation and free on one thread, the
//! `allocator` bench group's figure in the report; much more when threads allocate at
//! once on the shared counters), which would be added to
//! every timed call of a strategy that allocates. [`uncounted`] switches counting off
//! for one closure: an allocation or a free then costs one relaxed load of the switch more
//! than the system allocator, and nothing is counted. Times come from uncounted calls;
//! heap figures from counted ones ([`measure`]), which are exact and repeat, so they need
//! not be the timed calls.
//!
//! A block allocated while counting is off and freed while it is on (rayon's scheduler
//! keeps a queue block across calls) lowers live bytes by its size without having raised
//! them. Live bytes are therefore signed, and every figure is taken relative to the live
//! bytes at a measurement's start, so such a free can only lower the peak of the one
//! counted call it happens in, by that block's size (a few KiB, parallel strategies only;
//! their gates already allow [`SCHEDULER_SLACK_BYTES`] for that block). The other way
//! round, a block allocated counted and freed uncounted stays in live bytes for good; no
//! figure is affected, since every figure is taken relative to a measurement's start.
//! [`live_bytes`] and the timeline's listener see live bytes floored at 0.
//!
//! [`SCHEDULER_SLACK_BYTES`]: crate::analysis::baseline::SCHEDULER_SLACK_BYTES
//!
//! # One measurement at a time
//!
//! The counters are process-wide, so two measurements running at once would see each
//! other's allocations. [`measure`] serialises itself with a lock; allocations made by
//! *other* code running concurrently (a test harness printing results, a progress bar's
//! ticker thread) are still counted. Measure in a process, or a test binary, that does
//! nothing else meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crossbeam_utils::CachePadded;
use stats_alloc::{Stats, StatsAlloc};

/// stats_alloc's counters around the system allocator; every binary that installs
/// [`CountingAlloc`] allocates through this one instance.
static STATS: StatsAlloc<System> = StatsAlloc::system();
/// Bytes allocated and not yet freed while counting was on, across all threads (signed:
/// see "Counting off, for timing" above).
static LIVE_BYTES: CachePadded<AtomicIsize> = CachePadded::new(AtomicIsize::new(0));
/// The highest [`LIVE_BYTES`] has been since the last reset (a measurement's start).
static PEAK_BYTES: CachePadded<AtomicIsize> = CachePadded::new(AtomicIsize::new(0));
/// Whether allocations are counted; on unless [`uncounted`] runs. Read on every
/// allocation, so it sits on a line of its own, written only between calls.
static COUNTING: CachePadded<AtomicBool> = CachePadded::new(AtomicBool::new(true));
/// Serialises [`measure`]: the counters above are shared by the whole process.
static MEASURE_LOCK: Mutex<()> = Mutex::new(());

/// The global allocator that makes heap measurement possible.
///
/// Install it in every binary that measures (the CLI, each bench and test binary):
///
/// ```
/// #[global_allocator]
/// static ALLOCATOR: sumbench::measure::alloc::CountingAlloc = sumbench::measure::alloc::CountingAlloc;
///
/// # fn main() {
/// let (buffer, usage) = sumbench::measure::alloc::measure(|| vec![0u8; 1024]).unwrap();
/// assert_eq!(usage.peak_bytes, 1024);
/// assert_eq!(usage.allocations, 1);
/// # drop(buffer);
/// # }
/// ```
///
/// It is declared per binary rather than inside the library, so that a binary that wants
/// the plain [`System`] allocator keeps it. [`measure`] checks that it is installed and
/// refuses to report zeros otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

/// Hears every change of live bytes once installed; see [`set_live_listener`].
static LISTENER: OnceLock<fn(usize)> = OnceLock::new();

/// Installs `listener`, called with the new live byte count after every allocation and
/// free, on the thread that made it, from inside the allocator: it must not allocate,
/// and it should return at once when it has nothing to do. The first listener stays for
/// the life of the process (later calls change nothing): the timeline is the one.
pub fn set_live_listener(listener: fn(usize)) {
    LISTENER.get_or_init(|| listener);
}

#[inline]
fn notify(live: isize) {
    if let Some(listener) = LISTENER.get() {
        listener(live.max(0) as usize);
    }
}

/// Adds `delta` to the live bytes, tells the listener, and gives the new live figure.
#[inline]
fn add_live(delta: isize) -> isize {
    let live = LIVE_BYTES
        .fetch_add(delta, Ordering::Relaxed)
        .wrapping_add(delta);
    notify(live);
    live
}

#[inline]
fn grow(bytes: usize) {
    let live = add_live(bytes as isize);
    // A plain load first: the peak is rarely exceeded, and `fetch_max` is a CAS loop.
    if live > PEAK_BYTES.load(Ordering::Relaxed) {
        PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
    }
}

#[inline]
fn shrink(bytes: usize) {
    add_live((bytes as isize).wrapping_neg());
}

/// Whether this allocation is counted: one relaxed load.
#[inline]
fn counting() -> bool {
    COUNTING.load(Ordering::Relaxed)
}

// SAFETY: every call is forwarded unchanged to `StatsAlloc<System>`, itself a sound
// forwarder to `System`; the bookkeeping around it never allocates.
// The uncounted path is inlined into the allocator shim and the counted one kept out of
// line, so that with counting off an allocation is one relaxed load and a jump to the
// system allocator, with no frame of the counted path around it.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !counting() {
            // SAFETY: forwarded with the caller's guarantees.
            return unsafe { System.alloc(layout) };
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { counted::alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !counting() {
            // SAFETY: forwarded with the caller's guarantees.
            return unsafe { System.alloc_zeroed(layout) };
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { counted::alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !counting() {
            // SAFETY: forwarded with the caller's guarantees.
            return unsafe { System.dealloc(ptr, layout) };
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { counted::dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !counting() {
            // SAFETY: forwarded with the caller's guarantees.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { counted::realloc(ptr, layout, new_size) }
    }
}

mod counted;
mod overhead;

pub use overhead::{UncountedOverhead, uncounted_overhead};

/// Bytes currently allocated through [`CountingAlloc`] by all threads, as counted (see
/// "Counting off, for timing": blocks allocated uncounted are not in it).
pub fn live_bytes() -> usize {
    LIVE_BYTES.load(Ordering::Relaxed).max(0) as usize
}

/// Runs `f` with counting off: its allocations cost the system allocator's price plus one
/// relaxed load, and count nowhere. For timed calls. Must not overlap a [`measure`]: it
/// takes the same lock, so a measurement waits for it and it waits for a measurement.
pub fn uncounted<T>(f: impl FnOnce() -> T) -> T {
    let _guard = MEASURE_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    /// Counting comes back on however `f` ends, a panic included.
    struct On;
    impl Drop for On {
        fn drop(&mut self) {
            COUNTING.store(true, Ordering::SeqCst);
        }
    }
    let _on = On;
    COUNTING.store(false, Ordering::SeqCst);
    f()
}

/// What one closure did to the heap, measured by [`measure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct HeapUsage {
    /// The most bytes live at once while the closure ran, above the live bytes at its
    /// start (0 if it never held more than it started with). All threads count.
    pub peak_bytes: u64,
    /// Calls to `alloc` and `alloc_zeroed` during the closure (reallocations not included).
    pub allocations: u64,
    /// Calls to `realloc` during the closure.
    pub reallocations: u64,
    /// Bytes requested by `alloc`/`alloc_zeroed`, plus the growth of each `realloc` that
    /// grew (stats_alloc's convention: growing a block from 64 to 128 B adds 64 B).
    pub bytes_allocated: u64,
    /// Live bytes at the closure's end minus live bytes at its start: what it leaked or
    /// kept (signed, since a closure may free what was allocated before it).
    pub retained_bytes: i64,
}

impl HeapUsage {
    fn between(before: &Stats, after: &Stats, peak_above: usize, retained: i64) -> Self {
        let change = *after - *before;
        Self {
            peak_bytes: peak_above as u64,
            allocations: change.allocations as u64,
            reallocations: change.reallocations as u64,
            bytes_allocated: change.bytes_allocated as u64,
            retained_bytes: retained,
        }
    }
}

/// The counting allocator is not this binary's global allocator, so every count would read 0.
#[derive(Debug, thiserror::Error)]
#[error(
    "the counting allocator is not installed in this binary: add \
     `#[global_allocator] static A: sumbench::measure::alloc::CountingAlloc = sumbench::measure::alloc::CountingAlloc;`"
)]
pub struct NotInstalled;

/// Whether [`CountingAlloc`] is this process's global allocator (one probe allocation).
pub fn is_installed() -> bool {
    let before = STATS.stats().allocations;
    let probe = std::hint::black_box(Box::new(0u64));
    drop(probe);
    STATS.stats().allocations != before
}

/// Runs `f` once and returns its result with what it did to the heap.
///
/// The peak is reset to the live bytes at the start, so [`HeapUsage::peak_bytes`] is the
/// closure's own high-water mark above what already existed. Holds a process-wide lock
/// for the duration, so two measurements never overlap.
pub fn measure<T>(f: impl FnOnce() -> T) -> Result<(T, HeapUsage), NotInstalled> {
    let _guard = MEASURE_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Under the lock: no uncounted call is running to hide the probe.
    if !is_installed() {
        return Err(NotInstalled);
    }
    let start_live = LIVE_BYTES.load(Ordering::SeqCst);
    PEAK_BYTES.store(start_live, Ordering::SeqCst);
    let before = STATS.stats();
    let value = f();
    let after = STATS.stats();
    let end_live = LIVE_BYTES.load(Ordering::SeqCst);
    let peak = PEAK_BYTES.load(Ordering::SeqCst);
    let usage = HeapUsage::between(
        &before,
        &after,
        peak.saturating_sub(start_live).max(0) as usize,
        end_live.wrapping_sub(start_live) as i64,
    );
    Ok((value, usage))
}

/// The live bytes and the allocation count at one instant, for marks taken inside a
/// measurement (the timeline's phases). Does not allocate.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    /// [`live_bytes`] at that instant.
    pub live: usize,
    /// stats_alloc's allocation count at that instant.
    pub allocations: usize,
}

/// The live bytes and allocation count now (see [`Snapshot`]).
pub fn snapshot() -> Snapshot {
    Snapshot {
        live: LIVE_BYTES.load(Ordering::SeqCst).max(0) as usize,
        allocations: STATS.stats().allocations,
    }
}
