//! `cargo bench -p own-strategies --bench key_values`: criterion's time of three
//! `key=value` parsers over 200,000 lines beside sumbench's, each in its own process,
//! with the exact memory. Criterion calls each parser back to back in one process, where
//! glibc gives the freed heap back between calls; sumbench reports the heap each parser
//! keeps, and compares it with a trimmed one (`trimmed_heap_ratio`).

use criterion::{Criterion, criterion_group, criterion_main};
use own_strategies::key_values::{borrowed, hash_map, text, vec_owned};
use sumbench::{Comparison, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn key_values(criterion: &mut Criterion) {
    let text = text(200_000);
    Comparison::new("key-value parsing", text.as_str())
        .elements(200_000)
        .input_bytes(text.len() as u64)
        .reference(borrowed)
        .strategy("vec_owned", vec_owned)
        .strategy("hash_map", hash_map)
        .strategy("borrowed", borrowed)
        .bench(criterion);
}

criterion_group!(benches, key_values);
criterion_main!(benches);
