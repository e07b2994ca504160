//! Every strategy stays within its declared heap bound, and the seed's figures are exact.
//! One test function in a binary of its own: the allocator's counters are process-wide.

use sumbench::measure;
use sumbench::measure::CacheState;
use sumbench::measure::alloc::{self, CountingAlloc};
use sumbench_app::workloads;
use sumbench_app::workloads::contenders;
use sumbench_app::workloads::input::DataFile;
use sumbench_app::workloads::strategy::{
    DynStrategy, Mode, Params, RAYON_SCHEDULER_BYTES, Workload,
};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// One counted call of a built-in strategy through the engine: its sum and its figures.
fn sample(
    strategy: &dyn DynStrategy,
    params: &Params,
    mode: Mode,
) -> anyhow::Result<(u64, measure::Sample)> {
    let case = contenders::case(params, mode, CacheState::Warm)?;
    measure::sample(&contenders::contender(strategy, params, mode), &case)
}

fn peak(name: &str, n: u64, mode: Mode) -> measure::Sample {
    let strategy = workloads::find(name).unwrap();
    let params = Params::range(n, Params::DEFAULT_CHUNK_SIZE);
    sample(strategy, &params, mode).unwrap().1
}

fn every_strategy_stays_within_its_bound() {
    for strategy in workloads::of(Workload::Range) {
        for (n, chunk_size) in [
            (0, 10),
            (1, 10),
            (9_999, 10_000),
            (100_003, 10_000),
            (50_000, 7),
        ] {
            let params = Params::range(n, chunk_size);
            let bound = strategy.heap_bound(&params);
            for mode in Mode::ALL {
                // Twice: a first call may still set up rayon's pool.
                sample(strategy, &params, mode).unwrap();
                let (_, sample) = sample(strategy, &params, mode).unwrap();
                assert!(
                    sample.heap.peak_bytes <= bound,
                    "{} ({mode}) with {params:?} peaked at {} B, above its bound of {bound} B",
                    strategy.name(),
                    sample.heap.peak_bytes
                );
                // rayon's scheduler may keep a queue block from one call to the next.
                assert!(
                    sample.heap.retained_bytes.unsigned_abs() <= RAYON_SCHEDULER_BYTES,
                    "{} kept {} B",
                    strategy.name(),
                    sample.heap.retained_bytes
                );
            }
        }
    }
}

/// Every file strategy within its bound on a generated file and on a file with a line
/// longer than the read buffer; the seed-size figures the issue sets as goals, exact.
fn every_file_strategy_stays_within_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.txt");
    std::fs::write(&long, format!("1\n{}7\n\r\n3", "0".repeat(300))).unwrap();
    let files = [
        DataFile::generated(dir.path(), 100_003).unwrap(),
        DataFile::inspect(&long).unwrap(),
    ];
    for file in files {
        for chunk_size in [7, 4_096, 65_536] {
            let params = Params::file(file.clone(), chunk_size);
            for strategy in workloads::of(Workload::File) {
                let bound = strategy.heap_bound(&params);
                sample(strategy, &params, Mode::AsWritten).unwrap();
                let (sum, sample) = sample(strategy, &params, Mode::AsWritten).unwrap();
                assert_eq!(sum, file.sum, "{}", strategy.name());
                assert!(
                    sample.heap.peak_bytes <= bound,
                    "{} with {params:?} peaked at {} B, above its bound of {bound} B",
                    strategy.name(),
                    sample.heap.peak_bytes
                );
            }
        }
    }
    // The heap goals at a 64 KiB buffer: chunked holds its buffer and nothing else, mmap
    // holds nothing, read_all holds the text and one u64 per line. At 10^6 lines, as at
    // the 10^7 of the reports (none of these figures but read_all's grows with the file),
    // so that this test ends well inside libtest's 60 s notice, whose message would be
    // counted: the counters are process-wide.
    let seed = DataFile::generated(dir.path(), 1_000_000).unwrap();
    let params = Params::file(seed.clone(), 65_536);
    let heap = |name: &str| {
        let strategy = workloads::find(name).unwrap();
        sample(strategy, &params, Mode::AsWritten).unwrap().1.heap
    };
    assert_eq!(heap("chunked").peak_bytes, 65_536);
    assert_eq!(heap("mmap").peak_bytes, 0);
    assert_eq!(heap("read_line_reused").allocations, 2);
    assert_eq!(heap("lines").allocations, 1_000_001);
    assert_eq!(
        heap("read_all").peak_bytes,
        seed.bytes + 8 * (seed.newlines + 1)
    );
}

