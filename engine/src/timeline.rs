//! Memory over time, exactly: every change of live heap bytes while one strategy runs,
//! with its timestamp, plus the resident set sampled beside it and named phases.
//!
//! This is sumbench's `mprof run` + `mprof plot`, and its memory_profiler line table,
//! with two differences that matter:
//!
//! - **Every change is recorded**, not a sample every 0.1 s. The counting allocator writes
//!   one event (a monotonic clock read and the new live byte count) into a buffer that is
//!   allocated *before* the recording starts, so recording never allocates inside the
//!   allocator. If the buffer fills, later events are dropped and counted; the peak stays
//!   exact, because the allocator's peak counter, not the event list, provides it.
//! - **Phases show their peak.** memory_profiler reports the memory when a line *ends*, so
//!   the seed's list showed +2.9 MiB though it peaked near 400 MiB. A [`phase`] here records
//!   the most bytes live at any instant inside it.
//!
//! The resident set size is sampled by a helper thread every [`RSS_INTERVAL`]; the thread is
//! started, and has made its own allocations, before the recording begins, and its loop
//! allocates nothing, so none of its memory is counted against the strategy.
//!
//! A change is stamped when the allocator call that made it returns: freeing a large block
//! (an `munmap` of 80 MB takes milliseconds) shows as a drop at the end of that call, after
//! the resident set has already fallen.
//!
//! Recording is off unless [`record`] is running: the allocator and [`phase`] then pay one
//! relaxed atomic load each.

mod chart;
mod export;
mod recording;

pub use chart::{overlay_svg, strategy_svg};
pub use export::{
    PHASE_HEADERS, phase_cells, phase_table, phases_markdown, phases_table, series_csv,
};
pub use recording::{HeapPoint, Phase, QUIET_RSS_BYTES, Recording, RssPoint};

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering};

use crate::measure::alloc::{self, NotInstalled};
use crate::measure::rss::{self, PeakRss, PeakRssSource, PeakRssWatch, Sampler, now_ns};

pub use crate::measure::rss::RSS_INTERVAL;
/// Heap events the buffer holds by default (16 bytes each: 16 MiB).
pub const DEFAULT_EVENT_CAPACITY: usize = 1 << 20;
/// Bytes of one heap event slot, for the memory check before a recording.
pub const EVENT_BYTES: u64 = std::mem::size_of::<Event>() as u64;
/// Phase marks one recording keeps; later marks are ignored.
pub const PHASE_CAPACITY: usize = 256;

/// Whether a recording is active; read on every change of live bytes.
static RECORDING: AtomicBool = AtomicBool::new(false);
/// The preallocated event slots of the active recording.
static EVENTS: AtomicPtr<Event> = AtomicPtr::new(std::ptr::null_mut());
/// How many slots [`EVENTS`] has.
static CAPACITY: AtomicUsize = AtomicUsize::new(0);
/// The next slot to write; past [`CAPACITY`], the count of events seen.
static NEXT: AtomicUsize = AtomicUsize::new(0);
/// The most bytes live since the current phase began.
static PHASE_PEAK: AtomicUsize = AtomicUsize::new(0);
/// Threads inside [`record_event`]: the recording waits for them to leave before it frees
/// the buffer they may be writing into.
static WRITERS: AtomicUsize = AtomicUsize::new(0);
/// One recording at a time: the statics above belong to it.
static RECORD_LOCK: Mutex<()> = Mutex::new(());
/// Phase marks of the active recording (capacity reserved before it starts).
static PHASES: Mutex<Vec<Mark>> = Mutex::new(Vec::new());

/// One slot of the event buffer: written by whichever thread changed the heap.
#[derive(Debug, Default)]
struct Event {
    t_ns: AtomicU64,
    live: AtomicU64,
}

/// A phase boundary as recorded: the phase `name` starts here.
#[derive(Debug, Clone, Copy)]
struct Mark {
    name: &'static str,
    t_ns: u64,
    live: usize,
    allocations: usize,
    /// The peak of the phase this mark ends.
    previous_peak: usize,
}

/// The allocator's listener (see [`alloc::set_live_listener`]), called after each change
/// of live bytes; one relaxed load when idle.
#[inline]
fn on_live_change(live: usize) {
    if RECORDING.load(Ordering::Relaxed) {
        record_event(live);
    }
}

