//! `cargo bench`: every registered strategy under criterion, timed with allocation
//! counting off — the range workload's seed case, scaling sweep and chunk-size sweep, after
//! the cost of one allocation through each allocator and of parsing one line with each
//! candidate parser; then the file workload's seed case, line sweep and read-buffer sweep
//! on generated files, and its reference timings (`file-reference`) — then the paired pass (the seed points again in interleaved rounds:
//! which is faster or tied, and what counting costs), a memory pass over every point, and
//! the report in `reports/`, with every point's figures in Bencher Metric Format
//! (`reports/bench.bmf.json`).
//!
//! - `cargo bench -- <filter>` times only matching points (criterion's filter); the report
//!   then uses the latest estimates criterion has for the others.
//! - `cargo bench -- --save-baseline NAME` / `--baseline NAME` compare runs (criterion).
//! - `SUMBENCH_MAX_N=1000000000 cargo bench` extends the scaling sweep to 10^9 elements;
//!   points whose buffer would not fit in memory are skipped and listed.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use stats_alloc::StatsAlloc;
use sumbench::measure::alloc::CountingAlloc;
use sumbench::measure::os;
use sumbench_app::report::memory_baseline::{self, BenchBaselines};
use sumbench_app::report::{self, MemoryPass};
use sumbench_app::suite;
use sumbench_app::suite::CostThreads;
use sumbench_app::suite::paired::{PAIRED_FILE, PairedPass};
use sumbench_app::workloads::file::reference;
use sumbench_app::workloads::parse;
use sumbench_page::fileset::write_atomic;

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn main() {
    // A worker process of the paired pass serves its strategy before anything else, and
    // ends there; it returns only when it cannot rebuild its run, having said why.
    if sumbench_app::workloads::contenders::serve_if_worker().is_some() {
        std::process::exit(3);
    }
    let max_n = max_n();
    let available = os::available_memory_bytes();
    let points = suite::counting_points(max_n);
    for file in points.iter().filter_map(|p| p.params.file.as_deref()) {
        if let Err(error) = file.write_if_stale() {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }

    let mut criterion = common::criterion();
    allocator_cost(&mut criterion);
    parsers(&mut criterion);
    common::bench(&mut criterion, &points, available);
    file_references(&mut criterion, &points);
    criterion.final_summary();
    if sumbench::app::only_checking() {
        return;
    }
    if let Err(error) = memory_pass_and_report(&points, max_n, available) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

/// One allocation and its free through a given allocator.
fn pair<A: GlobalAlloc>(allocator: &A, layout: Layout) {
    // SAFETY: the layout has a non-zero size; the block is freed with the same layout by
    // the allocator that made it.
    unsafe {
        let block = allocator.alloc(layout);
        assert!(!block.is_null(), "out of memory");
        allocator.dealloc(black_box(block), layout);
    }
}

/// `iters` pairs on each of `threads` threads started together; the slowest thread's time,
/// so that criterion's time per iteration is what one pair costs while all of them run.
fn pairs_on_threads<A: GlobalAlloc + Sync>(
    allocator: &A,
    layout: Layout,
    threads: usize,
    iters: u64,
) -> Duration {
    let barrier = Barrier::new(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    let start = Instant::now();
                    for _ in 0..iters {
                        pair(allocator, layout);
                    }
                    start.elapsed()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a worker panicked"))
            .max()
            .unwrap_or_default()
    })
}

/// One allocation and its free through each allocator of [`suite::COST_ALLOCATORS`], each
/// called directly, on one thread and on every core at once: their differences are what
/// counting adds per allocation.
fn allocator_cost(criterion: &mut Criterion) {
    /// stats_alloc alone, with counters of its own.
    static STATS_ONLY: StatsAlloc<System> = StatsAlloc::system();
    let layout = Layout::from_size_align(suite::ALLOCATOR_COST_BYTES, 8).expect("a valid layout");
    let mut group = criterion.benchmark_group(suite::ALLOCATOR_COST_GROUP);
    group
        .sample_size(30)
        .measurement_time(Duration::from_millis(1_000));
    for threads in CostThreads::ALL {
        let count = threads.count();
        let mut bench = |name: &str, run: &dyn Fn(u64) -> Duration| {
            group.bench_function(BenchmarkId::new(name, threads.label()), |bencher| {
                bencher.iter_custom(run)
            });
        };
        bench("system", &|iters| {
            pairs_on_threads(&System, layout, count, iters)
        });
        bench("stats_alloc", &|iters| {
            pairs_on_threads(&STATS_ONLY, layout, count, iters)
        });
        bench("counting", &|iters| {
            pairs_on_threads(&CountingAlloc, layout, count, iters)
        });
        // Switched off, as for every timed call: one relaxed load over the system's price.
        bench("counting_off", &|iters| {
            sumbench::measure::alloc::uncounted(|| {
                pairs_on_threads(&CountingAlloc, layout, count, iters)
            })
        });
        // dhat-rs records a block only while a profiler runs; testing mode writes no file.
        let profiler = dhat::Profiler::builder().testing().build();
        bench("dhat", &|iters| {
            pairs_on_threads(&dhat::Alloc, layout, count, iters)
        });
        drop(profiler);
    }
    group.finish();
}

/// The parser candidates of the file workload on the same in-memory text of 10^6 lines
/// (no blank lines, every line ended): `swar`, the blocks of 64 bytes with their newlines
/// found at once and each short line read as one word (what [`parse`] uses), against
/// `fused`, the previous one pass byte by byte, and against `memchr` to find each newline
/// and then either `atoi` (`FromRadix10Checked` on the bytes) or `std` (`str::from_utf8`,
/// a digit check, and `str::parse::<u64>`). Throughput is the text's bytes per second.
fn parsers(criterion: &mut Criterion) {
    let text: String = (0..parse::BENCH_LINES).map(|i| format!("{i}\n")).collect();
    let text = text.as_bytes();
    let mut group = criterion.benchmark_group(parse::BENCH_GROUP);
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.bench_function("swar", |bencher| {
        bencher.iter(|| parse::sum_text("bench", black_box(text)).expect("valid text"))
    });
    group.bench_function("fused", |bencher| {
        bencher.iter(|| parse::sum_text_bytewise("bench", black_box(text)).expect("valid text"))
    });
    let per_line = |parse_one: fn(&[u8]) -> Option<u64>| {
        move || {
            let text = black_box(text);
            let mut sum = 0u64;
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', text) {
                let value = parse_one(&text[start..end]).expect("valid text");
                sum = sum.checked_add(value).expect("no overflow");
                start = end + 1;
            }
            sum
        }
    };
    group.bench_function("atoi", |bencher| {
        bencher.iter(per_line(|line| parse::parse_line_atoi(line).ok().flatten()))
    });
    group.bench_function("std", |bencher| {
        bencher.iter(per_line(|line| {
            std::str::from_utf8(line)
                .ok()
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse().ok())
        }))
    });
    group.finish();
}

