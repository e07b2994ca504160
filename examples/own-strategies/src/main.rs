//! `cargo run --release -p own-strategies`: the three strategies side by side, in time and
//! memory, with sumbench's verdict, report and memory gate.

use own_strategies::{btree_set, hash_set, sort_dedup, text};
use sumbench::{Comparison, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn main() -> std::process::ExitCode {
    let text = text(300_000, 30_000);
    Comparison::new("distinct words", text.as_str())
        .elements(300_000)
        .input_bytes(text.len() as u64)
        .reference(sort_dedup)
        .strategy("sort_dedup", sort_dedup)
        .strategy("hash_set", hash_set)
        .strategy("btree_set", btree_set)
        .main()
}