#[cold]
fn record_event(live: usize) {
    // Announce the write, then check again that the recording is still on: ending it clears
    // `RECORDING` and then waits for `WRITERS` to reach zero, so with sequentially
    // consistent ordering a writer either sees the recording off, or is waited for.
    // (`Active::drop` is the other half.)
    WRITERS.fetch_add(1, Ordering::SeqCst);
    if RECORDING.load(Ordering::SeqCst) {
        PHASE_PEAK.fetch_max(live, Ordering::Relaxed);
        let index = NEXT.fetch_add(1, Ordering::Relaxed);
        if index < CAPACITY.load(Ordering::Relaxed) {
            // SAFETY: while `RECORDING` is on and this thread counts in `WRITERS`,
            // `EVENTS` points to `CAPACITY` live slots (see `Active::drop`).
            let slot = unsafe { &*EVENTS.load(Ordering::Relaxed).add(index) };
            slot.t_ns.store(now_ns(), Ordering::Relaxed);
            slot.live.store(live as u64, Ordering::Relaxed);
        }
    }
    WRITERS.fetch_sub(1, Ordering::SeqCst);
}

/// The recording is on while this lives. Dropping it, on return or while a panic unwinds,
/// turns it off and waits until no thread is writing an event, so the buffer can be freed.
struct Active;

impl Active {
    fn start(slots: &[Event], live: usize) -> Self {
        // Installed once, before the first recording; a no-op afterwards.
        alloc::set_live_listener(on_live_change);
        EVENTS.store(slots.as_ptr().cast_mut(), Ordering::SeqCst);
        CAPACITY.store(slots.len(), Ordering::SeqCst);
        NEXT.store(0, Ordering::SeqCst);
        PHASE_PEAK.store(live, Ordering::SeqCst);
        RECORDING.store(true, Ordering::SeqCst);
        Active
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        RECORDING.store(false, Ordering::SeqCst);
        while WRITERS.load(Ordering::SeqCst) != 0 {
            std::hint::spin_loop();
        }
        EVENTS.store(std::ptr::null_mut(), Ordering::SeqCst);
        CAPACITY.store(0, Ordering::SeqCst);
    }
}

/// Marks the start of a named phase of the running strategy ("collect", "sum"). Free when
/// no timeline is being recorded: one relaxed atomic load. Call it from the thread that
/// runs the strategy.
#[inline]
pub fn phase(name: &'static str) {
    if RECORDING.load(Ordering::Relaxed) {
        mark(name);
    }
}

#[cold]
fn mark(name: &'static str) {
    let snapshot = alloc::snapshot();
    let previous_peak = PHASE_PEAK.swap(snapshot.live, Ordering::Relaxed);
    let mut marks = PHASES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Within the reserved capacity, so this push never allocates.
    if marks.len() < marks.capacity() {
        marks.push(Mark {
            name,
            t_ns: now_ns(),
            live: snapshot.live,
            allocations: snapshot.allocations,
            previous_peak,
        });
    }
}

/// Runs `f` once and records its heap timeline, its resident set and its phases.
///
/// `event_capacity` is how many heap changes are kept; beyond it events are dropped and
/// counted in [`Recording::dropped_events`]. Serialised with every other measurement.
pub fn record<T>(
    event_capacity: usize,
    f: impl FnOnce() -> T,
) -> Result<(T, Recording), NotInstalled> {
    if !alloc::is_installed() {
        return Err(NotInstalled);
    }
    let _one_at_a_time = RECORD_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Everything the recording writes into is allocated here, before the baseline.
    let slots: Box<[Event]> = (0..event_capacity.max(1))
        .map(|_| Event::default())
        .collect();
    clear_phases();
    let sampler = Sampler::start();
    let rss_start = crate::measure::os::current_rss_bytes().unwrap_or(0);
    // The kernel's exact mark where it can be reset; otherwise this recording's own
    // samples give the figure, and no second sampler is started.
    let peak_watch =
        rss::kernel_peak_available().then(|| PeakRssWatch::start_with(PeakRssSource::Kernel));

    let ((value, start, end), usage) = alloc::measure(|| {
        let start = Boundary::now();
        sampler.begin(start.t_ns);
        let active = Active::start(&slots, start.live);
        let value = f();
        drop(active);
        (value, start, Boundary::now())
    })?;
    let start_ns = start.t_ns;
    let last_peak = PHASE_PEAK.load(Ordering::SeqCst);
    let seen = NEXT.load(Ordering::SeqCst);
    let kernel_peak = peak_watch.map(PeakRssWatch::finish);
    let rss_samples = sampler.finish();
    let peak_rss = kernel_peak.unwrap_or_else(|| sampled_peak(&rss_samples, rss_start));
    let marks: Vec<Mark> = std::mem::take(
        &mut *PHASES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );

    let heap = heap_points(&slots[..seen.min(slots.len())], start, end);
    let rss = rss_points(&rss_samples, start_ns, rss_start);
    let phases = phases_from_marks(&marks, start, end, last_peak);
    let recording = Recording {
        heap,
        rss,
        peak_rss,
        phases,
        usage,
        dropped_events: seen.saturating_sub(slots.len()) as u64,
        duration_ns: end.t_ns.saturating_sub(start_ns),
    };
    Ok((value, recording))
}

