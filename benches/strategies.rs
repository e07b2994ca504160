//! `cargo bench`: every registered strategy under criterion — the seed's case, the scaling
//! sweep, the chunk-size sweep and the allocator-overhead group — then a memory pass over
//! the same points and the report in `reports/`.
//!
//! - `cargo bench -- <filter>` times only matching points (criterion's filter); the report
//!   then uses the latest estimates criterion has for the others.
//! - `cargo bench -- --save-baseline NAME` / `--baseline NAME` compare runs (criterion).
//! - `SUMBENCH_MAX_N=1000000000 cargo bench` extends the scaling sweep to 10^9 elements;
//!   points whose buffer would not fit in memory are skipped and listed.

mod common;

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
