//! What the counting allocator costs with counting off, measured in this process against
//! the system allocator. Separate because it is a measurement of the allocator, which the
//! report shows, not part of counting.

use std::alloc::{GlobalAlloc, Layout, System};

use super::{CountingAlloc, uncounted};

/// What one allocation and its free cost through [`CountingAlloc`] with counting off,
/// over the system allocator, measured in this process: the median and interval, in ns,
/// of the per-pair difference over interleaved batches.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UncountedOverhead {
    /// Median extra ns per allocation and free (negative: within noise below zero).
    pub ns: f64,
    /// Its distribution-free interval.
    pub interval: crate::stats::Interval,
}

/// Measures [`UncountedOverhead`]: `rounds` rounds, each timing `batch` pairs of a 64 B
/// allocation and its free through `System` and as many through [`CountingAlloc`] with
/// counting off, in an order that alternates, paired round by round.
pub fn uncounted_overhead(rounds: usize, batch: u32) -> UncountedOverhead {
    let layout = Layout::from_size_align(64, 8).expect("a valid layout");
    let time = |allocator: &dyn GlobalAlloc| {
        let start = std::time::Instant::now();
        for _ in 0..batch {
            // SAFETY: a non-zero-sized layout; the block is freed by the allocator that made
            // it, with the same layout.
            unsafe {
                let block = allocator.alloc(layout);
                assert!(!block.is_null(), "out of memory");
                allocator.dealloc(std::hint::black_box(block), layout);
            }
        }
        start.elapsed().as_nanos() as f64
    };
    let mut differences = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (system, counting_off) = uncounted(|| {
            if round % 2 == 0 {
                let system = time(&System);
                (system, time(&CountingAlloc))
            } else {
                let counting_off = time(&CountingAlloc);
                (time(&System), counting_off)
            }
        });
        differences.push((counting_off - system) / f64::from(batch.max(1)));
    }
    let (ns, interval) = crate::stats::median_interval(&differences).unwrap_or((
        0.0,
        crate::stats::Interval {
            low: 0.0,
            high: 0.0,
            coverage: 0.0,
        },
    ));
    UncountedOverhead { ns, interval }
}