/// The file workload's reference timings on the seed file (see [`reference`]): the read
/// copy and the mapping's faults without a parse, the mapping populated or advised before
/// the parse, and `wc -l` as a whole process, in the same run as the strategies so that
/// the report can set them side by side. Flat sampling, like the file strategies.
fn file_references(criterion: &mut Criterion, points: &[suite::Point]) {
    let Some(file) = points
        .iter()
        .find(|p| p.group == suite::Group::FileSeed)
        .and_then(|p| p.params.file.as_deref())
    else {
        return;
    };
    let mut group = criterion.benchmark_group(reference::GROUP);
    group.sampling_mode(criterion::SamplingMode::Flat);
    group.throughput(criterion::Throughput::Bytes(file.bytes));
    for probe in reference::PROBES {
        group.bench_with_input(
            BenchmarkId::new(probe.name, file.values),
            file,
            |bencher, file| {
                bencher.iter(|| {
                    sumbench::measure::alloc::uncounted(|| (probe.run)(file))
                        .unwrap_or_else(|e| panic!("{}: {e}", probe.name))
                })
            },
        );
    }
    group.finish();
}

/// The scaling sweep's largest size from the environment, or exit 2 with one line.
fn max_n() -> u64 {
    suite::max_n_from_env().unwrap_or_else(|message| {
        eprintln!("error: {message}");
        std::process::exit(2);
    })
}

fn memory_pass_and_report(
    points: &[suite::Point],
    max_n: u64,
    available: Option<u64>,
) -> anyhow::Result<()> {
    let target = sumbench_page::fileset::target_dir();
    let calls = PairedPass::calls(points);
    println!(
        "\nPaired pass: the seed points again in interleaved rounds ({calls} calls), for which \
         is faster or tied and what counting costs:"
    );
    let mut done = 0u64;
    let paired = PairedPass::measure(points, sumbench::measure::fresh_seed(), &mut || {
        done += 1;
        if done % 100 == 0 || done == calls {
            println!("  {done}/{calls} calls");
        }
    })?;
    for group in &paired.groups {
        if let Some(noise) = &group.noise {
            println!(
                "  {} {}: {}",
                group.group.workload(),
                group.mode,
                noise.sentence()
            );
        }
    }
    std::fs::create_dir_all(target.join("sumbench"))?;
    write_atomic(
        &target.join(PAIRED_FILE),
        (serde_json::to_string_pretty(&paired)? + "\n").as_bytes(),
    )?;
    println!("\nMemory of every point (one measured call after a warm-up):");
    let pass = MemoryPass::measure(points, max_n, available)?;
    println!("{}", pass.table());
    let memory_path = target.join(report::MEMORY_FILE);
    std::fs::create_dir_all(memory_path.parent().expect("the memory file has a folder"))?;
    write_atomic(
        &memory_path,
        serde_json::to_string_pretty(&pass)?.as_bytes(),
    )?;
    // Memory baselines follow criterion's arguments: compared first, then saved.
    let baselines = BenchBaselines::from_args(std::env::args());
    let reports = std::path::Path::new("reports");
    let report = report::generate(&target, reports, Some(&baselines.compare))?;
    if let Some(comparison) = &report.memory_baseline {
        for note in comparison.notes() {
            println!("{note}");
        }
        println!(
            "Memory against baseline {}: {}",
            comparison.baseline,
            comparison.summary()
        );
        for row in comparison.changed_rows() {
            println!("  {}", row.join("  "));
        }
    }
    if let Some(name) = &baselines.save {
        let path = memory_baseline::save(&pass, &target, name)?;
        println!("Memory baseline {name}: {}", path.display());
    }
    for warning in &report.warnings {
        println!("warning: {warning}");
    }
    println!(
        "Report: {} (memory figures: {}; for a benchmark tracker: {})",
        reports.join("index.html").display(),
        memory_path.display(),
        reports.join(report::BMF_FILE).display()
    );
    Ok(())
}
