//! The timeline records every change of live heap bytes exactly. One test function, in a
//! binary of its own: the allocator's counters and the recording are process-wide.

use std::hint::black_box;

use sumbench::measure::alloc::{self, CountingAlloc};
use sumbench::timeline::{self, DEFAULT_EVENT_CAPACITY, Recording, phase};
use sumbench_app::workloads;
use sumbench_app::workloads::strategy::{Mode, Params};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn assert_well_formed(recording: &Recording) {
    let first = recording.heap.first().unwrap();
    let last = recording.heap.last().unwrap();
    assert_eq!((first.t_ns, first.bytes), (0, 0), "starts at the baseline");
    assert!(
        recording.heap.windows(2).all(|w| w[0].t_ns <= w[1].t_ns),
        "not time-ordered"
    );
    assert!(recording.rss.windows(2).all(|w| w[0].t_ns <= w[1].t_ns));
    let total: i64 = recording.phases.iter().map(|p| p.increment_bytes).sum();
    assert_eq!(
        total, last.bytes,
        "phase increments add up to the total change"
    );
}

fn a_known_pattern_is_recorded_change_by_change() {
    let (_, recording) = timeline::record(DEFAULT_EVENT_CAPACITY, || {
        phase("two blocks");
        let a = black_box(vec![0u8; 1_000]);
        let b = black_box(vec![0u8; 2_000]);
        phase("release");
        drop(a);
        drop(b);
    })
    .unwrap();
    let series: Vec<i64> = recording.heap.iter().map(|p| p.bytes).collect();
    assert_eq!(series, [0, 1_000, 3_000, 2_000, 0, 0]);
    assert_eq!(recording.usage.peak_bytes, 3_000);
    assert_eq!(recording.dropped_events, 0);
    assert_well_formed(&recording);
    let names: Vec<&str> = recording.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["two blocks", "release"]);
    let [build, release] = &recording.phases[..] else {
        panic!("two phases");
    };
    assert_eq!(
        (
            build.end_bytes,
            build.increment_bytes,
            build.peak_bytes,
            build.allocations
        ),
        (3_000, 3_000, 3_000, 2)
    );
    assert_eq!(
        (
            release.end_bytes,
            release.increment_bytes,
            release.peak_bytes,
            release.allocations
        ),
        (0, -3_000, 3_000, 0)
    );
}

fn the_vec_strategy_shows_the_peak_a_line_table_hides() {
    let params = Params::range(10_000_000, Params::DEFAULT_CHUNK_SIZE);
    let vec = workloads::find("vec").unwrap();
    let (sum, recording) =
        timeline::record(DEFAULT_EVENT_CAPACITY, || vec.run(&params, Mode::Opaque)).unwrap();
    assert_eq!(sum.unwrap(), 49_999_995_000_000);
    assert_well_formed(&recording);
    assert_eq!(recording.peak_point().unwrap().bytes, 80_000_000);
    assert_eq!(
        recording.heap.last().unwrap().bytes,
        0,
        "ends at the baseline"
    );
    let collect = &recording.phases[0];
    assert_eq!(collect.name, "collect");
    assert_eq!(collect.peak_bytes, 80_000_000);
    assert_eq!(collect.allocations, 1);
    // By the end of the call the list is gone: the end-of-call figure alone shows nothing.
    let free = recording.phases.last().unwrap();
    assert_eq!((free.name.as_str(), free.end_bytes), ("free", 0));
}

fn a_full_buffer_keeps_the_peak_exact() {
    let params = Params::range(100_000, Params::DEFAULT_CHUNK_SIZE);
    let vec_push = workloads::find("vec_push").unwrap();
    let bound = vec_push.heap_bound(&params) as i64;
    let (_, recording) = timeline::record(3, || vec_push.run(&params, Mode::Opaque)).unwrap();
    // 1 allocation, 15 reallocations (one change of live bytes each) and a free: 17
    // events, of which 3 fit.
    assert_eq!(recording.dropped_events, 14);
    assert_eq!(recording.heap.len(), 3 + 2);
    assert_eq!(recording.usage.peak_bytes as i64, bound);
    assert_eq!(recording.phases[0].name, "push");
    assert_eq!(recording.phases[0].peak_bytes, bound);
    assert_well_formed(&recording);
}

fn recording_off_costs_no_allocation() {
    let (_, usage) = alloc::measure(|| {
        for _ in 0..1_000 {
            phase("a phase");
        }
    })
    .unwrap();
    assert_eq!(usage.allocations, 0);
    assert_eq!(usage.peak_bytes, 0);
}

fn the_rss_sampler_is_not_counted() {
    // A closure that allocates nothing, run long enough for many RSS samples.
    let (_, recording) = timeline::record(16, || {
        std::thread::sleep(std::time::Duration::from_millis(20));
    })
    .unwrap();
    assert!(recording.rss.len() >= 5, "{} samples", recording.rss.len());
    assert_eq!(recording.usage.allocations, 0);
    assert_eq!(recording.heap.iter().map(|p| p.bytes).max(), Some(0));
    assert_eq!(recording.phases.len(), 1);
    assert_eq!(recording.phases[0].name, "(whole run)");
}

fn a_panicking_closure_ends_the_recording() {
    let report_panics = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(|| {
        timeline::record(16, || {
            let _block = black_box(vec![0u8; 64]);
            panic!("the strategy failed");
        })
    });
    std::panic::set_hook(report_panics);
    assert!(outcome.is_err());
    drop(outcome);
    // The buffer the recording wrote into is gone; nothing may write to it any more, and
    // the next recording starts clean.
    let (_, recording) = timeline::record(16, || drop(black_box(vec![0u8; 100]))).unwrap();
    let series: Vec<i64> = recording.heap.iter().map(|p| p.bytes).collect();
    assert_eq!(series, [0, 100, 0, 0]);
}

#[test]
fn timeline_figures_are_exact() {
    a_known_pattern_is_recorded_change_by_change();
    the_vec_strategy_shows_the_peak_a_line_table_hides();
    a_full_buffer_keeps_the_peak_exact();
    recording_off_costs_no_allocation();
    the_rss_sampler_is_not_counted();
    a_panicking_closure_ends_the_recording();
}
