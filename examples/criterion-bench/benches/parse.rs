//! Parsing `key=value` lines three ways, written as criterion benches are written: a
//! group per question, `bench_with_input` over sizes, `iter_batched` for an input the
//! routine consumes, and a plain `bench_function`.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn lines(n: usize) -> String {
    (0..n).map(|i| format!("key{i}=value{i}\n")).collect()
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for n in [1_000usize, 10_000] {
        let text = lines(n);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("borrowed", n), &text, |b, text| {
            b.iter(|| {
                text.lines()
                    .filter_map(|line| line.split_once('='))
                    .collect::<Vec<(&str, &str)>>()
            })
        });
        group.bench_with_input(BenchmarkId::new("owned_map", n), &text, |b, text| {
            b.iter(|| {
                text.lines()
                    .filter_map(|line| line.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect::<HashMap<String, String>>()
            })
        });
    }
    group.finish();
}

fn sort(c: &mut Criterion) {
    let mut group = c.benchmark_group("sort");
    group.sample_size(20);
    let numbers: Vec<u64> = (0..10_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    group.bench_function("sort_unstable", |b| {
        b.iter_batched(
            || numbers.clone(),
            |mut v| {
                v.sort_unstable();
                v
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("sort", |b| {
        b.iter_batched_ref(|| numbers.clone(), |v| v.sort(), BatchSize::SmallInput)
    });
    group.finish();
}

fn sum(c: &mut Criterion) {
    c.bench_function("sum_to_1000", |b| {
        b.iter(|| (0..black_box(1000u64)).sum::<u64>())
    });
}

criterion_group!(benches, parse, sort);
criterion_group! {
    name = small;
    config = Criterion::default().sample_size(10);
    targets = sum
}
criterion_main!(benches, small);
