//! `cargo run --release -p own-strategies --bin loops`: a loop against the same loop over
//! 1 % more elements, and against itself: what sumbench resolves at one call length.
//! `LOOP_N` sets the elements of the original loop (3,000 by default: about 3 µs here).

use std::hint::black_box;

use sumbench::{Comparison, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// Adds `0..n`, every element through `black_box`, so that the loop runs in full. Never
/// inlined: every strategy then runs this one machine code, and only `n` differs, rather
/// than copies that the compiler lays out and unrolls each its own way.
#[inline(never)]
fn add_up(n: u64) {
    let mut total = 0u64;
    for i in 0..n {
        total = total.wrapping_add(black_box(i));
    }
    black_box(total);
}

fn main() -> std::process::ExitCode {
    let n = match own_strategies::count_from_env("LOOP_N", 3_000) {
        Ok(n) => n,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    Comparison::new("loops", &n)
        .elements(n)
        .expect(())
        .strategy("original", |&n| add_up(n))
        .strategy("one_percent_more", |&n| add_up(n + n / 100))
        .strategy("original_again", |&n| add_up(n))
        .main()
}
