//! A strategy on an input made for each call, and one whose output is of its own type:
//! the setup and the output's drop stay out of the figures, the output stays in the heap
//! figure while the call holds it. One test function in a binary of its own: the
//! allocator's counters are process-wide.

use sumbench::measure::alloc::CountingAlloc;
use sumbench::measure::{self, About, Case, Contender, Repetitions, Workers};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// A fixed sequence of `n` scattered numbers (xorshift).
fn scattered(n: usize) -> Vec<u64> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        })
        .collect()
}

/// `contenders` in this process, after one warm-up round, over `runs` timed rounds.
fn rounds<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
    runs: u32,
) -> measure::Measured {
    let reps = Repetitions {
        warmups: 1,
        runs,
        ..Repetitions::default()
    };
    measure::run_all(
        contenders,
        case,
        reps,
        &Workers::Shared,
        &mut measure::Ticks(|| {}),
    )
    .unwrap()
}

/// What every sort must answer: the sorted list itself.
fn sorted(numbers: &[u64]) -> Vec<u64> {
    let mut copy = numbers.to_vec();
    copy.sort_unstable();
    copy
}

/// `sort_unstable` on a fresh copy: the copy is made outside the figures, and the sort
/// itself allocates nothing.
fn an_in_place_sort_on_a_fresh_copy_holds_no_heap() {
    let numbers = scattered(100_000);
    let case = Case::new(About::default(), sorted(&numbers));
    let unstable = Contender::with_setup(
        "sort_unstable",
        || Ok(numbers.clone()),
        |copy: &mut Vec<u64>| {
            copy.sort_unstable();
            Ok(())
        },
        |copy, ()| copy.clone(),
    );
    let (answer, sample) = measure::sample(&unstable, &case).unwrap();
    assert_eq!(answer, case.expected);
    assert_eq!(sample.heap.peak_bytes, 0);
    assert_eq!(sample.heap.allocations, 0);
    assert_eq!(sample.heap.bytes_allocated, 0);
    assert_eq!(sample.heap.retained_bytes, 0);

    // The stable sort's scratch buffer is its own: counted, and freed by its end.
    let stable = Contender::with_setup(
        "sort",
        || Ok(numbers.clone()),
        |copy: &mut Vec<u64>| {
            copy.sort();
            Ok(())
        },
        |copy, ()| copy.clone(),
    );
    let (answer, sample) = measure::sample(&stable, &case).unwrap();
    assert_eq!(answer, case.expected);
    assert!(sample.heap.allocations >= 1, "{sample:?}");
    assert!(sample.heap.peak_bytes > 0, "{sample:?}");
    assert_eq!(sample.heap.retained_bytes, 0);
}

/// An output of its own type is alive at the call's end, so it is in the peak and
/// retained; it is dropped after the answer is read, outside the figures.
fn an_output_of_its_own_type_is_in_the_heap_figure_and_dropped_after() {
    let case = Case::new(About::default(), 10_000usize);
    let collected = Contender::with_setup(
        "collected",
        || Ok(()),
        |()| Ok((0..10_000u64).collect::<Vec<u64>>()),
        |(), output| output.len(),
    );
    let (answer, sample) = measure::sample(&collected, &case).unwrap();
    assert_eq!(answer, 10_000);
    assert_eq!(sample.heap.peak_bytes, 80_000);
    assert_eq!(sample.heap.allocations, 1);
    assert_eq!(sample.heap.retained_bytes, 80_000);
}

/// Through the rounds: short calls are batched with their inputs made before the clock,
/// every answer is checked, and the heap figure is the sort's own.
fn the_rounds_batch_calls_with_their_own_inputs() {
    let numbers = scattered(64);
    let case = Case::new(About::default(), sorted(&numbers));
    let setups = std::sync::atomic::AtomicU64::new(0);
    let calls = std::sync::atomic::AtomicU64::new(0);
    let contenders = [
        Contender::with_setup(
            "sort_unstable",
            || {
                setups.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(numbers.clone())
            },
            |copy: &mut Vec<u64>| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // A sorted copy here means it was not fresh.
                anyhow::ensure!(!copy.is_sorted(), "the input was not fresh");
                copy.sort_unstable();
                Ok(())
            },
            |copy, ()| copy.clone(),
        ),
        Contender::new("already sorted", || Ok(case.expected.clone())),
    ];
    let measured = rounds(&contenders, &case, 5);
    let sort = &measured.results[0];
    assert!(sort.check.correct);
    assert!(sort.time.calls_per_sample > 1, "{:?}", sort.time);
    assert_eq!(sort.memory.peak_bytes, 0);
    assert_eq!(sort.memory.allocations, 0);
    // One setup per call, and one more for each of the sort's two runners (it and its
    // twin), whose calibration weighs an input.
    assert_eq!(
        setups.load(std::sync::atomic::Ordering::Relaxed),
        calls.load(std::sync::atomic::Ordering::Relaxed) + 2
    );
    // The other one's answer is a clone: one allocation of 64 × 8 bytes.
    assert_eq!(measured.results[1].memory.peak_bytes, 512);
}

/// A call of a few ns on a 16 MiB input: without a bound, a 50 µs sample would make
/// thousands of inputs at once. The inputs of one sample hold at most 64 MiB, so 4.
fn a_sample_holds_a_bounded_heap_of_inputs() {
    const INPUT: usize = 16 * 1024 * 1024;
    let case = Case::new(About::default(), INPUT);
    let contenders = [Contender::with_setup(
        "len",
        || Ok(vec![1u8; INPUT]),
        |input: &mut Vec<u8>| Ok(std::hint::black_box(input.len())),
        |_, len| len,
    )];
    let measured = rounds(&contenders, &case, 3);
    let len = &measured.results[0];
    assert!(len.check.correct);
    assert_eq!(len.time.calls_per_sample, 4, "{:?}", len.time);
    assert_eq!(len.memory.peak_bytes, 0);
}

#[test]
fn setup_and_outputs_stay_out_of_the_figures() {
    an_in_place_sort_on_a_fresh_copy_holds_no_heap();
    an_output_of_its_own_type_is_in_the_heap_figure_and_dropped_after();
    the_rounds_batch_calls_with_their_own_inputs();
    a_sample_holds_a_bounded_heap_of_inputs();
}
