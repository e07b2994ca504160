//! `cargo bench -p own-strategies`: criterion times the three strategies, then sumbench
//! adds their exact memory and writes the same report as `cargo run`.

use criterion::{Criterion, criterion_group, criterion_main};
use own_strategies::{btree_set, hash_set, sort_dedup, text};
use sumbench::{Comparison, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn words(criterion: &mut Criterion) {
    let text = text(300_000, 30_000);
    Comparison::new("distinct words", text.as_str())
        .elements(300_000)
        .reference(sort_dedup)
        .strategy("sort_dedup", sort_dedup)
        .strategy("hash_set", hash_set)
        .strategy("btree_set", btree_set)
        .bench(criterion);
}

criterion_group!(benches, words);
criterion_main!(benches);
