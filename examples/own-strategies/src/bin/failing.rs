//! `FAIL=panic cargo run -p own-strategies --bin failing`: what a run does when a
//! strategy fails in its worker process. `FAIL` is `panic`, `abort`, `exit` (code 7),
//! `error`, `wrong` (a wrong answer), `first` (a wrong answer on its first call only),
//! `oom` (an allocation that fails), `hang` (a call that never returns, after its
//! first) or `print` (prints on standard output, and succeeds).
//! The run ends with one line naming the strategy. `NAME` and `TITLE`, when set, name the
//! failing strategy and the comparison.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};

use sumbench::{Comparison, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn sum(n: u64) -> u64 {
    (0..n).map(black_box).sum()
}

/// Whether the strategy was called before, in this process.
static CALLED: AtomicBool = AtomicBool::new(false);

fn main() -> std::process::ExitCode {
    let how = std::env::var("FAIL").unwrap_or_default();
    let n = 10_000u64;
    let name = std::env::var("NAME").unwrap_or_else(|_| "failing".to_owned());
    let title = std::env::var("TITLE").unwrap_or_else(|_| "failing".to_owned());
    Comparison::new(title, &n)
        .reference(|&n| sum(n))
        .strategy("fine", |&n| sum(n))
        .try_strategy(name, move |&n| match how.as_str() {
            "panic" => panic!("the strategy gave up"),
            "abort" => std::process::abort(),
            "exit" => std::process::exit(7),
            "error" => anyhow::bail!("the strategy could not answer"),
            "wrong" => Ok(sum(n) + 1),
            "first" => Ok(sum(n) + u64::from(!CALLED.swap(true, Ordering::Relaxed))),
            "hang" if CALLED.swap(true, Ordering::Relaxed) => loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            },
            "oom" => Ok(black_box(vec![1u8; 30 << 30]).len() as u64),
            "print" => {
                println!("a strategy's own output");
                Ok(sum(n))
            }
            _ => Ok(sum(n)),
        })
        .main()
}