fn nothing_accumulates_over_many_calls() {
    let params = Params::range(1_000, 100);
    for strategy in workloads::of(Workload::Range) {
        for mode in Mode::ALL {
            let (_, usage) = alloc::measure(|| {
                for _ in 0..200 {
                    std::hint::black_box(strategy.run(&params, mode).unwrap());
                }
            })
            .unwrap();
            // A leak of 82 B or more per call would exceed the scheduler's allowance.
            assert!(
                usage.retained_bytes.unsigned_abs() <= RAYON_SCHEDULER_BYTES,
                "{} ({mode}) kept {} B over 200 calls",
                strategy.name(),
                usage.retained_bytes
            );
        }
    }
}

fn the_seed_figures_are_exact() {
    for mode in Mode::ALL {
        let vec = peak("vec", 10_000_000, mode);
        assert_eq!(vec.heap.peak_bytes, 80_000_000);
        assert_eq!(vec.heap.allocations, 1);
        assert_eq!(vec.heap.bytes_allocated, 80_000_000);

        // The heap peaks at the final capacity (2^24 elements); DHAT's t-gmax agrees
        // (tests/dhat_crosscheck.rs).
        let vec_push = peak("vec_push", 10_000_000, mode);
        assert_eq!(vec_push.heap.peak_bytes, 134_217_728);
        assert_eq!(vec_push.heap.reallocations, 22);
        assert_eq!(vec_push.heap.bytes_allocated, 134_217_728);

        let lazy = peak("lazy", 10_000_000, mode);
        assert_eq!(lazy.heap.peak_bytes, 0);
        assert_eq!(lazy.heap.allocations, 0);
    }
    // The declared bound of vec_push is its exact peak.
    let params = Params::range(10_000_000, 10_000);
    let vec_push = workloads::find("vec_push").unwrap();
    assert_eq!(vec_push.heap_bound(&params), 134_217_728);
}

/// The kernel's peak resident figure against the pages the call touched, counted by
/// `getrusage`'s minor faults: a fresh 80 MB buffer is 19,532 first touches.
fn peak_rss_is_the_pages_touched() {
    if !sumbench::measure::rss::kernel_peak_available() {
        eprintln!("skipped: /proc/self/clear_refs cannot be written here");
        return;
    }
    let page = 4096;
    for name in ["vec", "vec_push", "rayon_collect"] {
        let sample = peak(name, 10_000_000, Mode::Opaque);
        let touched = sample.minor_faults * page;
        assert!(
            touched >= 80_000_000,
            "{name} took {} faults",
            sample.minor_faults
        );
        // Linux folds its per-CPU RSS counters in batches, so the mark may lag by some
        // dozens of pages; 1 % is far tighter than the 201 MB an old+new rule would give.
        assert!(
            sample.peak_rss.bytes.abs_diff(touched) < touched / 100,
            "{name}: peak RSS {} B against {touched} B touched",
            sample.peak_rss.bytes
        );
    }
    let lazy = peak("lazy", 10_000_000, Mode::Opaque);
    assert!(lazy.peak_rss.bytes < 64 * page, "lazy: {:?}", lazy.peak_rss);
}

/// The parallel strategy that holds no data stays within its bound at the largest n the
/// scaling sweep accepts, where a scheduler allowance that grew with the work would show.
/// (The sequential strategies that hold no data allocate nothing, or one chunk, whatever
/// the n; the test above covers them.)
fn the_scheduler_bound_holds_at_a_billion() {
    let params = Params::range(1_000_000_000, Params::DEFAULT_CHUNK_SIZE);
    let rayon_sum = workloads::find("rayon_sum").unwrap();
    let case = contenders::case(&params, Mode::Opaque, CacheState::Warm).unwrap();
    measure::prime(
        &contenders::contender(rayon_sum, &params, Mode::Opaque),
        &case,
    )
    .unwrap();
    let (sum, sample) = sample(rayon_sum, &params, Mode::Opaque).unwrap();
    assert_eq!(sum, 499_999_999_500_000_000);
    assert!(
        sample.heap.peak_bytes <= rayon_sum.heap_bound(&params),
        "rayon_sum held {} B at n = 10^9",
        sample.heap.peak_bytes
    );
}

#[test]
fn memory_budgets() {
    every_strategy_stays_within_its_bound();
    every_file_strategy_stays_within_its_bound();
    nothing_accumulates_over_many_calls();
    the_seed_figures_are_exact();
    peak_rss_is_the_pages_touched();
    the_scheduler_bound_holds_at_a_billion();
}