/// Empties the phase marks and reserves their room, so that marking a phase during the
/// recording never allocates.
fn clear_phases() {
    let mut marks = PHASES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    marks.clear();
    marks.reserve_exact(PHASE_CAPACITY);
}

/// The resident peak above `rss_start` from the recording's own samples, where the
/// kernel's mark is not available.
fn sampled_peak(samples: &[(u64, u64)], rss_start: u64) -> PeakRss {
    PeakRss {
        bytes: samples
            .iter()
            .map(|&(_, bytes)| bytes.saturating_sub(rss_start))
            .max()
            .unwrap_or(0),
        source: PeakRssSource::Sampled,
    }
}

/// The heap line: 0 at the start, each recorded event (`slots`) in time order, and the
/// end, as time and bytes since the start.
fn heap_points(slots: &[Event], start: Boundary, end: Boundary) -> Vec<HeapPoint> {
    let above = |live: u64| live as i64 - start.live as i64;
    let since = |t: u64| t.saturating_sub(start.t_ns);
    let mut heap = Vec::with_capacity(slots.len() + 2);
    heap.push(HeapPoint { t_ns: 0, bytes: 0 });
    let mut events: Vec<HeapPoint> = slots
        .iter()
        .map(|slot| HeapPoint {
            t_ns: since(slot.t_ns.load(Ordering::Relaxed)),
            bytes: above(slot.live.load(Ordering::Relaxed)),
        })
        .collect();
    // Threads stamp their events independently; order them by time.
    events.sort_by_key(|p| p.t_ns);
    heap.extend(events);
    heap.push(HeapPoint {
        t_ns: since(end.t_ns),
        bytes: above(end.live as u64),
    });
    heap
}

/// The resident-set samples as time since `start_ns` and bytes above `rss_start`.
fn rss_points(samples: &[(u64, u64)], start_ns: u64, rss_start: u64) -> Vec<RssPoint> {
    samples
        .iter()
        .map(|&(t, bytes)| RssPoint {
            t_ns: t.saturating_sub(start_ns),
            bytes: bytes as i64 - rss_start as i64,
        })
        .collect()
}

/// The state at the start or the end of a recording.
#[derive(Debug, Clone, Copy)]
struct Boundary {
    t_ns: u64,
    live: usize,
    allocations: usize,
}

impl Boundary {
    /// The clock and the counters now; does not allocate.
    fn now() -> Self {
        let snapshot = alloc::snapshot();
        Self {
            t_ns: now_ns(),
            live: snapshot.live,
            allocations: snapshot.allocations,
        }
    }
}

/// Turns marks into phase rows. A strategy that marks no phase gets one `(whole run)`
/// row; time before the first mark belongs to the first phase.
fn phases_from_marks(
    marks: &[Mark],
    start: Boundary,
    end: Boundary,
    last_peak: usize,
) -> Vec<Phase> {
    let above = |live: usize| live as i64 - start.live as i64;
    if marks.is_empty() {
        return vec![Phase {
            name: "(whole run)".to_owned(),
            start_ns: 0,
            duration_ns: end.t_ns.saturating_sub(start.t_ns),
            end_bytes: above(end.live),
            increment_bytes: above(end.live),
            peak_bytes: above(last_peak.max(start.live).max(end.live)),
            allocations: end.allocations.saturating_sub(start.allocations) as u64,
        }];
    }
    let mut phases = Vec::with_capacity(marks.len());
    for (i, mark) in marks.iter().enumerate() {
        let (begin_t, begin_live, begin_allocations) = if i == 0 {
            (start.t_ns, start.live, start.allocations)
        } else {
            (mark.t_ns, mark.live, mark.allocations)
        };
        let (finish_t, finish_live, finish_allocations, peak) = match marks.get(i + 1) {
            Some(next) => (next.t_ns, next.live, next.allocations, next.previous_peak),
            None => (end.t_ns, end.live, end.allocations, last_peak),
        };
        // The first phase also covers what happened before its mark.
        let peak = if i == 0 {
            peak.max(mark.previous_peak)
        } else {
            peak
        };
        phases.push(Phase {
            name: mark.name.to_owned(),
            start_ns: begin_t.saturating_sub(start.t_ns),
            duration_ns: finish_t.saturating_sub(begin_t),
            end_bytes: above(finish_live),
            increment_bytes: finish_live as i64 - begin_live as i64,
            peak_bytes: above(peak.max(begin_live).max(finish_live)),
            allocations: finish_allocations.saturating_sub(begin_allocations) as u64,
        });
    }
    phases
}
