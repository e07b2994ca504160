//! Every range strategy returns n(n−1)/2, in both element modes, at the edges of the
//! chunking and for generated sizes. (The file strategies: `tests/file_workload.rs`.)

use proptest::prelude::*;
use sumbench_app::workloads;
use sumbench_app::workloads::strategy::{Mode, Params, Workload, expected_sum};

fn check_all(params: Params) {
    let expected = expected_sum(params.n).expect("test sizes have a u64 sum");
    for strategy in workloads::of(Workload::Range) {
        for mode in Mode::ALL {
            assert_eq!(
                strategy.run(&params, mode).unwrap(),
                expected,
                "{} ({mode}) with {params:?}",
                strategy.name()
            );
        }
    }
}

#[test]
fn edge_cases_around_the_chunk_size() {
    for chunk_size in [1, 2, 7, 10_000] {
        let mut sizes = vec![0, 1, 2, 3];
        sizes.extend([
            chunk_size - 1,
            chunk_size,
            chunk_size + 1,
            3 * chunk_size + 1,
        ]);
        for n in sizes {
            check_all(Params::range(n as u64, chunk_size));
        }
    }
}

#[test]
fn the_seed_case_at_a_glance() {
    // n = 10,000,000 in full is exercised by the memory-budget tests; here a size that
    // is not a multiple of the chunk, with the seed's chunk size.
    check_all(Params::range(123_457, 10_000));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_sizes_and_chunks(n in 0u64..20_000, chunk_size in 1usize..3_000) {
        check_all(Params::range(n, chunk_size));
    }
}
