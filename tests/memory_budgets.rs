//! Every strategy stays within its declared heap bound, and the seed's figures are exact.
//! One test function in a binary of its own: the allocator's counters are process-wide.

use sumbench::alloc::CountingAlloc;
use sumbench::measure;
use sumbench::strategies::{self, REGISTRY};
use sumbench::strategy::{Mode, Params};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn peak(name: &str, n: u64, mode: Mode) -> measure::Sample {
    let strategy = strategies::find(name).unwrap();
    let params = Params {
        n,
        chunk_size: Params::DEFAULT_CHUNK_SIZE,
    };
    measure::sample(strategy, &params, mode).unwrap()
}

fn every_strategy_stays_within_its_bound() {
    for strategy in REGISTRY {
        for (n, chunk_size) in [
            (0, 10),
            (1, 10),
            (9_999, 10_000),
            (100_003, 10_000),
            (50_000, 7),
        ] {
            let params = Params { n, chunk_size };
            let bound = strategy.heap_bound(&params);
            for mode in Mode::ALL {
                // Twice: a first call may still set up rayon's pool.
                measure::sample(*strategy, &params, mode).unwrap();
                let sample = measure::sample(*strategy, &params, mode).unwrap();
                assert!(
                    sample.heap.peak_bytes <= bound,
                    "{} ({mode}) with {params:?} peaked at {} B, above its bound of {bound} B",
                    strategy.name(),
                    sample.heap.peak_bytes
                );
                assert_eq!(sample.heap.retained_bytes, 0, "{} leaked", strategy.name());
            }
        }
    }
}

fn the_seed_figures_are_exact() {
    for mode in Mode::ALL {
        let vec = peak("vec", 10_000_000, mode);
        assert_eq!(vec.heap.peak_bytes, 80_000_000);
        assert_eq!(vec.heap.allocations, 1);
        assert_eq!(vec.heap.bytes_allocated, 80_000_000);

        let vec_push = peak("vec_push", 10_000_000, mode);
        assert_eq!(vec_push.heap.peak_bytes, 201_326_592);

        let lazy = peak("lazy", 10_000_000, mode);
        assert_eq!(lazy.heap.peak_bytes, 0);
        assert_eq!(lazy.heap.allocations, 0);
    }
    // The declared bound of vec_push is its exact peak.
    let params = Params {
        n: 10_000_000,
        chunk_size: 10_000,
    };
    let vec_push = strategies::find("vec_push").unwrap();
    assert_eq!(vec_push.heap_bound(&params), 201_326_592);
}

#[test]
fn memory_budgets() {
    every_strategy_stays_within_its_bound();
    the_seed_figures_are_exact();
}
