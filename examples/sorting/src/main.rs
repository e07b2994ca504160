//! `cargo run --release -p sorting`: three in-place sorts of random `u64`s at four sizes.
//! Each call sorts a fresh copy of the input, made outside the time and memory figures, so
//! `sort_unstable` shows 0 B of heap; the sweep fits how time and heap grow with n and
//! says where the fastest changes.

use sumbench::{CountingAlloc, Sweep};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// `n` random numbers, the same every run (xorshift).
fn random(n: u64) -> Vec<u64> {
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

/// A hash of the list in order: equal for two lists only if they are sorted alike.
fn checksum(v: &[u64]) -> u64 {
    v.iter()
        .fold(0, |hash: u64, &x| hash.wrapping_mul(0x100_0000_01b3) ^ x)
}

/// Least-significant-digit radix sort, a byte at a time, through one scratch buffer.
fn radix_sort(v: &mut Vec<u64>) {
    let mut scratch = vec![0u64; v.len()];
    for shift in (0..64).step_by(8) {
        let mut counts = [0usize; 257];
        for &x in v.iter() {
            counts[((x >> shift) & 0xff) as usize + 1] += 1;
        }
        for i in 1..257 {
            counts[i] += counts[i - 1];
        }
        for &x in v.iter() {
            let digit = ((x >> shift) & 0xff) as usize;
            scratch[counts[digit]] = x;
            counts[digit] += 1;
        }
        std::mem::swap(v, &mut scratch);
    }
}

fn main() -> std::process::ExitCode {
    let sorted = |v: &Vec<u64>| {
        let mut sorted = v.clone();
        sorted.sort_unstable();
        checksum(&sorted)
    };
    Sweep::new(
        "sorting random u64s",
        [1_000, 10_000, 100_000, 1_000_000],
        random,
    )
    .elements()
    .reference(sorted)
    .strategy_mut("sort", |v| v.sort(), |v| checksum(v))
    .strategy_mut("sort_unstable", |v| v.sort_unstable(), |v| checksum(v))
    .strategy_mut("radix_sort", radix_sort, |v| checksum(v))
    .main()
}
