//! criterion's settings and the loop that benches a plan.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use sumbench_app::report::skip_reason;
use sumbench_app::suite::{self, Point};

/// criterion tuned so that a full `cargo bench` takes about two minutes on two cores: ten
/// samples per point, each of whole calls (flat sampling: the slowest calls take ~50 ms,
/// so criterion's linear ramp of iteration counts would take far longer).
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_millis(400))
        .nresamples(10_000)
        .configure_from_args()
}

/// Benches every point of `points`, one criterion group per [`Point::criterion_group`], in
/// plan order. Points whose heap bound exceeds `available` are skipped, with a line saying so.
pub fn bench(criterion: &mut Criterion, points: &[Point], available: Option<u64>) {
    let mut start = 0;
    while start < points.len() {
        let name = points[start].criterion_group();
        let end = start
            + points[start..]
                .iter()
                .take_while(|p| p.criterion_group() == name)
                .count();
        let mut group = criterion.benchmark_group(&name);
        group.sampling_mode(SamplingMode::Flat);
        for point in &points[start..end] {
            if point.seed_twin().is_some() {
                // The same call as a seed point, timed there; the report uses that estimate.
                continue;
            }
            if !suite::fits(point, available) {
                eprintln!(
                    "skipping {}: {}",
                    point.key(),
                    skip_reason(point, available)
                );
                continue;
            }
            group.throughput(match &point.params.file {
                Some(file) => Throughput::Bytes(file.bytes),
                None => Throughput::Elements(point.params.n),
            });
            group.bench_with_input(
                BenchmarkId::new(point.strategy.name(), point.criterion_parameter()),
                point,
                |bencher, point| {
                    // Timed with allocation counting off: counting is for the memory pass.
                    bencher.iter_custom(|iterations| {
                        sumbench::measure::alloc::uncounted(|| {
                            let start = Instant::now();
                            for _ in 0..iterations {
                                black_box(
                                    point
                                        .strategy
                                        .run(&point.params, point.mode)
                                        .expect("a generated file sums"),
                                );
                            }
                            start.elapsed()
                        })
                    })
                },
            );
        }
        group.finish();
        start = end;
    }
}
