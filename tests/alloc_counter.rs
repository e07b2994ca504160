//! The counting allocator's figures are exact. One test function, because the counters
//! are process-wide: tests running in parallel threads would count each other.

use std::hint::black_box;

use rayon::prelude::*;
use sumbench::measure::alloc::{self, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn a_known_allocation_gives_its_exact_peak() {
    let (_, usage) = alloc::measure(|| {
        let buffer = black_box(vec![7u8; 1_000_000]);
        drop(buffer);
    })
    .unwrap();
    assert_eq!(usage.peak_bytes, 1_000_000);
    assert_eq!(usage.allocations, 1);
    assert_eq!(usage.bytes_allocated, 1_000_000);
    assert_eq!(usage.retained_bytes, 0);

    // Two live at once, then one: the peak is their sum.
    let (_, usage) = alloc::measure(|| {
        let first = black_box(vec![1u64; 1_000]);
        let second = black_box(vec![2u64; 500]);
        drop(first);
        let third = black_box(vec![3u64; 100]);
        drop((second, third));
    })
    .unwrap();
    assert_eq!(usage.peak_bytes, 12_000);
    assert_eq!(usage.allocations, 3);
    assert_eq!(usage.bytes_allocated, 12_800);
}

fn a_kept_allocation_is_retained_and_measured_from_the_start() {
    let kept = black_box(vec![0u8; 4_096]);
    let (boxed, usage) = alloc::measure(|| black_box(Box::new([1u8; 100]))).unwrap();
    // The 4,096 bytes live before the measurement are not part of its peak.
    assert_eq!(usage.peak_bytes, 100);
    assert_eq!(usage.retained_bytes, 100);
    drop((kept, boxed));
}

/// DHAT's and dhat-rs's rule: a realloc changes live bytes by `new − old`.
fn a_realloc_changes_live_bytes_by_new_minus_old() {
    let (_, usage) = alloc::measure(|| {
        let mut buffer: Vec<u64> = Vec::with_capacity(1_000);
        buffer.extend(0..1_000);
        black_box(&buffer);
        buffer.reserve_exact(1_000); // 8,000 B → 16,000 B
        black_box(&buffer);
        buffer.truncate(10);
        buffer.shrink_to_fit(); // 16,000 B → 80 B
        black_box(buffer);
    })
    .unwrap();
    assert_eq!(usage.allocations, 1);
    assert_eq!(usage.reallocations, 2);
    assert_eq!(usage.peak_bytes, 16_000);
    assert_eq!(usage.bytes_allocated, 16_000);
    assert_eq!(usage.retained_bytes, 0);

    // Kept across the measurement: the shrink shows as a negative retained figure.
    let mut kept: Vec<u8> = Vec::with_capacity(4_000);
    kept.push(1);
    let (_, usage) = alloc::measure(|| kept.shrink_to(1_000)).unwrap();
    assert_eq!(usage.peak_bytes, 0);
    assert_eq!(usage.retained_bytes, -3_000);
    drop(kept);
}

/// Joined with `JoinHandle::join`, which waits for each thread to exit: a scoped thread's
/// scope may end before the thread's own exit frees its bookkeeping.
fn allocate_and_free_on_four_threads() {
    let threads: Vec<_> = (0..4u8)
        .map(|thread| {
            std::thread::spawn(move || {
                for round in 0..1_000 {
                    let block = black_box(vec![thread; 64 + round % 512]);
                    drop(block);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}

fn threads_allocating_and_freeing_leave_live_bytes_at_the_baseline() {
    // std sets up its thread bookkeeping once, on the first spawn; do that first.
    allocate_and_free_on_four_threads();
    let baseline = alloc::live_bytes();
    let (_, usage) = alloc::measure(allocate_and_free_on_four_threads).unwrap();
    assert_eq!(alloc::live_bytes(), baseline);
    assert_eq!(usage.retained_bytes, 0);
    assert!(usage.allocations >= 4_000);
    assert!(usage.peak_bytes >= 64);
}

/// Many threads allocate, grow and shrink blocks, all hold them at a barrier, and each
/// hands its blocks to another thread to free: live bytes come back exactly to the
/// baseline, and the peak is at least what all of them held at the barrier.
fn reallocs_and_frees_on_other_threads_balance_exactly() {
    const THREADS: usize = 16;
    const BLOCKS: usize = 50;
    let held_each: usize = (0..BLOCKS).map(|b| 100 + b).sum();
    // Joined with `JoinHandle::join`, which waits for each thread to exit (see above).
    let run = || {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(THREADS));
        let (senders, receivers): (Vec<_>, Vec<_>) = (0..THREADS)
            .map(|_| std::sync::mpsc::channel::<Vec<Vec<u8>>>())
            .unzip();
        // Thread t sends its blocks to thread t + 1, which frees them.
        let mut receivers = receivers;
        receivers.rotate_right(1);
        let threads: Vec<_> = senders
            .into_iter()
            .zip(receivers)
            .enumerate()
            .map(|(t, (sender, receiver))| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(BLOCKS);
                    for b in 0..BLOCKS {
                        let mut block = vec![t as u8; 10];
                        block.reserve_exact(1_000 + b); // grow: realloc
                        block.resize(100 + b, 1);
                        block.shrink_to_fit(); // shrink: realloc to 100 + b bytes
                        blocks.push(black_box(block));
                    }
                    barrier.wait();
                    sender.send(blocks).unwrap();
                    drop(black_box(receiver.recv().unwrap()));
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
    };
    run(); // thread and channel bookkeeping set up once, outside the measurement
    let baseline = alloc::live_bytes();
    let (_, usage) = alloc::measure(run).unwrap();
    assert_eq!(alloc::live_bytes(), baseline);
    assert_eq!(usage.retained_bytes, 0, "{usage:?}");
    assert!(
        usage.reallocations >= (THREADS * BLOCKS * 2) as u64,
        "{usage:?}"
    );
    assert!(
        usage.peak_bytes >= (THREADS * held_each) as u64,
        "{usage:?}: all threads held {} B at the barrier",
        THREADS * held_each
    );
}

fn a_rayon_workers_allocations_are_counted() {
    // Start the pool outside the measurement: its threads and queues are not the job's.
    rayon::broadcast(|_| ());
    let (blocks, usage) = alloc::measure(|| {
        (0..64u64)
            .into_par_iter()
            .map(|i| black_box(vec![i; 1_000]).iter().sum::<u64>())
            .collect::<Vec<u64>>()
    })
    .unwrap();
    assert_eq!(blocks.len(), 64);
    // 64 blocks of 8,000 B made on the workers, plus the 512 B result vector.
    assert!(usage.allocations >= 65, "{usage:?}");
    assert!(usage.bytes_allocated >= 64 * 8_000 + 512, "{usage:?}");
    assert!(usage.peak_bytes >= 8_000 + 512, "{usage:?}");

    // Work that only runs on rayon's workers is counted too.
    let (_, usage) = alloc::measure(|| {
        rayon::broadcast(|_| black_box(vec![0u8; 10_000]).len());
    })
    .unwrap();
    let threads = rayon::current_num_threads() as u64;
    assert!(usage.bytes_allocated >= threads * 10_000, "{usage:?}");
}

#[test]
fn counting_allocator_figures_are_exact() {
    assert!(alloc::is_installed());
    a_known_allocation_gives_its_exact_peak();
    a_kept_allocation_is_retained_and_measured_from_the_start();
    a_realloc_changes_live_bytes_by_new_minus_old();
    threads_allocating_and_freeing_leave_live_bytes_at_the_baseline();
    reallocs_and_frees_on_other_threads_balance_exactly();
    a_rayon_workers_allocations_are_counted();
}
