//! `cargo bench`: every registered strategy under criterion — the seed's case, the scaling
//! sweep, the chunk-size sweep and the allocator-overhead group, after the cost of one
//! allocation through each allocator — then a memory pass over the same points and the
//! report in `reports/`.
//!
//! - `cargo bench -- <filter>` times only matching points (criterion's filter); the report
//!   then uses the latest estimates criterion has for the others.
//! - `cargo bench -- --save-baseline NAME` / `--baseline NAME` compare runs (criterion).
//! - `SUMBENCH_MAX_N=1000000000 cargo bench` extends the scaling sweep to 10^9 elements;
//!   points whose buffer would not fit in memory are skipped and listed.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;

use criterion::Criterion;
use sumbench::alloc::CountingAlloc;
use sumbench::export::write_atomic;
use sumbench::report::{self, MemoryPass};
use sumbench::{os, suite};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn main() {
    let max_n = max_n();
    let available = os::available_memory_bytes();
    let points = suite::counting_points(max_n);

    let mut criterion = common::criterion();
    allocator_cost(&mut criterion);
    common::bench(&mut criterion, &points, available);
    criterion.final_summary();
    if only_checking() {
        return;
    }
    if let Err(error) = memory_pass_and_report(&points, max_n, available) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

/// One allocation and its free, through the system allocator and through the counting
/// allocator, each called directly: their difference is what counting adds per allocation.
fn allocator_cost(criterion: &mut Criterion) {
    fn pair<A: GlobalAlloc>(allocator: &A, layout: Layout) {
        // SAFETY: the layout has a non-zero size; the block is freed with the same layout
        // by the allocator that made it.
        unsafe {
            let block = allocator.alloc(layout);
            assert!(!block.is_null(), "out of memory");
            allocator.dealloc(black_box(block), layout);
        }
    }
    let layout = Layout::from_size_align(suite::ALLOCATOR_COST_BYTES, 8).expect("a valid layout");
    let mut group = criterion.benchmark_group(suite::ALLOCATOR_COST_GROUP);
    group
        .sample_size(30)
        .measurement_time(std::time::Duration::from_millis(1_000));
    group.bench_function("system", |bencher| bencher.iter(|| pair(&System, layout)));
    group.bench_function("counting", |bencher| {
        bencher.iter(|| pair(&CountingAlloc, layout))
    });
    group.finish();
}

/// Whether criterion was asked only to check or list the benches (`--test`, `--list`), or
/// to profile them: then no memory pass and no report is written.
fn only_checking() -> bool {
    std::env::args().any(|arg| matches!(arg.as_str(), "--test" | "--list" | "--profile-time"))
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
    println!("\nMemory of every point (one measured call after a warm-up):");
    let pass = MemoryPass::measure(points, max_n, available)?;
    println!("{}", pass.table());
    let target = report::target_dir();
    let memory_path = target.join(report::MEMORY_FILE);
    std::fs::create_dir_all(memory_path.parent().expect("the memory file has a folder"))?;
    write_atomic(
        &memory_path,
        serde_json::to_string_pretty(&pass)?.as_bytes(),
    )?;
    let reports = std::path::Path::new("reports");
    let report = report::generate(&target, reports)?;
    for warning in &report.warnings {
        println!("warning: {warning}");
    }
    println!(
        "Report: {} (memory figures: {})",
        reports.join("index.html").display(),
        memory_path.display()
    );
    Ok(())
}
